from django.apps import AppConfig


class ResidentConfig(AppConfig):
    name = "doorstep.resident"
    label = "resident"
    verbose_name = "Residents' online survey"
