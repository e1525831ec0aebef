from django.apps import AppConfig


class AsbConfig(AppConfig):
    name = "doorstep.asb"
    label = "asb"
    verbose_name = "Anti-social behaviour"
