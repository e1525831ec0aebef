from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "doorstep.fieldwork"
    label = "fieldwork"
    verbose_name = "Survey fieldwork (staff entry, SMS, paper)"
