"""Grouped reminders: someone who would receive more reminders in one run than the policy's
`group_reminders_above` receives one email (an address) and one in-app entry (a user) listing them instead.

A month's end reminds tens of thousands of parts at once, some agencies' people thousands each: one message
per task would bury them. Everyone at or under the threshold gets the reminder of each task alone, as
before. Each part's reminder (part, period, step) written by a run is entered in a ledger (`PartReminder`):
a later run does not count it again, nor list it in a grouped reminder. One written to each recipient alone
still goes to whoever lacks it, by the outbox's keys; one that some had grouped goes only to the newcomers
of its agencies, those who were not among their recipients that day (`ReminderAudience`), grouped for
them in turn when they have more than the threshold.
"""

import hashlib
import operator
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property, reduce

from django.db.models import Q
from django.utils.translation import gettext as _

from notifications.bulk import insert_new
from notifications.choices import NotificationKind
from notifications.models import PartReminder, ReminderAudience
from notifications.outbox import OutboxWriter
from notifications.recipients import Recipient, RecipientDirectory, unique
from notifications.rendering import my_tasks_path
from notifications.texts import grouped_reminder_subject, to_render

# The subject of a grouped reminder in the unique key: what it lists, so that a later run listing other
# reminders to the same person writes a new one.
GROUPED_SUBJECT = "reminders:{}"


@dataclass
class DueReminder:
    """A part's reminder due in this run and who receives it; `fresh` when no earlier run wrote it, or
    when one wrote it grouped (`reminded_on`) and it goes to its agencies' newcomers only."""

    part_id: int
    period: str
    due_on: date
    step: int
    recipients: list[Recipient]
    fresh: bool
    agency_ids: tuple[int, ...] = ()  # the lead agency's, then those of the supporting agencies copied
    reminded_on: date | None = None

    @property
    def key(self) -> tuple[int, str, int]:
        return (self.part_id, self.period, self.step)

    @cached_property
    def listed(self) -> list:
        """How a grouped reminder's stored text lists it (JSON): [part id, period, due date, step]."""
        return [self.part_id, self.period, self.due_on.isoformat(), self.step]


@dataclass
class GroupedReminder:
    """One list of reminders, by due date, and the addresses emailed and users given an entry with it."""

    reminders: list[DueReminder]
    recipients: list[Recipient]
    emails: set[str]
    users: set[int]


def still_due(found: list[DueReminder], audiences: "ReminderAudiences", as_of: date) -> list[DueReminder]:
    """The reminders of `found` to write: fresh ones; those an earlier run wrote each alone (the outbox's
    keys tell who lacks them); those it wrote grouped to their agencies' newcomers, if any."""
    earlier = written_before(found)
    audiences.load({reminded_on for grouped, reminded_on in earlier.values() if grouped} | {as_of})
    due = []
    for reminder in found:
        if reminder.key not in earlier:
            due.append(reminder)
            continue
        grouped, reminded_on = earlier[reminder.key]
        if not grouped:
            reminder.fresh = False
            due.append(reminder)
        elif newcomers := audiences.newcomers(reminded_on, reminder.agency_ids):
            reminder.recipients, reminder.reminded_on = newcomers, reminded_on
            due.append(reminder)
    return due


def written_before(due: list[DueReminder]) -> dict[tuple[int, str, int], tuple[bool, date]]:
    """The reminders of `due` that an earlier run wrote: (part, period, step) → (grouped, reminded on). One
    query, by the few (period, step) pairs due in a run (`part_reminder_due_idx`), not by tens of thousands
    of parts."""
    pairs = {(reminder.period, reminder.step) for reminder in due}
    if not pairs:
        return {}
    rows = PartReminder.objects.filter(
        reduce(operator.or_, (Q(period=period, step=step) for period, step in pairs))
    ).values_list("part_id", "period", "step", "grouped", "reminded_on")
    return {
        (part_id, period, step): (grouped, reminded_on)
        for part_id, period, step, grouped, reminded_on in rows.iterator()
    }


