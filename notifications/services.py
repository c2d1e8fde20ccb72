"""Reminders, escalations and digests: what is due is written once to an outbox, then sent.

Every outgoing email is first written to `OutboxMessage` under a unique key (kind, what it is about,
period or level, recipient) in the sweep's transaction, so a beat that fires twice, a retried task or
two workers write each notification once; its text is stored once (`EmailContent`) for all the
recipients of the same notification. A reminder's or an escalation's text is rendered by the sender, when
the first of them is sent: the sweep writes only what it is made of. A separate sender claims due rows
(`SKIP LOCKED`), renders what is still to render, sends them and records the result; a row left
"sending" by a killed worker is taken again after its lease.
The management commands, the Celery tasks and the tests all call these functions.
"""

import json
import logging
import smtplib
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache, partial
from itertools import groupby, islice

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, JSONField, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats, timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.permissions import manages_directives
from directives.choices import TaskStatus
from directives.models import Assignment, Directive
from notifications.choices import EscalationCloseReason, EscalationLevel, NotificationKind, OutboxStatus
from notifications.exceptions import AcknowledgementRejected, MailServerUnavailable
from notifications.models import (
    DeliveryAddress,
    EmailContent,
    Escalation,
    Notification,
    NotificationPolicy,
    NotificationPreference,
    OutboxMessage,
)
from notifications.recipients import Recipient, RecipientDirectory, unique
from notifications.schedule import (
    PERIODIC_RECURRENCES,
    due_reminder_offset,
    escalation_level,
    period_of,
    reminder_horizon,
    week_of,
    working_days_late,
    working_days_left,
)

logger = logging.getLogger(__name__)
NOTICE_TITLE_SHOWN = 60


# ---------------------------------------------------------------------------------------------------
# Links and rendering


def absolute_url(path: str) -> str:
    """A link for an email: the site's address (a worker has no request) and the path."""
    return settings.SITE_URL.rstrip("/") + path


def task_path(directive) -> str:
    """Where a task is shown in the app."""
    return reverse("directives:directive_detail", args=[directive.pk])


def notice_label(notice) -> str:
    """How a notice is named in a subject line: its number, else (a draft) the start of its title."""
    return notice.number or Truncator(notice.title).chars(NOTICE_TITLE_SHOWN)


def short_date(day: date) -> str:
    """dd/mm/yyyy, as people read dates here."""
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@dataclass(frozen=True)
class Rendered:
    """A message as its recipients read it: subject line, plain text and HTML."""

    subject: str
    text: str
    html: str


def render_email(template: str, subject: str, context: dict) -> Rendered:
    """Render `notifications/email/<template>.txt` and `.html` with the common context."""
    notice = context.get("notice")
    context = {
        **context,
        "notice_name": (notice.number or f"“{notice.title}”") if notice else "",
        "subject": subject,
        **_site_links(settings.SITE_URL, get_script_prefix(), get_urlconf()),
    }
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    return Rendered(subject=" ".join(subject.split())[:255], text=text, html=html)


@dataclass(frozen=True)
class ToRender:
    """A message whose subject line is known when it is written and whose text the sender renders
    (`render_contents`): `template` names the function in `TEXTS_RENDERED_WHEN_SENT`, which is called
    with the part `part_id` and `arguments` (JSON: dates as ISO strings)."""

    subject: str
    template: str
    part_id: int
    arguments: dict


@lru_cache(maxsize=8)
def _site_links(site_url: str, script_prefix: str, urlconf) -> dict:
    """The links every email carries, worked out once: `reverse` costs as much as a tenth of a render."""
    site_url = site_url.rstrip("/")
    return {
        "site_url": site_url,
        "home_url": site_url + reverse("home"),
        "preferences_url": site_url + reverse("notifications:list"),
    }


def _in_site_language():
    """What users read is rendered in the site's language (Vietnamese), whoever runs the sweep."""
    return translation.override(settings.LANGUAGE_CODE)


# ---------------------------------------------------------------------------------------------------
# Writing: outbox rows and in-app notifications, each once


@dataclass
class _Planned:
    """One notification for one recipient: the row that counts it as written (its email, else its entry
    in the in-app list), and how a report lists it."""

    outbox_key: tuple | None
    in_app_key: tuple | None
    entry: dict | None


