from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "doorstep.measures"
    label = "measures"
    verbose_name = "Tenant Satisfaction Measures"

    def ready(self):
        from doorstep.measures import signals

        signals.connect()
