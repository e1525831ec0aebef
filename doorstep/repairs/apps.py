from django.apps import AppConfig


class RepairsConfig(AppConfig):
    name = "doorstep.repairs"
    label = "repairs"
    verbose_name = "Repairs"

    def ready(self):
        from doorstep.repairs import signals  # noqa: F401  (connects the receivers)
