"""Escalations: overdue task parts raised level by level (the lead agency's head, the office's leadership,
the leader in charge), closed when the part is finished or its deadline moves, acknowledged by the office."""

from datetime import date, timedelta
from functools import partial

from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import manages_directives
from directives.choices import TaskStatus
from notifications.choices import EscalationCloseReason, NotificationKind
from notifications.exceptions import AcknowledgementRejected
from notifications.models import Escalation, NotificationPolicy
from notifications.outbox import OutboxWriter, chunk_size, chunks
from notifications.parts import UNUSED_IN_MESSAGES, about_part, open_task_parts, report_entry
from notifications.recipients import RecipientDirectory
from notifications.rendering import ToRender
from notifications.schedule import escalation_level
from notifications.texts import escalation_subject, to_render


def close_resolved_escalations() -> int:
    """Close open escalations whose part was finished, or whose deadline changed (an extension)."""
    now = timezone.now()
    open_escalations = Escalation.objects.open()
    closed = 0
    for status, reason in [
        (TaskStatus.DONE, EscalationCloseReason.COMPLETED),
        (TaskStatus.CANCELLED, EscalationCloseReason.CANCELLED),
    ]:
        closed += open_escalations.filter(part__status=status).update(closed_at=now, close_reason=reason)
    moved = open_escalations.annotate(current_deadline=F("part__effective_deadline")).filter(
        Q(current_deadline__isnull=True) | ~Q(current_deadline=F("missed_deadline"))
    )
    closed += Escalation.objects.filter(pk__in=moved.values("pk")).update(
        closed_at=now, close_reason=EscalationCloseReason.EXTENDED
    )
    return closed


def escalation_candidates(as_of: date, policy: NotificationPolicy):
    """Overdue open parts that have an escalation to open on `as_of` (decided by `escalation_level`).

    Annotated with `open_level`, the highest level open already. A level-2 or -3 step needs at least
    that many calendar days since the deadline, which the database checks before the working days are
    counted here.
    """
    open_level = Subquery(
        Escalation.objects.open().filter(part=OuterRef("pk")).order_by("-level").values("level")[:1]
    )
    level_2_from = as_of - timedelta(days=policy.escalation_level_2_after)
    level_3_from = as_of - timedelta(days=policy.escalation_level_3_after)
    return (
        open_task_parts()
        .filter(effective_deadline__lt=as_of)
        .annotate(open_level=open_level)
        .filter(
            Q(open_level__isnull=True)
            | Q(open_level=1, effective_deadline__lte=level_2_from)
            | Q(open_level=2, effective_deadline__lte=level_3_from)
        )
        .select_related("directive__notice", "agency")
        .defer(*UNUSED_IN_MESSAGES)
        .order_by("pk")
    )


def write_escalations(
    as_of: date, policy: NotificationPolicy, directory: RecipientDirectory, itemized: bool
) -> tuple[int, list[dict]]:
    written, entries = 0, []
    parts = escalation_candidates(as_of, policy).iterator(chunk_size=chunk_size())
    for chunk in chunks(parts, chunk_size()):
        directory.load({part.agency_id for part in chunk})
        steps = [(part, step) for part in chunk for step in _levels_to_open(part, as_of, policy)]
        writer = OutboxWriter(itemized=itemized)
        for part, step in steps:
            deadline = part.effective_deadline
            writer.escalations.append(
                Escalation(part_id=part.pk, level=step, missed_deadline=deadline, opened_on=as_of)
            )
            writer.add(
                kind=NotificationKind.ESCALATION,
                period=deadline.isoformat(),
                step=step,
                recipients=directory.escalation_recipients(step, part.agency_id),
                render=partial(_escalation_to_render, part, step, deadline, as_of),
                entry=report_entry(NotificationKind.ESCALATION, part, step),
                **about_part(part),
            )
        count, listed = writer.flush()
        written += count
        entries += listed
    return written, entries


def _levels_to_open(part, as_of: date, policy: NotificationPolicy) -> range:
    """The escalation levels an overdue part reaches on `as_of` above the highest one open already."""
    level = escalation_level(
        part.effective_deadline, as_of, policy.escalation_level_2_after, policy.escalation_level_3_after
    )
    return range((part.open_level or 0) + 1, level + 1)


def _escalation_to_render(part, level: int, deadline: date, as_of: date) -> ToRender:
    return to_render(
        "escalation",
        escalation_subject(part, level),
        part.pk,
        level=level,
        deadline=deadline.isoformat(),
        as_of=as_of.isoformat(),
    )


def acknowledge_escalation(escalation_id: int, user, note: str) -> Escalation:
    """The office records that it acted on an escalation, with a note; the escalation stays open
    until the task is finished or its deadline extended."""
    if not manages_directives(user):
        raise AcknowledgementRejected(_("Only the office acknowledges escalations."))
    note = (note or "").strip()
    if not note:
        raise AcknowledgementRejected(_("Write a note that says what the office did."))
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().filter(pk=escalation_id).first()
        if escalation is None:
            raise AcknowledgementRejected(_("This escalation no longer exists."))
        if escalation.closed_at is not None:
            raise AcknowledgementRejected(_("This escalation has closed already: the task no longer waits."))
        if escalation.acknowledged_at is not None:
            raise AcknowledgementRejected(_("This escalation was acknowledged already."))
        escalation.acknowledged_at = timezone.now()
        escalation.acknowledged_by = user
        escalation.acknowledgement_note = note
        escalation.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement_note"])
    return escalation