class _Writer:
    """Collects a batch of notifications and writes it with bulk inserts that skip existing keys.

    `flush` first asks which of the batch's notifications the outbox and the in-app lists hold already:
    a notification everyone has is neither rendered nor sent to the database again, so a sweep repeated
    the same day costs little. The unique keys stay the guard against a concurrent sweep; what this run
    itself wrote is recognised by a batch id stamped on the new rows, so nothing is counted twice.
    `itemized` keeps a report entry for each notification written, else only their number.
    """

    def __init__(self, *, itemized: bool = False):
        self.itemized = itemized
        self.existing_outbox: set[tuple] = set()
        self.existing_in_app: set[tuple] = set()
        self._start_batch()

    def _start_batch(self):
        self.batch_id = uuid.uuid4()
        # Rows by attname: some 100,000 on a reminder window's first day, too many to build models of.
        self.contents: list[dict] = []
        self.content_ids: list[int] = []
        self.outbox: list[dict] = []
        self.in_app: list[dict] = []
        self.escalations: list[Escalation] = []
        self.pending: list[dict] = []
        self.planned: list[_Planned] = []

    def _look_up(self, kind: str, keys) -> None:
        """Note which rows exist for the notifications `keys` ((subject, period, step) each): one query for
        the outbox, one for the in-app lists."""
        keys = set(keys)
        if not keys:
            return
        subjects, periods, steps = ({key[n] for key in keys} for n in range(3))
        about = {"kind": kind, "subject__in": subjects, "period__in": periods, "step__in": steps}
        for subject, period, step, email in (
            OutboxMessage.objects.filter(**about)
            .order_by()
            .values_list("subject", "period", "step", "recipient_email")
        ):
            if (subject, period, step) in keys:
                self.existing_outbox.add((kind, subject, period, step, email))
        for subject, period, step, user_id in (
            Notification.objects.filter(**about)
            .order_by()
            .values_list("subject", "period", "step", "recipient_id")
        ):
            if (subject, period, step) in keys:
                self.existing_in_app.add((user_id, kind, subject, period, step))

    def add(self, **notification) -> None:
        """Add one notification to the batch (the arguments of `_plan`), planned when the batch is written."""
        self.pending.append(notification)

    def _plan(
        self,
        *,
        kind: str,
        subject: str,
        period: str,
        step: int,
        recipients: list[Recipient],
        render: Callable[[], Rendered | ToRender],
        entry: dict,
        body: str = "",
        emails_to: Callable[[Recipient], bool] | None = None,
        in_app: bool = True,
        assignment_id: int | None = None,
        agency_id: int | None = None,
        link: str | Callable[[], str] = "",
    ) -> None:
        """Plan one notification for those of `recipients` who lack it; `render` runs only if anyone does.

        Each recipient with an address gets an email (unless `emails_to` says no), each user an entry in
        the in-app list (unless `in_app` is off) that links to `link` (worked out only then, if a callable).
        """
        missing = []
        for recipient in recipients:
            outbox_key = in_app_key = None
            if recipient.email and (emails_to is None or emails_to(recipient)):
                outbox_key = (kind, subject, period, step, recipient.email)
            if in_app and recipient.user_id is not None:
                in_app_key = (recipient.user_id, kind, subject, period, step)
            writes_outbox = outbox_key is not None and outbox_key not in self.existing_outbox
            writes_in_app = in_app_key is not None and in_app_key not in self.existing_in_app
            if writes_outbox or writes_in_app:
                missing.append((recipient, outbox_key, in_app_key, writes_outbox, writes_in_app))
        if not missing:
            return
        rendered = render()
        content = None
        if callable(link):
            link = link()
        for recipient, outbox_key, in_app_key, writes_outbox, writes_in_app in missing:
            if writes_outbox:
                if content is None:
                    # The index of the content in this batch until its id is known.
                    content = len(self.contents)
                    self.contents.append(_content_row(rendered))
                self.outbox.append(
                    {
                        "kind": kind,
                        "subject": subject,
                        "period": period,
                        "step": step,
                        "recipient_email": recipient.email,
                        "recipient_user_id": recipient.user_id,
                        "assignment_id": assignment_id,
                        "agency_id": agency_id,
                        "content_id": content,
                        "sweep_id": self.batch_id,
                    }
                )
            if writes_in_app:
                self.in_app.append(
                    {
                        "recipient_id": recipient.user_id,
                        "kind": kind,
                        "subject": subject,
                        "period": period,
                        "step": step,
                        "assignment_id": assignment_id,
                        "title": rendered.subject,
                        "body": body,
                        "link": link,
                        "sweep_id": self.batch_id,
                    }
                )
            # Counted by its email when it has one (an entry added to the list alone is not counted then).
            if writes_outbox or (outbox_key is None and writes_in_app):
                self.planned.append(
                    _Planned(
                        outbox_key,
                        None if outbox_key else in_app_key,
                        _listed(entry, recipient, by_email=bool(outbox_key)) if self.itemized else None,
                    )
                )

    def flush(self) -> tuple[int, list[dict]]:
        """Write the batch; return how many notifications this run wrote (not what existed), and their
        report entries when itemized."""
        for kind in {notification["kind"] for notification in self.pending}:
            self._look_up(
                kind,
                [
                    (each["subject"], each["period"], each["step"])
                    for each in self.pending
                    if each["kind"] == kind
                ],
            )
        for notification in self.pending:
            self._plan(**notification)
        if self.escalations:
            Escalation.objects.bulk_create(self.escalations, ignore_conflicts=True)
        self.content_ids = _insert_contents(self.contents)
        for row in self.outbox:
            row["content_id"] = self.content_ids[row["content_id"]]
        _insert_new(OutboxMessage, self.outbox)
        _insert_new(Notification, self.in_app)
        written = self.planned if self._wrote_every_row() else self._written_by_this_run()
        self._start_batch()
        return len(written), [planned.entry for planned in written if planned.entry is not None]

    def _wrote_every_row(self) -> bool:
        """Whether every row of the batch went in (the usual case: no concurrent sweep came first)."""
        return (
            not self.outbox
            or OutboxMessage.objects.filter(sweep_id=self.batch_id).count() == len(self.outbox)
        ) and (
            not self.in_app or Notification.objects.filter(sweep_id=self.batch_id).count() == len(self.in_app)
        )

    def _written_by_this_run(self) -> list[_Planned]:
        """The planned notifications whose rows carry this batch's id; the contents of emails a concurrent
        sweep wrote first are dropped."""
        written_outbox = set(
            OutboxMessage.objects.filter(sweep_id=self.batch_id).values_list(
                "kind", "subject", "period", "step", "recipient_email"
            )
        )
        written_in_app = set(
            Notification.objects.filter(sweep_id=self.batch_id).values_list(
                "recipient_id", "kind", "subject", "period", "step"
            )
        )
        EmailContent.objects.filter(pk__in=self.content_ids, messages=None).delete()
        return [
            planned
            for planned in self.planned
            if planned.outbox_key in written_outbox or planned.in_app_key in written_in_app
        ]


