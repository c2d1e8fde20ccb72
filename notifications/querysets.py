from django.db import models
from django.db.models import Exists, OuterRef, Q

from notifications.choices import OutboxStatus

# Whether an escalation was acknowledged: the first key of the office's queue (and of its index).
ACKNOWLEDGED = models.ExpressionWrapper(Q(acknowledged_at__isnull=False), output_field=models.BooleanField())

# What the office's queue shows of each escalation (`EscalationQuerySet.queue`).
QUEUE_COLUMNS = (
    "level",
    "missed_deadline",
    "acknowledged_at",
    "acknowledgement_note",
    "acknowledged_by__username",
    "acknowledged_by__full_name",
    "part__directive__number",
    "part__directive__title",
    "part__directive__notice__number",
    "part__agency__name",
)


class EscalationQuerySet(models.QuerySet):
    def open(self):
        """Escalations still standing: their task part is overdue and unfinished."""
        return self.filter(closed_at__isnull=True)

    def queue(self):
        """The office's queue: each overdue part once, at its highest open level, most serious first.

        Unacknowledged before acknowledged, then highest level, then longest open; with only the columns the
        queue shows (`notifications/includes/escalation_queue.html`).
        """
        higher = self.model.objects.open().filter(part=OuterRef("part"), level__gt=OuterRef("level"))
        return (
            self.open()
            .filter(~Exists(higher))
            .select_related("part__directive__notice", "part__agency", "acknowledged_by")
            .only(*QUEUE_COLUMNS)
            .order_by(ACKNOWLEDGED.asc(), "-level", "opened_on", "part_id")
        )


class OutboxMessageQuerySet(models.QuerySet):
    def claimable(self, now):
        """Messages a sender may take: pending and due, or left "sending" by a worker whose lease ran out."""
        return self.filter(
            Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            | Q(status=OutboxStatus.SENDING, lease_expires_at__lte=now)
        )


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's own notifications (nobody reads another's)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class DeliveryAddressQuerySet(models.QuerySet):
    def undeliverable(self):
        """Addresses the sender gave up on until the office corrects them (or clears the mark)."""
        return self.filter(undeliverable_since__isnull=False)
