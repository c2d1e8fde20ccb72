from django.contrib import admin, messages
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from workdays.models import CalendarException


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin):
    """Days off and make-up working days the office enters as the government announces them."""

    list_display = ["day", "weekday", "kind", "reason", "legal_basis", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["reason", "legal_basis"]
    date_hierarchy = "day"
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description=_("weekday"))
    def weekday(self, obj):
        return WEEKDAYS[obj.day.weekday()]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._point_to_affected_tasks(request, obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._point_to_affected_tasks(request, obj)

    def _point_to_affected_tasks(self, request, obj):
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
