from django.apps import AppConfig


class StockConfig(AppConfig):
    name = "doorstep.stock"
    label = "stock"
    verbose_name = "Stock, buildings and safety"
