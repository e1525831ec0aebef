from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "doorstep.measures"
    label = "measures"
    verbose_name = "Tenant Satisfaction Measures"
