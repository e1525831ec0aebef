from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "doorstep.complaints"
    label = "complaints"
    verbose_name = "Complaints"
