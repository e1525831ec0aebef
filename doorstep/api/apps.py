from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "doorstep.api"
    label = "api"
    verbose_name = "Read API"
