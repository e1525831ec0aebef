from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "doorstep.actions"
    label = "actions"
    verbose_name = "Improvement actions"
