from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "doorstep.benchmarks"
    label = "benchmarks"
    verbose_name = "Benchmarks"