def _content_row(rendered: Rendered | ToRender) -> dict:
    """An `EmailContent` row by attname: the text, or what the sender renders it from."""
    if isinstance(rendered, ToRender):
        to_render = {"template": rendered.template, "part": rendered.part_id, **rendered.arguments}
        return {"email_subject": rendered.subject, "body_text": "", "body_html": "", "to_render": to_render}
    return {
        "email_subject": rendered.subject,
        "body_text": rendered.text,
        "body_html": rendered.html,
        "to_render": None,
    }


def _insert_contents(rows: list[dict]) -> list[int]:
    """Write the emails' contents; return their ids, in order."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        return [
            content.pk for content in EmailContent.objects.bulk_create(EmailContent(**row) for row in rows)
        ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [EmailContent._meta.db_table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    rows = [{"id": id_, **row} for id_, row in zip(ids, rows, strict=True)]
    _copy(EmailContent, connection.ops.quote_name(EmailContent._meta.db_table), rows)
    return ids


def _insert_new(model, rows: list[dict]) -> None:
    """Insert `rows` (values by attname; other columns take their defaults), skipping any whose unique key
    is taken already.

    On PostgreSQL through COPY (Django's bulk insert prepares every value of every row in Python, some
    10 s for a reminder window's first day): straight into the table, since the writer looked up which
    rows exist just before; only if a concurrent writer took one of the keys since (a unique violation),
    through a temporary table and one INSERT … ON CONFLICT DO NOTHING instead.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create((model(**row) for row in rows), ignore_conflicts=True)
        return
    quote = connection.ops.quote_name
    table, staged = quote(model._meta.db_table), quote(f"staged_{model._meta.db_table}")
    try:
        with transaction.atomic():
            _copy(model, table, rows)
        return
    except IntegrityError:
        logger.info("Some %s rows were written by another run meanwhile; skipping them", model.__name__)
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {staged} AS SELECT {columns} FROM {table} WITH NO DATA")
        _copy(model, staged, rows)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staged} ON CONFLICT DO NOTHING"
        )
        cursor.execute(f"DROP TABLE {staged}")


def _copy(model, table: str, rows: list[dict]) -> None:
    """COPY `rows` into `table` (PostgreSQL), each with every column of `model` but an id it lacks: the
    defaults filled in, and the time of writing where the model stamps it."""
    fields = [
        field for field in model._meta.concrete_fields if not field.primary_key or field.attname in rows[0]
    ]
    now = timezone.now()
    defaults = {
        field.attname: now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
        for field in fields
        if field.attname not in rows[0]
    }
    names = [field.attname for field in fields]
    as_json = {field.attname for field in fields if isinstance(field, JSONField)}
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            values = [row[name] if name in row else defaults[name] for name in names]
            if as_json:
                values = [
                    json.dumps(value) if name in as_json and value is not None else value
                    for name, value in zip(names, values, strict=True)
                ]
            copy.write_row(values)


def _listed(entry: dict, recipient: Recipient, *, by_email: bool) -> dict:
    """How a report lists one recipient's notification: the recipient goes before the level, as the
    commands' JSON lists them."""
    listed = {key: value for key, value in entry.items() if key != "level"}
    listed["recipient"] = recipient.email if by_email else recipient.username
    if "level" in entry:
        listed["level"] = entry["level"]
    return listed


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _chunk_size() -> int:
    return settings.NOTIFICATIONS_SWEEP_CHUNK_SIZE


# ---------------------------------------------------------------------------------------------------
# The sweep: reminders and escalations due on a day


@dataclass
class SweepReport:
    """What a sweep wrote (or, dry, would write): how many notifications of each kind, one per recipient;
    each of them, in the order they went, only when the sweep was asked to itemize."""

    as_of: date
    reminders: int = 0
    escalations: int = 0
    closed_escalations: int = 0
    notifications: list[dict] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.reminders + self.escalations

    def as_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "reminders": self.reminders,
            "escalations": self.escalations,
            "closed_escalations": self.closed_escalations,
            "notifications": self.notifications,
        }


