import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.choices import EscalationCloseReason, EscalationLevel, NotificationKind, OutboxStatus
from notifications.querysets import (
    ACKNOWLEDGED,
    DeliveryAddressQuerySet,
    EscalationQuerySet,
    NotificationQuerySet,
    OutboxMessageQuerySet,
)
from notifications.schedule import parse_offsets
from tasktracker.choice_labels import ChoiceLabels

POLICY_ID = 1


class NotificationPolicy(models.Model):
    """The office's rules for reminders and escalations: one row, edited in the admin."""

    reminder_offsets = models.CharField(
        _("reminder offsets"),
        max_length=100,
        default="7,3,1,0",
        help_text=_(
            "Working days before the deadline on which reminders go out, separated by commas; "
            "0 means on the day."
        ),
    )
    copy_supporting_agencies = models.BooleanField(
        _("copy supporting agencies"),
        default=True,
        help_text=_("Send reminders to the supporting agencies of a task as well."),
    )
    escalation_level_2_after = models.PositiveSmallIntegerField(
        _("level 2 after (working days)"),
        default=5,
        help_text=_("Working days after the deadline before the office's leadership is told."),
    )
    escalation_level_3_after = models.PositiveSmallIntegerField(
        _("level 3 after (working days)"),
        default=10,
        help_text=_("Working days after the deadline before the leader in charge is told."),
    )
    digest_horizon_days = models.PositiveSmallIntegerField(
        _("digest looks ahead (days)"),
        default=14,
        help_text=_("The weekly digest lists the tasks due within this many days."),
    )
    group_reminders_above = models.PositiveIntegerField(
        _("group reminders above"),
        default=10,
        help_text=_(
            "Someone who would receive more reminders than this in one run receives one email and one "
            "notification listing them all instead."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification policy")
        verbose_name_plural = _("notification policy")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=POLICY_ID), name="notification_policy_singleton"),
            models.CheckConstraint(
                condition=models.Q(escalation_level_2_after__gte=1)
                & models.Q(escalation_level_3_after__gt=models.F("escalation_level_2_after")),
                name="notification_policy_levels_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(group_reminders_above__gte=1), name="notification_policy_groups_above_1"
            ),
        ]

    def __str__(self):
        return str(_("Notification policy"))

    def save(self, *args, **kwargs):
        self.pk = POLICY_ID
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        try:
            parse_offsets(self.reminder_offsets)
        except ValueError:
            errors["reminder_offsets"] = _(
                "Write whole numbers of working days separated by commas, e.g. 7,3,1,0."
            )
        if self.escalation_level_2_after < 1:
            errors["escalation_level_2_after"] = _("At least one working day.")
        elif self.escalation_level_3_after <= self.escalation_level_2_after:
            errors["escalation_level_3_after"] = _("Level 3 must come later than level 2.")
        if self.group_reminders_above is not None and self.group_reminders_above < 1:
            errors["group_reminders_above"] = _("At least one reminder.")
        if errors:
            raise ValidationError(errors)

    @property
    def offsets(self) -> list[int]:
        """The reminder offsets in working days, largest first."""
        return parse_offsets(self.reminder_offsets)

    @classmethod
    def current(cls, *, lock: bool = False) -> "NotificationPolicy":
        """The policy in force (created with the defaults if missing); `lock` holds it for a sweep."""
        cls.objects.get_or_create(pk=POLICY_ID)
        rows = cls.objects.select_for_update() if lock else cls.objects
        return rows.get(pk=POLICY_ID)


class PartReminder(models.Model):
    """A part's reminder (period, step) that a sweep wrote: it is not written again in a later run.

    `grouped`: some recipients had it in a grouped reminder; a later run then writes it only to those who
    were not among its agencies' recipients that day (`ReminderAudience`), where one written to each
    recipient alone goes to whoever lacks it by the outbox's keys.
    """

    part = models.ForeignKey(
        "directives.Part", verbose_name=_("lead agency's part"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("period"), max_length=20)
    step = models.PositiveSmallIntegerField(_("offset"))
    reminded_on = models.DateField(_("reminded on"))
    grouped = models.BooleanField(_("in a grouped reminder"), default=False)

    class Meta:
        verbose_name = _("reminder written")
        verbose_name_plural = _("reminders written")
        constraints = [
            models.UniqueConstraint(fields=["part", "period", "step"], name="part_reminder_once"),
        ]
        indexes = [
            # A sweep asks once for the reminders of the (period, step) pairs due that day.
            models.Index(fields=["period", "step"], name="part_reminder_due_idx"),
        ]

    def __str__(self):
        return f"{self.part_id} {self.period} {self.step}"


class ReminderAudience(models.Model):
    """Who was among an agency's reminder recipients on a day its people had reminders grouped: a later run
    writes those reminders again only to the agency's newcomers (`reminder_groups.ReminderAudiences`).

    `recipient` is `Recipient.identity` ("user:12", or a mailbox's address); empty when the agency had no
    one to remind, so that a day and agency without rows means one recorded before the table existed.
    """

    reminded_on = models.DateField(_("reminded on"))
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    recipient = models.CharField(_("recipient"), max_length=260, blank=True)

    class Meta:
        verbose_name = _("reminder recipient")
        verbose_name_plural = _("reminder recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["reminded_on", "agency", "recipient"], name="reminder_audience_once"
            ),
        ]

    def __str__(self):
        return f"{self.reminded_on} {self.agency_id} {self.recipient}"


