from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a notification is about."""

    REMINDER = "reminder", _("Deadline reminder")
    ESCALATION = "escalation", _("Escalation of an overdue task")
    DIGEST = "digest", _("Weekly digest")
    EXTENSION_REQUEST = "extension_request", _("Extension request")
    EXTENSION_DECISION = "extension_decision", _("Decision on an extension request")


class OutboxStatus(models.TextChoices):
    """Where an outgoing email stands: written, being sent by a worker, delivered, or given up."""

    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class EscalationLevel(models.IntegerChoices):
    """How far up an overdue task has been escalated, and so who hears of it."""

    AGENCY_HEAD = 1, _("Level 1: head of the lead agency")
    OFFICE_LEADERSHIP = 2, _("Level 2: leadership of the office")
    LEADER_IN_CHARGE = 3, _("Level 3: leader in charge")


class EscalationCloseReason(models.TextChoices):
    """Why an escalation closed by itself."""

    COMPLETED = "completed", _("The task was completed")
    CANCELLED = "cancelled", _("The task was cancelled")
    EXTENDED = "extended", _("The deadline was extended")
