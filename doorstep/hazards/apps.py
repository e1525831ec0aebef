from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "doorstep.hazards"
    label = "hazards"
    verbose_name = "Hazards (Awaab's Law)"

    def ready(self):
        from doorstep.core.signals import records_arrived

        records_arrived.connect(_repairs_arrived, dispatch_uid="hazards-read-new-repairs")


def _repairs_arrived(sender, *, dataset: str, **kwargs):
    if dataset == "repairs":
        from doorstep.hazards.services import check_repairs_in_background

        check_repairs_in_background()