def run_sweep(as_of: date, *, dry_run: bool = False, itemized: bool = False) -> SweepReport:
    """Close the escalations that resolved, then write the reminders and escalations due on `as_of`.

    Safe to run any number of times, also at once: each notification is written once. `dry_run`
    computes the same report inside a transaction that is rolled back, so nothing is written.
    `itemized` lists every notification written in the report (tens of thousands on a month's end day);
    without it the report counts them.
    """
    report = SweepReport(as_of=as_of)
    with transaction.atomic(), _in_site_language():
        # Holding the policy row makes concurrent sweeps take turns; the unique keys would hold anyway.
        policy = NotificationPolicy.current(lock=True)
        directory = RecipientDirectory()
        report.closed_escalations = close_resolved_escalations()
        report.reminders, entries = _write_reminders(as_of, policy, directory, itemized)
        report.notifications += entries
        report.escalations, entries = _write_escalations(as_of, policy, directory, itemized)
        report.notifications += entries
        if dry_run:
            transaction.set_rollback(True)
    return report


def close_resolved_escalations() -> int:
    """Close open escalations whose part was finished, or whose deadline changed (an extension)."""
    now = timezone.now()
    open_escalations = Escalation.objects.open()
    closed = 0
    for status, reason in [
        (TaskStatus.DONE, EscalationCloseReason.COMPLETED),
        (TaskStatus.CANCELLED, EscalationCloseReason.CANCELLED),
    ]:
        closed += open_escalations.filter(assignment__status=status).update(
            closed_at=now, close_reason=reason
        )
    moved = open_escalations.annotate(current_deadline=F("assignment__effective_deadline")).filter(
        Q(current_deadline__isnull=True) | ~Q(current_deadline=F("missed_deadline"))
    )
    closed += Escalation.objects.filter(pk__in=moved.values("pk")).update(
        closed_at=now, close_reason=EscalationCloseReason.EXTENDED
    )
    return closed


def assigned_on(directive) -> date:
    """When a task was handed out: the notice's date, else its meeting's, else when it was entered."""
    notice = directive.notice
    return notice.issued_on or notice.meeting_on or timezone.localdate(directive.created_at)


def reminder_due(part, as_of: date, offsets: list[int]) -> tuple[str, date, int] | None:
    """(period key, due date, offset) of the reminder due for a part on `as_of`; None if none is.

    A one-off task is keyed by its deadline (an extension starts its reminders afresh); a recurring one by
    its period, from the first period that starts after it was handed out (a monthly report asked for on
    12 March is first due for April).
    """
    directive = part.directive
    deadline = part.effective_deadline
    if directive.recurrence in PERIODIC_RECURRENCES:
        period = period_of(directive.recurrence, as_of)
        if period.start < assigned_on(directive):
            return None
        due_on = min(period.end, deadline) if deadline else period.end
        key = period.label
    elif deadline is not None:
        due_on, key = deadline, deadline.isoformat()
    else:
        return None
    offset = due_reminder_offset(due_on, offsets, as_of)
    return None if offset is None else (key, due_on, offset)


def _open_task_parts():
    return Assignment.objects.open().filter(directive__is_heading=False)


def reminder_candidates(as_of: date, offsets: list[int]):
    """Open parts that may have a reminder due on `as_of` (each is then decided by `reminder_due`).

    Only narrows: a part is kept when the day its reminder is due for (its deadline, or the end of its
    period for a recurring one) falls between `as_of` and the reminder horizon.
    """
    horizon = reminder_horizon(as_of, offsets)
    if horizon is None:
        return Assignment.objects.none()
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
        _open_task_parts()
        .filter(candidates)
        .select_related("directive__notice", "agency")
        .defer(*UNUSED_IN_MESSAGES)
        .order_by("pk")
    )


# Large columns the messages never show: left in the database when parts are read for the sweep.
UNUSED_IN_MESSAGES = ("directive__search_text", "directive__notice__source_text")


