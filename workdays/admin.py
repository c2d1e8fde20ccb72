from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from workdays.models import CalendarException

if TYPE_CHECKING:
    from django.forms import ModelForm
    from django.http import HttpRequest
    from django_stubs_ext import StrPromise

    # ModelAdmin is generic only in the stubs (no django_stubs_ext.monkeypatch() at run time).
    _CalendarExceptionModelAdmin = admin.ModelAdmin[CalendarException]
else:
    _CalendarExceptionModelAdmin = admin.ModelAdmin


@admin.register(CalendarException)
class CalendarExceptionAdmin(_CalendarExceptionModelAdmin):
    """Days off and make-up working days the office enters as the government announces them."""

    list_display = ["day", "weekday", "kind", "reason", "legal_basis", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["reason", "legal_basis"]
    date_hierarchy = "day"
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarException) -> StrPromise:
        return WEEKDAYS[obj.day.weekday()]

    def save_model(
        self, request: HttpRequest, obj: CalendarException, form: ModelForm[CalendarException], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        self._point_to_affected_tasks(request, obj)

    def delete_model(self, request: HttpRequest, obj: CalendarException) -> None:
        super().delete_model(request, obj)
        self._point_to_affected_tasks(request, obj)

    def _point_to_affected_tasks(self, request: HttpRequest, obj: CalendarException) -> None:
        """Stored deadlines are not moved: tell the office where to see the open tasks the change touches."""
        try:
            url = reverse("reporting:workday_calendar", args=[obj.day.year])
        except NoReverseMatch:  # the page lives in a higher app; the admin does not depend on it
            return
        messages.info(
            request,
            format_html(
                '{} <a href="{}#affected">{}</a>',
                _("Deadlines already stored are not moved."),
                url,
                _("See the open tasks this change may affect."),
            ),
        )


WEEKDAYS = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]
