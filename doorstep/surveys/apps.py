from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "doorstep.surveys"
    label = "surveys"
    verbose_name = "Resident surveys"
