"""The daily sweep: close the escalations that resolved, then write the reminders and escalations due.

What is due is written once to the outbox and the in-app lists (`notifications.outbox`); a reminder's or
an escalation's text is left for the sender to render (`notifications.texts`). Safe to run any number of
times, also at once.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from directives.models import Directive, Part
from notifications.choices import NotificationKind
from notifications.escalations import close_resolved_escalations, write_escalations
from notifications.extensions import write_extension_notifications
from notifications.models import NotificationPolicy
from notifications.outbox import OutboxWriter, chunk_size, chunks
from notifications.parts import about_part, open_task_parts, report_entry
from notifications.recipients import RecipientDirectory
from notifications.reminder_groups import (
    DueReminder,
    ReminderAudiences,
    ReminderGroups,
    record_reminders,
    still_due,
    write_grouped_reminders,
)
from notifications.rendering import ToRender, in_site_language
from notifications.schedule import PERIODIC_RECURRENCES, due_reminder_offset, period_of, reminder_horizon
from notifications.texts import reminder_subject, to_render


@dataclass
class SweepReport:
    """What a sweep wrote (or, dry, would write): how many notifications of each kind, one per recipient;
    each of them, in the order they went, only when the sweep was asked to itemize.

    `reminders` counts a grouped reminder once per recipient, like any other (its email, else its entry in
    the list); `grouped_reminders` says how many of them were grouped. An itemized grouped reminder has no
    task, notice or agency, and says how many `tasks` it lists.
    """

    as_of: date
    reminders: int = 0
    grouped_reminders: int = 0
    escalations: int = 0
    closed_escalations: int = 0
    extension_notices: int = 0
    notifications: list[dict] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.reminders + self.escalations + self.extension_notices

    def as_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "reminders": self.reminders,
            "grouped_reminders": self.grouped_reminders,
            "escalations": self.escalations,
            "closed_escalations": self.closed_escalations,
            "extension_notices": self.extension_notices,
            "notifications": self.notifications,
        }


def run_sweep(as_of: date, *, dry_run: bool = False, itemized: bool = False) -> SweepReport:
    """Close the escalations that resolved, then write the reminders and escalations due on `as_of`, and
    the notifications of extension requests (to the office) and of their decisions (to the lead agency).

    Safe to run any number of times, also at once: each notification is written once. `dry_run`
    computes the same report inside a transaction that is rolled back, so nothing is written.
    `itemized` lists every notification written in the report (tens of thousands on a month's end day);
    without it the report counts them.
    """
    report = SweepReport(as_of=as_of)
    with transaction.atomic(), in_site_language():
        # Holding the policy row makes concurrent sweeps take turns; the unique keys would hold anyway.
        policy = NotificationPolicy.current(lock=True)
        directory = RecipientDirectory()
        report.closed_escalations = close_resolved_escalations()
        report.reminders, report.grouped_reminders, entries = _write_reminders(
            as_of, policy, directory, itemized
        )
        report.notifications += entries
        report.escalations, entries = write_escalations(as_of, policy, directory, itemized)
        report.notifications += entries
        # Requests waiting for the office and decisions the lead agency has not heard of yet.
        report.extension_notices, entries = write_extension_notifications(directory, itemized)
        report.notifications += entries
        if dry_run:
            transaction.set_rollback(True)
    return report


def handed_out_on(notice_date: date | None, created_at) -> date:
    """When a task was handed out: its notice's date (`Part.notice_date`: issued, else its meeting's), else
    when the task was entered."""
    return notice_date or timezone.localdate(created_at)


def reminder_due(part, as_of: date, offsets: list[int]) -> tuple[str, date, int] | None:
    """(period key, due date, offset) of the reminder due for a part on `as_of`; None if none is.

    A one-off task is keyed by its deadline (an extension starts its reminders afresh); a recurring one by
    its period, from the first period that starts after it was handed out (a monthly report asked for on
    12 March is first due for April).
    """
    directive = part.directive
    assigned = partial(handed_out_on, part.notice_date, directive.created_at)
    return reminder_due_for(directive.recurrence, part.effective_deadline, assigned, as_of, offsets)


def reminder_due_for(
    recurrence: str, deadline: date | None, assigned: Callable[[], date], as_of: date, offsets: list[int]
) -> tuple[str, date, int] | None:
    """`reminder_due` from a task's recurrence, the part's deadline and when the task was handed out
    (`assigned`, asked only of a recurring task)."""
    if recurrence in PERIODIC_RECURRENCES:
        period = period_of(recurrence, as_of)
        if period.start < assigned():
            return None
        due_on = min(period.end, deadline) if deadline else period.end
        key = period.label
    elif deadline is not None:
        due_on, key = deadline, deadline.isoformat()
    else:
        return None
    offset = due_reminder_offset(due_on, offsets, as_of)
    return None if offset is None else (key, due_on, offset)


def reminder_candidates(as_of: date, offsets: list[int]):
    """Open parts that may have a reminder due on `as_of` (each is then decided by `reminder_due`).

    Only narrows: a part is kept when the day its reminder is due for (its deadline, or the end of its
    period for a recurring one) falls between `as_of` and the reminder horizon.
    """
    horizon = reminder_horizon(as_of, offsets)
    if horizon is None:
        return Part.objects.none()
    due_soon = Q(effective_deadline__gte=as_of, effective_deadline__lt=horizon)
    candidates = ~Q(directive__recurrence__in=PERIODIC_RECURRENCES) & due_soon
    for recurrence in PERIODIC_RECURRENCES:
        period_end = period_of(recurrence, as_of).end
        # Due on its deadline when that comes before the period's end, else on the period's end.
        due = due_soon
        if period_end < horizon:
            due |= Q(effective_deadline__isnull=True) | Q(effective_deadline__gte=period_end)
        candidates |= Q(directive__recurrence=recurrence) & due
    return (
        open_task_parts()
        .filter(candidates)
        .select_related("directive__notice", "agency")
        .only(*READ_FOR_REMINDERS)
        .order_by("pk")
    )


# What writing a reminder reads of a part (`about_part`, `report_entry`, `reminder_subject`), each with its
# task, notice and agency.
READ_FOR_REMINDERS = (
    "effective_deadline",
    "agency__name",
    "directive__number",
    "directive__title",
    "directive__recurrence",
    "directive__created_at",
    "directive__notice__number",
    "directive__notice__title",
)


def _write_reminders(
    as_of: date, policy: NotificationPolicy, directory: RecipientDirectory, itemized: bool
) -> tuple[int, int, list[dict]]:
    """Write the reminders due: grouped to whoever has more than the policy allows, else each alone.
    Returns how many were written, how many of them grouped, and their report entries when itemized."""
    audiences = ReminderAudiences(directory)
    groups = ReminderGroups(
        _due_reminders(as_of, policy, directory, audiences),
        policy.group_reminders_above,
        directory.wants_reminder_emails,
    )
    written, entries = _write_each_alone(as_of, groups, itemized)
    grouped, listed = write_grouped_reminders(as_of, groups, itemized)
    record_reminders(as_of, groups, audiences)
    return written + grouped, grouped, entries + listed


def _due_reminders(
    as_of: date, policy: NotificationPolicy, directory: RecipientDirectory, audiences: ReminderAudiences
) -> list[DueReminder]:
    """The reminders due on `as_of` and their recipients; those an earlier run wrote grouped only to their
    agencies' newcomers (`still_due`).

    Reads the candidates' values, not models: tens of thousands of parts on a month's end, each with its
    task, notice and agency (the few written alone are read again as models by `_write_each_alone`).
    """
    offsets = policy.offsets
    found = []
    # Values only, so ten writer batches at a time: a tenth of the queries for the supporting agencies.
    read_size = 10 * chunk_size()
    rows = reminder_candidates(as_of, offsets).values_list(*READ_FOR_DUE).iterator(chunk_size=read_size)
    for chunk in chunks(rows, read_size):
        due = [
            (part_id, agency_id, directive_id, reminder)
            for part_id, agency_id, directive_id, deadline, recurrence, *handed_out in chunk
            if (
                reminder := reminder_due_for(
                    recurrence, deadline, partial(handed_out_on, *handed_out), as_of, offsets
                )
            )
        ]
        if not due:
            continue
        # With the policy's consent the supporting agencies receive the reminder too.
        supporting = _supporting_agency_ids(
            {directive_id for _part_id, _agency_id, directive_id, _reminder in due}
            if policy.copy_supporting_agencies
            else set()
        )
        directory.load(
            {agency_id for _part_id, agency_id, *_rest in due}
            | {a for ids in supporting.values() for a in ids}
        )
        for part_id, agency_id, directive_id, (period, due_on, offset) in due:
            copied = supporting[directive_id]
            recipients = directory.reminder_recipients(agency_id, copied)
            found.append(DueReminder(part_id, period, due_on, offset, recipients, True, (agency_id, *copied)))
    return still_due(found, audiences, as_of)


# What deciding a reminder and its recipients reads of a candidate (`reminder_due_for`, `handed_out_on`).
READ_FOR_DUE = (
    "pk",
    "agency_id",
    "directive_id",
    "effective_deadline",
    "directive__recurrence",
    "notice_date",
    "directive__created_at",
)


def _write_each_alone(as_of: date, groups: ReminderGroups, itemized: bool) -> tuple[int, list[dict]]:
    """Write each reminder alone to those of its recipients who do not have it grouped."""
    written, entries = 0, []
    for chunk in chunks(groups.alone(), chunk_size()):
        parts = (
            Part.objects.select_related("directive__notice", "agency")
            .only(*READ_FOR_REMINDERS)
            .in_bulk([reminder.part_id for reminder in chunk])
        )
        writer = OutboxWriter(itemized=itemized)
        for reminder in chunk:
            part = parts[reminder.part_id]
            writer.add(
                kind=NotificationKind.REMINDER,
                period=reminder.period,
                step=reminder.step,
                recipients=reminder.recipients,
                render=partial(_reminder_to_render, part, reminder.period, reminder.due_on, as_of),
                emails_to=groups.emails_alone(reminder),
                in_app_to=groups.in_app_alone(reminder),
                entry=report_entry(NotificationKind.REMINDER, part, None),
                **about_part(part),
            )
        count, listed = writer.flush()
        written += count
        entries += listed
    return written, entries


def _supporting_agency_ids(directive_ids: set[int]) -> defaultdict[int, list[int]]:
    """The supporting agencies of each of the tasks `directive_ids`, by id (none for a task left out)."""
    supporting = defaultdict(list)
    links = Directive.supporting_agencies.through.objects.filter(directive_id__in=directive_ids)
    for directive_id, agency_id in links.order_by("pk").values_list("directive_id", "agency_id"):
        supporting[directive_id].append(agency_id)
    return supporting


def _reminder_to_render(part, period: str, due_on: date, as_of: date) -> ToRender:
    return to_render(
        "reminder",
        reminder_subject(part, due_on),
        part.pk,
        period=period,
        due_on=due_on.isoformat(),
        as_of=as_of.isoformat(),
    )
