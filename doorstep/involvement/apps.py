from django.apps import AppConfig


class InvolvementConfig(AppConfig):
    name = "doorstep.involvement"
    verbose_name = "Resident involvement"
