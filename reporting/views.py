from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import allowed_if
from accounts.permissions import manages_directives, sees_dashboard, signed_in
from directives.models import Assignment
from notifications.models import Escalation
from notifications.services import undeliverable_addresses
from reporting import dashboard as dashboard_data
from reporting import workday_calendar as calendar_data

UNDELIVERABLE_SHOWN = 10


@allowed_if(sees_dashboard)
def dashboard(request):
    period = dashboard_data.PeriodForm(request.GET or None)
    all_agencies = request.GET.get("agencies") == "all"
    context = dashboard_data.build(
        period.date_range(),
        timezone.localdate(),
        agencies_shown=None if all_agencies else dashboard_data.AGENCIES_SHOWN,
    )
    escalations = Escalation.objects.queue()[: dashboard_data.ESCALATIONS_SHOWN]
    # Addresses mail cannot reach, for the office to correct (it edits users and agencies).
    undeliverable = undeliverable_addresses(UNDELIVERABLE_SHOWN) if manages_directives(request.user) else None
    return render(
        request,
        "reporting/dashboard.html",
        {"period": period, "escalations": escalations, "undeliverable": undeliverable, **context},
    )


@allowed_if(signed_in)
def workday_calendar(request, year=None):
    """The year's working days: every day off and make-up day, and the open tasks a change touches."""
    year = timezone.localdate().year if year is None else year
    if not calendar_data.FIRST_YEAR <= year <= calendar_data.LAST_YEAR:
        raise Http404(_("The calendar is kept for the years 1901 to 2100."))
    context = calendar_data.year_calendar(year)
    changes = calendar_data.changes_with_affected_parts(year, Assignment.objects.visible_to(request.user))
    return render(
        request,
        "reporting/workday_calendar.html",
        {
            "year": year,
            "changes": changes,
            "kind_labels": calendar_data.kind_labels(),
            "may_edit": manages_directives(request.user),
            "weekday_initials": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
            **context,
        },
    )