def _write_reminders(
    as_of: date, policy: NotificationPolicy, directory: RecipientDirectory, itemized: bool
) -> tuple[int, list[dict]]:
    offsets = policy.offsets
    written, entries = 0, []
    parts = reminder_candidates(as_of, offsets).iterator(chunk_size=_chunk_size())
    for chunk in _chunks(parts, _chunk_size()):
        due = [(part, reminder) for part in chunk if (reminder := reminder_due(part, as_of, offsets))]
        if not due:
            continue
        # With the policy's consent the supporting agencies receive the reminder too.
        supporting = _supporting_agency_ids(
            {part.directive_id for part, _reminder in due} if policy.copy_supporting_agencies else set()
        )
        directory.load(
            {part.agency_id for part, _reminder in due} | {a for ids in supporting.values() for a in ids}
        )
        writer = _Writer(itemized=itemized)
        for part, (period, due_on, offset) in due:
            writer.add(
                kind=NotificationKind.REMINDER,
                period=period,
                step=offset,
                recipients=directory.reminder_recipients(part.agency_id, supporting[part.directive_id]),
                render=partial(_reminder_to_render, part, period, due_on, as_of),
                emails_to=directory.wants_reminder_emails,
                entry=_entry(NotificationKind.REMINDER, part, None),
                **_about_part(part),
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


def _about_part(part) -> dict:
    """What every notification about a lead agency's part carries (`_Writer.add`'s arguments): the key's
    subject, the part and its agency, the in-app link (worked out only if written) and the task's title."""
    return {
        "subject": f"assignment:{part.pk}",
        "assignment_id": part.pk,
        "agency_id": part.agency_id,
        "link": partial(task_path, part.directive),
        "body": part.directive.title,
    }


def _entry(kind: str, part, level: int | None) -> dict:
    """How a report lists a reminder or an escalation (the recipient is added per recipient)."""
    notice = part.directive.notice
    return {
        "kind": str(kind),
        "task": part.directive.number,
        "notice": notice.number or notice.pk,
        "agency": part.agency.name,
        "level": level,
    }


def _reminder_to_render(part, period: str, due_on: date, as_of: date) -> ToRender:
    arguments = {"period": period, "due_on": due_on.isoformat(), "as_of": as_of.isoformat()}
    return ToRender(_reminder_subject(part, due_on), "reminder", part.pk, arguments)


def _reminder_subject(part, due_on: date) -> str:
    return _("Reminder: task %(task)s (%(notice)s) is due on %(date)s") % {
        "task": part.directive.number,
        "notice": notice_label(part.directive.notice),
        "date": short_date(due_on),
    }


def _render_reminder(part, period: str, due_on: str, as_of: str) -> Rendered:
    directive = part.directive
    due_date, as_of_date = date.fromisoformat(due_on), date.fromisoformat(as_of)
    subject = _reminder_subject(part, due_date)
    supporting = list(directive.supporting_agencies.all())
    return render_email(
        "reminder",
        subject,
        {
            "directive": directive,
            "notice": directive.notice,
            "agency": part.agency,
            "supporting": supporting,
            "due_on": due_date,
            "days_left": working_days_left(due_date, as_of_date),
            "is_periodic": directive.recurrence in PERIODIC_RECURRENCES,
            "period": period,
            "task_url": absolute_url(task_path(directive)),
        },
    )


def escalation_candidates(as_of: date, policy: NotificationPolicy):
    """Overdue open parts that have an escalation to open on `as_of` (decided by `escalation_level`).

    Annotated with `open_level`, the highest level open already. A level-2 or -3 step needs at least
    that many calendar days since the deadline, which the database checks before the working days are
    counted here.
    """
    open_level = Subquery(
        Escalation.objects.open().filter(assignment=OuterRef("pk")).order_by("-level").values("level")[:1]
    )
    level_2_from = as_of - timedelta(days=policy.escalation_level_2_after)
    level_3_from = as_of - timedelta(days=policy.escalation_level_3_after)
    return (
        _open_task_parts()
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


def _write_escalations(
    as_of: date, policy: NotificationPolicy, directory: RecipientDirectory, itemized: bool
) -> tuple[int, list[dict]]:
    written, entries = 0, []
    parts = escalation_candidates(as_of, policy).iterator(chunk_size=_chunk_size())
    for chunk in _chunks(parts, _chunk_size()):
        directory.load({part.agency_id for part in chunk})
        steps = [(part, step) for part in chunk for step in _levels_to_open(part, as_of, policy)]
        writer = _Writer(itemized=itemized)
        for part, step in steps:
            deadline = part.effective_deadline
            writer.escalations.append(
                Escalation(assignment_id=part.pk, level=step, missed_deadline=deadline, opened_on=as_of)
            )
            writer.add(
                kind=NotificationKind.ESCALATION,
                period=deadline.isoformat(),
                step=step,
                recipients=directory.escalation_recipients(step, part.agency_id),
                render=partial(_escalation_to_render, part, step, deadline, as_of),
                entry=_entry(NotificationKind.ESCALATION, part, step),
                **_about_part(part),
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
    arguments = {"level": level, "deadline": deadline.isoformat(), "as_of": as_of.isoformat()}
    return ToRender(_escalation_subject(part, level), "escalation", part.pk, arguments)


def _escalation_subject(part, level: int) -> str:
    return _("Overdue: task %(task)s (%(notice)s) of %(agency)s, escalation level %(level)d") % {
        "task": part.directive.number,
        "notice": notice_label(part.directive.notice),
        "agency": part.agency.short_name or part.agency.name,
        "level": level,
    }


def _render_escalation(part, level: int, deadline: str, as_of: str) -> Rendered:
    directive = part.directive
    deadline_date, as_of_date = date.fromisoformat(deadline), date.fromisoformat(as_of)
    subject = _escalation_subject(part, level)
    return render_email(
        "escalation",
        subject,
        {
            "directive": directive,
            "notice": directive.notice,
            "agency": part.agency,
            "level": level,
            "level_label": EscalationLevel(level).label,
            "deadline": deadline_date,
            "days_late": working_days_late(deadline_date, as_of_date),
            "task_url": absolute_url(task_path(directive)),
        },
    )


# ---------------------------------------------------------------------------------------------------
# The weekly digest


@dataclass
class DigestReport:
    """The digests a run wrote (or, dry, would write)."""

    as_of: date
    week: date
    notifications: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "week": self.week.isoformat(),
            "notifications": self.notifications,
        }


def digest_parts(as_of: date, horizon_days: int):
    """Open task parts overdue on `as_of` or due within `horizon_days` after it, with their deadline."""
    return _open_task_parts().filter(effective_deadline__lte=as_of + timedelta(days=horizon_days))


def run_digest(as_of: date, *, dry_run: bool = False, agency_id: int | None = None) -> DigestReport:
    """Write the week's digests: to each agency's heads its overdue and upcoming tasks; to the office and
    the leaders the province-wide summary by agency (not when `agency_id` limits the run to one agency).

    Nothing to report, no email. Once per week and recipient, however often it runs.
    """
    week = week_of(as_of)
    report = DigestReport(as_of=as_of, week=week)
    with transaction.atomic(), _in_site_language():
        policy = NotificationPolicy.current()
        parts = digest_parts(as_of, policy.digest_horizon_days)
        if agency_id is not None:
            parts = parts.filter(agency_id=agency_id)
        directory = RecipientDirectory()
        directory.load(parts.order_by().values_list("agency_id", flat=True).distinct())
        writer = _Writer(itemized=True)
        horizon = policy.digest_horizon_days
        report.notifications += _write_agency_digests(parts, as_of, week, horizon, directory, writer)
        if agency_id is None:
            report.notifications += _write_province_digest(parts, as_of, week, horizon, directory, writer)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _write_agency_digests(
    parts, as_of: date, week: date, horizon_days: int, directory: RecipientDirectory, writer: _Writer
) -> list[dict]:
    stream = (
        parts.select_related("directive__notice", "agency")
        .order_by("agency_id", "effective_deadline", "directive__notice_id", "directive__position", "pk")
        .iterator(chunk_size=_chunk_size())
    )
    entries = []
    # Grouped as the rows stream by: one agency's tasks in memory at a time.
    for count, (agency_id, group) in enumerate(groupby(stream, key=lambda part: part.agency_id), start=1):
        tasks = list(group)
        agency = tasks[0].agency
        overdue = [part for part in tasks if part.effective_deadline < as_of]
        upcoming = [part for part in tasks if part.effective_deadline >= as_of]
        writer.add(
            kind=NotificationKind.DIGEST,
            subject=f"agency:{agency_id}",
            period=week.isoformat(),
            step=0,
            recipients=directory.digest_recipients(agency_id),
            render=partial(_render_agency_digest, agency, overdue, upcoming, as_of, horizon_days),
            in_app=False,
            agency_id=agency_id,
            entry={
                "kind": str(NotificationKind.DIGEST),
                "agency": agency.name,
                "overdue": [part.directive.number for part in overdue],
                "upcoming": [part.directive.number for part in upcoming],
            },
        )
        if count % _chunk_size() == 0:
            entries += writer.flush()[1]
    return entries + writer.flush()[1]


def _digest_rows(parts, as_of: date):
    return [
        {
            "task": part.directive,
            "notice": part.directive.notice,
            "deadline": part.effective_deadline,
            "days": working_days_late(part.effective_deadline, as_of)
            if part.effective_deadline < as_of
            else working_days_left(part.effective_deadline, as_of),
            "status": part.get_status_display(),
            "url": absolute_url(task_path(part.directive)),
        }
        for part in parts
    ]


def _render_agency_digest(agency, overdue, upcoming, as_of: date, horizon_days: int) -> Rendered:
    subject = _("Weekly digest of %(agency)s: %(overdue)d overdue, %(upcoming)d due soon (%(date)s)") % {
        "agency": agency.short_name or agency.name,
        "overdue": len(overdue),
        "upcoming": len(upcoming),
        "date": short_date(as_of),
    }
    return render_email(
        "digest_agency",
        subject,
        {
            "agency": agency,
            "as_of": as_of,
            "horizon_days": horizon_days,
            "overdue": _digest_rows(overdue, as_of),
            "upcoming": _digest_rows(upcoming, as_of),
        },
    )


def _write_province_digest(
    parts, as_of: date, week: date, horizon_days: int, directory: RecipientDirectory, writer: _Writer
) -> list[dict]:
    rows = list(
        parts.order_by()
        .values("agency_id", "agency__name")
        .annotate(
            overdue=Count("pk", filter=Q(effective_deadline__lt=as_of)),
            upcoming=Count("pk", filter=Q(effective_deadline__gte=as_of)),
        )
        .order_by("-overdue", "-upcoming", "agency__name")
    )
    if not rows:
        return []
    overdue = sum(row["overdue"] for row in rows)
    upcoming = sum(row["upcoming"] for row in rows)
    recipients = unique(
        [
            *directory.office_leadership(),
            *directory.office_staff(),
            *directory.leaders(),
            *directory.office_mailboxes(),
        ]
    )
    writer.add(
        kind=NotificationKind.DIGEST,
        subject="province",
        period=week.isoformat(),
        step=0,
        recipients=recipients,
        render=partial(_render_province_digest, rows, overdue, upcoming, as_of, horizon_days),
        in_app=False,
        entry={
            "kind": str(NotificationKind.DIGEST),
            "agency": None,
            "overdue": overdue,
            "upcoming": upcoming,
        },
    )
    return writer.flush()[1]


def _render_province_digest(rows, overdue: int, upcoming: int, as_of: date, horizon_days: int) -> Rendered:
    subject = _("Province-wide weekly digest: %(overdue)d overdue, %(upcoming)d due soon (%(date)s)") % {
        "overdue": overdue,
        "upcoming": upcoming,
        "date": short_date(as_of),
    }
    return render_email(
        "digest_province", subject, {"rows": rows, "as_of": as_of, "horizon_days": horizon_days}
    )


# ---------------------------------------------------------------------------------------------------
# Sending the outbox


# How the sender renders what the sweep left to render (`ToRender.template`).
TEXTS_RENDERED_WHEN_SENT: dict[str, Callable[..., Rendered]] = {
    "reminder": _render_reminder,
    "escalation": _render_escalation,
}


def render_contents(contents) -> dict[int, str]:
    """Render and store the text of those of `contents` that the sweep left to render.

    Returns why, by content id, a text could not be rendered; the others are rendered even so.
    """
    waiting = [content for content in contents if content.to_render]
    if not waiting:
        return {}
    parts = (
        Assignment.objects.select_related("directive__notice", "agency")
        .defer(*UNUSED_IN_MESSAGES)
        .prefetch_related("directive__supporting_agencies")
        .in_bulk({content.to_render["part"] for content in waiting})
    )
    unrendered, rendered = {}, []
    with _in_site_language():
        for content in waiting:
            arguments = dict(content.to_render)
            render = TEXTS_RENDERED_WHEN_SENT.get(arguments.pop("template"))
            part = parts.get(arguments.pop("part"))
            if render is None or part is None:
                unrendered[content.pk] = _("What this email was about no longer exists.")
                continue
            try:
                text = render(part, **arguments)
            except Exception as error:  # one broken text must not hold up the batch's other emails
                logger.exception("Could not render email content %s", content.pk)
                unrendered[content.pk] = _("The email's text could not be written: %(error)s") % {
                    "error": error
                }
                continue
            content.body_text, content.body_html, content.to_render = text.text, text.html, None
            rendered.append(content)
    EmailContent.objects.bulk_update(rendered, ["body_text", "body_html", "to_render"])
    return unrendered


@dataclass
class SendReport:
    """What one run of the sender did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0


# Errors that say the recipient's address is the trouble (refused, mailbox unavailable), not the server.
ADDRESS_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the `attempts`-th failure, capped."""
    seconds = settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, settings.NOTIFICATIONS_RETRY_MAX_SECONDS))