class Escalation(ChoiceLabels, models.Model):
    """An overdue task part raised to a level: on the office's queue until it is finished or extended."""

    part = models.ForeignKey(
        "directives.Part",
        verbose_name=_("lead agency's part"),
        on_delete=models.CASCADE,
        related_name="escalations",
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=EscalationLevel.choices)
    missed_deadline = models.DateField(_("missed deadline"))
    opened_on = models.DateField(_("opened on"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledgement_note = models.TextField(_("note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.CharField(
        _("closed because"), max_length=20, choices=EscalationCloseReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EscalationQuerySet.as_manager()

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-opened_on", "part", "level"]
        constraints = [
            # One open escalation per part and level; a part finished, reopened and overdue again may be
            # escalated anew once the earlier one has closed.
            models.UniqueConstraint(
                fields=["part", "level"],
                condition=models.Q(closed_at__isnull=True),
                name="escalation_open_once_per_level",
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=3), name="escalation_level_1_to_3"
            ),
        ]
        indexes = [
            # The open escalations in the order of the office's queue (EscalationQuerySet.queue), so the
            # dashboard reads its first rows instead of sorting them all.
            models.Index(
                ACKNOWLEDGED,
                models.F("level").desc(),
                "opened_on",
                "part",
                condition=models.Q(closed_at__isnull=True),
                name="escalation_open_queue_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()}: {self.part}"


class EmailContent(models.Model):
    """An email (subject line, text, HTML), written once for all the outbox rows that send it.

    The sweep writes tens of thousands of reminders on a busy day: it stores their subject lines and
    `to_render`, what their text is made of, and the sender renders the text when it first sends one.
    """

    email_subject = models.CharField(_("subject line"), max_length=255)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    # {"template": ..., and its arguments} while the text is still to be rendered; then null.
    to_render = models.JSONField(_("to render"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("email content")
        verbose_name_plural = _("email contents")

    def __str__(self):
        return self.email_subject


class OutboxMessage(models.Model):
    """An email to send, written before it is sent: its key makes each notification go out once."""

    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    # The key: (kind, subject, period, step, recipient). `subject` names what the message is about
    # ("assignment:12" for a part, notifications.parts.PART_SUBJECT; "agency:5"; "province"), `period` the
    # deadline, period or week, `step` the reminder offset or the escalation level.
    subject = models.CharField(_("about"), max_length=40)
    period = models.CharField(_("period"), max_length=20)
    step = models.PositiveSmallIntegerField(_("offset or level"), default=0)
    recipient_email = models.EmailField(_("recipient"))
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    part = models.ForeignKey(
        "directives.Part",
        verbose_name=_("lead agency's part"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Shared by the recipients of one notification: a reminder to eleven people is rendered and stored once.
    content = models.ForeignKey(
        EmailContent, verbose_name=_("content"), on_delete=models.PROTECT, related_name="messages"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    lease_expires_at = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    # The writer's batch, where it counts what it wrote by reading it back (not on PostgreSQL, whose
    # statements return what they wrote: its rows leave it empty and out of the index).
    sweep_id = models.UUIDField(null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "period", "step", "recipient_email"], name="outbox_message_once"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            # Partial: a message is written unclaimed, and the sweep writes hundreds of thousands at once.
            models.Index(
                fields=["claim_token"], name="outbox_claim_idx", condition=Q(claim_token__isnull=False)
            ),
            models.Index(fields=["sweep_id"], name="outbox_sweep_idx", condition=Q(sweep_id__isnull=False)),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient_email}"

    @property
    def key(self) -> str:
        """The message's identity: the same notification always has the same key."""
        return "|".join([self.kind, self.subject, self.period, str(self.step), self.recipient_email])

    @property
    def message_id(self) -> str:
        """A Message-ID header derived from the key: a resent copy carries the same one."""
        digest = hashlib.sha256(self.key.encode()).hexdigest()[:40]
        return f"<{digest}@{settings.NOTIFICATIONS_MESSAGE_ID_DOMAIN}>"


class Notification(ChoiceLabels, models.Model):
    """An entry in a user's in-app notification list (the bell)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # notification_unread_idx leads with it
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    subject = models.CharField(_("about"), max_length=40)
    period = models.CharField(_("period"), max_length=20)
    step = models.PositiveSmallIntegerField(_("offset or level"), default=0)
    part = models.ForeignKey(
        "directives.Part",
        verbose_name=_("lead agency's part"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    sweep_id = models.UUIDField(null=True, blank=True, editable=False)  # as `OutboxMessage.sweep_id`
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            # In the outbox's order, so that a sweep finds who has a notification already by what it is about.
            models.UniqueConstraint(
                fields=["kind", "subject", "period", "step", "recipient"], name="notification_once"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(
                fields=["sweep_id"], name="notification_sweep_idx", condition=Q(sweep_id__isnull=False)
            ),
        ]

    def __str__(self):
        return self.title


class NotificationPreference(models.Model):
    """What a user chose to receive. Escalations and digests addressed to them cannot be turned off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_reminders = models.BooleanField(
        _("reminder emails"),
        default=True,
        help_text=_("Deadline reminders by email; they stay in the notification list either way."),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


class DeliveryAddress(models.Model):
    """An email address the sender has had trouble with; marked undeliverable when it keeps failing."""

    address = models.EmailField(_("address"), unique=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_failed_at = models.DateTimeField(_("last failed at"), null=True, blank=True)
    undeliverable_since = models.DateTimeField(_("undeliverable since"), null=True, blank=True)

    objects = DeliveryAddressQuerySet.as_manager()

    class Meta:
        verbose_name = _("email address")
        verbose_name_plural = _("email addresses")
        ordering = ["-undeliverable_since", "address"]

    def __str__(self):
        return self.address