class ReminderAudiences:
    """Who was among each agency's reminder recipients on the days some of its reminders went out grouped
    (`ReminderAudience`), and who is new since."""

    def __init__(self, directory: RecipientDirectory):
        self.directory = directory
        self.recorded: dict[tuple[date, int], set[str]] = {}
        self._newcomers: dict[tuple[date, tuple[int, ...]], list[Recipient]] = {}

    def load(self, days: set[date]) -> None:
        rows = ReminderAudience.objects.filter(reminded_on__in=days).values_list(
            "reminded_on", "agency_id", "recipient"
        )
        for reminded_on, agency_id, identity in rows.iterator():
            self.recorded.setdefault((reminded_on, agency_id), set()).add(identity)

    def newcomers(self, reminded_on: date, agency_ids: tuple[int, ...]) -> list[Recipient]:
        """The agencies' reminder recipients who were not among them on `reminded_on`. An agency with
        nothing recorded that day counts as everyone had it (written before the audiences were kept)."""
        key = (reminded_on, agency_ids)
        if key not in self._newcomers:
            found: list[Recipient] = []
            for agency_id in agency_ids:
                recorded = self.recorded.get((reminded_on, agency_id))
                if recorded is not None:
                    recipients = self.directory.agency_reminder_recipients(agency_id)
                    found += [recipient for recipient in recipients if recipient.identity not in recorded]
            self._newcomers[key] = unique(found)
        return self._newcomers[key]

    def rows(self, heard: set[tuple[date, int]]) -> list[dict]:
        """The rows that record each agency's present recipients as having the reminders of a day
        (`heard`: day, agency), but those recorded already (`ReminderAudience` by attname)."""
        rows = []
        for reminded_on, agency_id in sorted(heard):
            recorded = self.recorded.get((reminded_on, agency_id), set())
            recipients = self.directory.agency_reminder_recipients(agency_id)
            for identity in [recipient.identity for recipient in recipients] or [""]:
                if identity not in recorded:
                    rows.append({"reminded_on": reminded_on, "agency_id": agency_id, "recipient": identity})
        return rows


class ReminderGroups:
    """Who receives this run's fresh reminders grouped: addresses and users with more than `above`."""

    def __init__(self, due: list[DueReminder], above: int, wants_emails: Callable[[Recipient], bool]):
        self.due = due
        self.wants_emails = wants_emails
        # Each address's and user's fresh reminders (indices into `due`), by due date: a month's end at
        # 1,000,000 tasks has some 600,000 of them, so each is looked at once.
        by_due_date = sorted(range(len(due)), key=lambda index: (due[index].due_on, due[index].part_id))
        to_email, to_user = defaultdict(list), defaultdict(list)
        self._slots = [0] * len(due)  # how many emails and entries each reminder would make
        for index in by_due_date:
            reminder = due[index]
            if not reminder.fresh:
                continue
            slots = 0
            for recipient in reminder.recipients:
                if recipient.email and wants_emails(recipient):
                    to_email[recipient.email].append(index)
                    slots += 1
                if recipient.user_id is not None:
                    to_user[recipient.user_id].append(index)
                    slots += 1
            self._slots[index] = slots
        self.lists_by_email = {email: listed for email, listed in to_email.items() if len(listed) > above}
        self.lists_by_user = {user_id: listed for user_id, listed in to_user.items() if len(listed) > above}
        self._grouped_slots: Counter[int] = Counter()
        for listed in [*self.lists_by_email.values(), *self.lists_by_user.values()]:
            self._grouped_slots.update(listed)

    def emails_alone(self, reminder: DueReminder) -> Callable[[Recipient], bool]:
        """Who is emailed the reminder alone (`OutboxWriter.add`'s `emails_to`)."""
        if not reminder.fresh:
            return self.wants_emails
        return lambda recipient: self.wants_emails(recipient) and recipient.email not in self.lists_by_email

    def in_app_alone(self, reminder: DueReminder) -> Callable[[Recipient], bool] | None:
        """Who is given the reminder alone in the in-app list (`OutboxWriter.add`'s `in_app_to`)."""
        if not reminder.fresh:
            return None
        return lambda recipient: recipient.user_id not in self.lists_by_user

    def alone(self) -> list[DueReminder]:
        """The reminders that someone may receive alone: all but fresh ones everyone has grouped."""
        return [
            reminder
            for index, reminder in enumerate(self.due)
            if not reminder.fresh or self._grouped_slots[index] < self._slots[index]
        ]

    def grouped(self) -> list[GroupedReminder]:
        """The grouped reminders: one per distinct list, so an agency's people share one text."""
        groups: dict[tuple[int, ...], GroupedReminder] = {}

        def group_of(listed: list[int]) -> GroupedReminder:
            key = tuple(listed)
            if key not in groups:
                groups[key] = GroupedReminder([self.due[index] for index in listed], [], set(), set())
            return groups[key]

        for email, listed in self.lists_by_email.items():
            group = group_of(listed)
            group.emails.add(email)
            group.recipients.append(
                next(
                    recipient
                    for recipient in self.due[listed[0]].recipients
                    if recipient.email == email and self.wants_emails(recipient)
                )
            )
        for user_id, listed in self.lists_by_user.items():
            group = group_of(listed)
            group.users.add(user_id)
            recipient = next(r for r in self.due[listed[0]].recipients if r.user_id == user_id)
            if recipient not in group.recipients:
                group.recipients.append(recipient)
        return list(groups.values())

    def ledger_rows(self, as_of: date) -> list[dict]:
        """The ledger's rows for this run's fresh reminders (`PartReminder` by attname)."""
        return [
            {
                "part_id": reminder.part_id,
                "period": reminder.period,
                "step": reminder.step,
                "reminded_on": as_of,
                "grouped": self._grouped_slots[index] > 0,
            }
            for index, reminder in enumerate(self.due)
            if reminder.fresh and reminder.reminded_on is None
        ]

    def heard(self, as_of: date) -> set[tuple[date, int]]:
        """(day, agency) of the reminders that some had grouped, by the day the ledger keeps for them: their
        agencies' present recipients have them now, alone or grouped."""
        return {
            (reminder.reminded_on or as_of, agency_id)
            for index, reminder in enumerate(self.due)
            if reminder.fresh and (self._grouped_slots[index] or reminder.reminded_on)
            for agency_id in reminder.agency_ids
        }