def claim_due_messages(now, limit: int) -> tuple[uuid.UUID, list[OutboxMessage]]:
    """Take up to `limit` due messages for this sender: marked "sending" under a token and a lease.

    Rows another sender holds are skipped (`SKIP LOCKED`; SQLite serialises writers instead). A row
    whose lease ran out (its worker died) is due again.
    """
    token = uuid.uuid4()
    lease_until = now + timedelta(seconds=settings.NOTIFICATIONS_SEND_LEASE_SECONDS)
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.claimable(now)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            OutboxMessage.objects.filter(pk__in=ids).update(
                status=OutboxStatus.SENDING, claim_token=token, lease_expires_at=lease_until
            )
    return token, list(
        OutboxMessage.objects.filter(claim_token=token).select_related("content").order_by("pk")
    )


def send_due_messages(*, now=None, batch_size: int | None = None, max_batches: int = 100) -> SendReport:
    """Send what is due in the outbox, batch by batch, recording each result as it goes.

    Raises MailServerUnavailable when the server cannot be reached; the messages it held are released
    for the next run, and no address is blamed.
    """
    now = now or timezone.now()
    batch_size = batch_size or settings.NOTIFICATIONS_SEND_BATCH_SIZE
    report = SendReport()
    for _batch in range(max_batches):
        token, messages = claim_due_messages(now, batch_size)
        if not messages:
            break
        _send_batch(token, messages, report)
        if len(messages) < batch_size:
            break
    return report


