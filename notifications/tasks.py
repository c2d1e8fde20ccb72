"""Periodic jobs queued by Celery beat (one beat process only). Thin: each calls one service.

Nothing is scheduled ahead with an ETA: each run asks the database what is due now, and the outbox's
unique keys make a duplicated or redelivered run harmless.
"""

from datetime import date

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from notifications import services
from notifications.exceptions import MailServerUnavailable


def _day(as_of: str | None) -> date:
    return date.fromisoformat(as_of) if as_of else timezone.localdate()


@shared_task(name="notifications.sweep", acks_late=True, soft_time_limit=14 * 60, time_limit=15 * 60)
def sweep(as_of: str | None = None) -> int:
    """Write the reminders and escalations due today (or on `as_of`) to the outbox; returns how many."""
    return services.run_sweep(_day(as_of)).written


@shared_task(
    name="notifications.send_outbox",
    acks_late=True,
    autoretry_for=(MailServerUnavailable,),
    retry_backoff=30,
    retry_backoff_max=10 * 60,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=settings.NOTIFICATIONS_SEND_TIME_LIMIT - 30,
    time_limit=settings.NOTIFICATIONS_SEND_TIME_LIMIT,
)
def send_outbox() -> dict:
    """Send the outbox's due messages within the task's time limit; an unreachable mail server is retried
    with backoff."""
    report = services.send_due_messages()
    return {
        "sent": report.sent,
        "retrying": report.retrying,
        "failed": report.failed,
        "out_of_time": report.out_of_time,
    }


@shared_task(name="notifications.weekly_digest", acks_late=True, soft_time_limit=14 * 60, time_limit=15 * 60)
def weekly_digest(as_of: str | None = None) -> int:
    """Write this week's digests to the outbox (Mondays 07:30); returns how many."""
    return len(services.run_digest(_day(as_of)).notifications)