def write_grouped_reminders(as_of: date, groups: ReminderGroups, itemized: bool) -> tuple[int, list[dict]]:
    """Write the grouped reminders of a run; return how many (one per recipient, as the writer counts),
    and their report entries when itemized. The sender renders each list (`texts.render_grouped_reminder`)."""
    writer = OutboxWriter(itemized=itemized)
    link = my_tasks_path()
    for group in groups.grouped():
        reminders = group.reminders
        keys = ";".join(f"{r.part_id}:{r.period}:{r.step}" for r in reminders)
        subject = grouped_reminder_subject(len(reminders), reminders[0].due_on)
        writer.add(
            kind=NotificationKind.REMINDER,
            subject=GROUPED_SUBJECT.format(hashlib.sha256(keys.encode()).hexdigest()[:30]),
            period=as_of.isoformat(),
            step=0,
            recipients=group.recipients,
            render=lambda subject=subject, reminders=reminders: to_render(
                "reminders",
                subject,
                None,
                reminders=[reminder.listed for reminder in reminders],
                as_of=as_of.isoformat(),
            ),
            emails_to=lambda recipient, emails=group.emails: (
                recipient.email in emails and groups.wants_emails(recipient)
            ),
            in_app_to=lambda recipient, users=group.users: recipient.user_id in users,
            entry={
                "kind": str(NotificationKind.REMINDER),
                "task": None,
                "notice": None,
                "agency": None,
                "tasks": len(reminders),
                "level": None,
            },
            body=_("Open My tasks to see them, the most urgent first."),
            link=link,
        )
    return writer.flush()


def record_reminders(as_of: date, groups: ReminderGroups, audiences: ReminderAudiences) -> None:
    """Enter this run's fresh reminders in the ledger, set-based (COPY on PostgreSQL), and who had those
    that some had grouped."""
    insert_new(PartReminder, groups.ledger_rows(as_of))
    insert_new(ReminderAudience, audiences.rows(groups.heard(as_of)))