def _send_batch(token: uuid.UUID, messages: list[OutboxMessage], report: SendReport) -> None:
    blocked = set(
        DeliveryAddress.objects.undeliverable()
        .filter(address__in={message.recipient_email for message in messages})
        .values_list("address", flat=True)
    )
    contents = {message.content_id: message.content for message in messages}
    unrendered = render_contents(contents.values())
    for message in messages:
        message.content = contents[message.content_id]
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        _release(token, error)
        raise MailServerUnavailable(str(error)) from error
    delivered = set()
    try:
        for message in messages:
            if message.recipient_email in blocked:
                _give_up(message, token, _("The address is marked undeliverable; correct it, then retry."))
                report.failed += 1
                continue
            if message.content_id in unrendered:
                _give_up(message, token, unrendered[message.content_id])
                report.failed += 1
                continue
            try:
                connection.send_messages([build_email(message, connection)])
            except ADDRESS_ERRORS as error:
                failed = _record_failure(message, token, error)
                report.failed += failed
                report.retrying += not failed
                if _address_failed(message.recipient_email, error):
                    blocked.add(message.recipient_email)
            except (OSError, smtplib.SMTPException) as error:
                # The server went away mid-batch: this message is retried later, the rest released.
                _record_failure(message, token, error)
                _release(token, error)
                raise MailServerUnavailable(str(error)) from error
            else:
                _record_success(message, token)
                delivered.add(message.recipient_email)
                report.sent += 1
    finally:
        try:
            connection.close()
        except (OSError, smtplib.SMTPException):
            logger.warning("Could not close the connection to the mail server", exc_info=True)
    if delivered:
        DeliveryAddress.objects.filter(address__in=delivered, consecutive_failures__gt=0).update(
            consecutive_failures=0, undeliverable_since=None
        )


