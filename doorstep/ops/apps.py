from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "doorstep.ops"
    label = "ops"
    verbose_name = "Running Doorstep (server, background jobs, backups)"
