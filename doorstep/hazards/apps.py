from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "doorstep.hazards"
    label = "hazards"
    verbose_name = "Hazards (Awaab's Law)"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from doorstep.core.signals import records_arrived
        from doorstep.hazards.services import repairs_changed
        from doorstep.repairs.models import Repair

        records_arrived.connect(_repairs_arrived, dispatch_uid="hazards-read-new-repairs")
        for signal in (post_save, post_delete):
            signal.connect(repairs_changed, sender=Repair,
                           dispatch_uid=f"hazards-repairs-changed-{signal is post_save}")


def _repairs_arrived(sender, *, dataset: str, **kwargs):
    if dataset == "repairs":
        from doorstep.hazards.services import check_repairs_in_background

        check_repairs_in_background()
