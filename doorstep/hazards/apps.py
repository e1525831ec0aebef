from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "doorstep.hazards"
    label = "hazards"
    verbose_name = "Hazards (Awaab's Law)"
