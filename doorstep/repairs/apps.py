from django.apps import AppConfig


class RepairsConfig(AppConfig):
    name = "doorstep.repairs"
    label = "repairs"
    verbose_name = "Repairs"