def build_email(message: OutboxMessage, connection=None) -> EmailMultiAlternatives:
    """The email of an outbox row: plain text with an HTML alternative, its Message-ID from its key."""
    content = message.content
    email = EmailMultiAlternatives(
        subject=content.email_subject,
        body=content.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient_email],
        connection=connection,
        headers={
            "Message-ID": message.message_id,
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    if content.body_html:
        email.attach_alternative(content.body_html, "text/html")
    return email


def _held(message: OutboxMessage, token: uuid.UUID):
    """The row, only while this sender still holds it (a lease that ran out may have passed it on)."""
    return OutboxMessage.objects.filter(pk=message.pk, claim_token=token, status=OutboxStatus.SENDING)


def _record_success(message: OutboxMessage, token: uuid.UUID) -> None:
    updated = _held(message, token).update(
        status=OutboxStatus.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        claim_token=None,
        lease_expires_at=None,
        last_error="",
    )
    if not updated:
        logger.warning("Outbox message %s was sent after its lease ran out", message.pk)


def _record_failure(message: OutboxMessage, token: uuid.UUID, error: Exception) -> bool:
    """Count a failed attempt: retried later with backoff, or given up after the last attempt."""
    attempts = message.attempts + 1
    gave_up = attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
    _held(message, token).update(
        status=OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING,
        attempts=attempts,
        next_attempt_at=timezone.now() + retry_delay(attempts),
        claim_token=None,
        lease_expires_at=None,
        last_error=str(error)[:2000],
    )
    return gave_up


def _give_up(message: OutboxMessage, token: uuid.UUID, reason: str) -> None:
    _held(message, token).update(
        status=OutboxStatus.FAILED, claim_token=None, lease_expires_at=None, last_error=reason
    )


def _release(token: uuid.UUID, error: Exception) -> None:
    """Hand back the messages still held under `token`, untried, for the next run."""
    OutboxMessage.objects.filter(claim_token=token, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.PENDING, claim_token=None, lease_expires_at=None, last_error=str(error)[:2000]
    )


def _address_failed(address: str, error: Exception) -> bool:
    """Count a failure against the address; mark it undeliverable once it keeps failing. Returns whether
    it is marked now."""
    now = timezone.now()
    DeliveryAddress.objects.get_or_create(address=address)
    DeliveryAddress.objects.filter(address=address).update(
        consecutive_failures=F("consecutive_failures") + 1, last_error=str(error)[:2000], last_failed_at=now
    )
    DeliveryAddress.objects.filter(
        address=address,
        undeliverable_since__isnull=True,
        consecutive_failures__gte=settings.NOTIFICATIONS_UNDELIVERABLE_AFTER,
    ).update(undeliverable_since=now)
    return DeliveryAddress.objects.undeliverable().filter(address=address).exists()


def retry_failed_messages(*, addresses=(), message_ids=()) -> int:
    """Queue failed messages again: those to `addresses` (whose undeliverable mark is cleared), and
    those in `message_ids`. Returns how many."""
    addresses = [address.strip().lower() for address in addresses]
    with transaction.atomic():
        DeliveryAddress.objects.filter(address__in=addresses).update(
            consecutive_failures=0, undeliverable_since=None
        )
        DeliveryAddress.objects.filter(
            address__in=OutboxMessage.objects.filter(pk__in=message_ids).values("recipient_email")
        ).update(consecutive_failures=0, undeliverable_since=None)
        failed = OutboxMessage.objects.filter(status=OutboxStatus.FAILED).filter(
            Q(recipient_email__in=addresses) | Q(pk__in=message_ids)
        )
        return failed.update(
            status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
        )


# ---------------------------------------------------------------------------------------------------
# What people do: acknowledge an escalation, read notifications, choose what to receive


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


def mark_all_read(user) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


def receives_reminder_emails(user) -> bool:
    """Whether the user gets reminders by email (the default) or only in the notification list."""
    return not NotificationPreference.objects.filter(user=user, email_reminders=False).exists()


def set_reminder_emails(user, enabled: bool) -> NotificationPreference:
    """Turn reminder emails on or off for the user. Escalations and digests cannot be turned off."""
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_reminders": enabled}
    )
    return preference
