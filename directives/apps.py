from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "directives"
    verbose_name = _("Notices and tasks")

    def ready(self):
        from directives import signals

        signals.connect()
