from django.apps import AppConfig


class LoadToolsConfig(AppConfig):
    """Tooling, not the product: a synthetic province for load, and the benchmark that measures it."""

    name = "loadtools"
    verbose_name = "Load tools"
