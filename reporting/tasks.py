"""The reporting jobs run by Celery."""

from celery import shared_task
from django.utils import timezone

from reporting import dashboard


@shared_task(name="reporting.count_dashboard_day")
def count_dashboard_day() -> None:
    """The day's dashboard figures counted just after midnight (beat), before anyone opens the dashboard."""
    dashboard.count_the_day(timezone.localdate())
