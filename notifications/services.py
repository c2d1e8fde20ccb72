"""Reminders, escalations and digests: what is due is written once to an outbox, then sent.

The public operations, by concern (each module says how it works):
- `notifications.sweep`: `run_sweep`, the daily reminders and escalations;
- `notifications.escalations`: levels, closing resolved ones, `acknowledge_escalation`;
- `notifications.digest`: `run_digest`, the weekly digests;
- `notifications.outbox`: the writer (each notification once, its text stored once);
- `notifications.texts`: the texts the sender renders, by versioned renderer;
- `notifications.delivery`: `send_due_messages`, claiming, sending, retries, undeliverable addresses;
- `notifications.preferences`: read marks and reminder emails on or off.
Views, the admin, the management commands, the Celery tasks and the load tools call them through here.
"""

from notifications.delivery import (
    Refusal,
    SendReport,
    build_email,
    claim_due_messages,
    default_time_limit,
    refusal_of,
    retry_delay,
    retry_failed_messages,
    send_due_messages,
    undeliverable_addresses,
)
from notifications.digest import DigestReport, digest_parts, run_digest
from notifications.escalations import (
    acknowledge_escalation,
    close_resolved_escalations,
    escalation_candidates,
)
from notifications.preferences import mark_all_read, receives_reminder_emails, set_reminder_emails
from notifications.rendering import Rendered, render_email
from notifications.sweep import SweepReport, reminder_candidates, reminder_due, run_sweep
from notifications.texts import render_contents

__all__ = [
    "DigestReport",
    "Refusal",
    "Rendered",
    "SendReport",
    "SweepReport",
    "acknowledge_escalation",
    "build_email",
    "claim_due_messages",
    "close_resolved_escalations",
    "default_time_limit",
    "digest_parts",
    "escalation_candidates",
    "mark_all_read",
    "receives_reminder_emails",
    "refusal_of",
    "reminder_candidates",
    "reminder_due",
    "render_contents",
    "render_email",
    "retry_delay",
    "retry_failed_messages",
    "run_digest",
    "run_sweep",
    "send_due_messages",
    "set_reminder_emails",
    "undeliverable_addresses",
]
