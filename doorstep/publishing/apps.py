from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "doorstep.publishing"
    label = "publishing"
    verbose_name = "Publishing"
