from django.shortcuts import render
from django.utils import timezone

from accounts.decorators import allowed_if
from accounts.permissions import manages_directives, sees_dashboard
from notifications.models import Escalation
from notifications.services import undeliverable_addresses
from reporting import dashboard as dashboard_data

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
