from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "workdays"
    verbose_name = _("Working-day calendar")

    def ready(self) -> None:
        from workdays import calendar, current

        current.connect()
        calendar.supply_current_calendar(current.current_calendar)
