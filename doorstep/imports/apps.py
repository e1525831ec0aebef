from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "doorstep.imports"
    label = "imports"
    verbose_name = "Imports"
