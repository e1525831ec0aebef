from django.apps import AppConfig


class PanelConfig(AppConfig):
    name = "doorstep.panel"
    verbose_name = "Scrutiny panel"
