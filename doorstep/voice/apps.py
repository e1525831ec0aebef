from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "doorstep.voice"
    label = "voice"
    verbose_name = "Residents' voice: comments and themes"
