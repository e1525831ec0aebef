from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    name = "doorstep.scrutiny"
    verbose_name = "Tenant scrutiny"
