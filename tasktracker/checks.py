"""Deployment checks of our own, run by `manage.py check --deploy` next to Django's."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def cache_is_shared(app_configs, **kwargs):
    """Throttles and the dashboard's figures count across processes only in a shared cache."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "The default cache belongs to each process: API throttles and the dashboard's "
                "figures would be kept per gunicorn worker.",
                hint="Set CACHE_URL=redis://… (docker-compose.yml sets it).",
                id="tasktracker.W001",
            )
        ]
    return []
