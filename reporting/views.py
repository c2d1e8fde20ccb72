from django.shortcuts import render
from django.utils import timezone

from accounts.decorators import allowed_if
from accounts.permissions import sees_dashboard
from notifications.models import Escalation
from reporting import dashboard as dashboard_data


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
    return render(
        request, "reporting/dashboard.html", {"period": period, "escalations": escalations, **context}
    )
