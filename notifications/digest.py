"""The weekly digest: to each agency's heads its overdue and upcoming tasks; to the office and the leaders
the province-wide summary by agency. Rendered when written, once per week and recipient."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, partial
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from directives.choices import OVERDUE_AGEING
from notifications.choices import NotificationKind
from notifications.models import NotificationPolicy
from notifications.outbox import OutboxWriter, chunk_size
from notifications.parts import UNUSED_IN_MESSAGES, open_task_parts
from notifications.recipients import RecipientDirectory, unique
from notifications.rendering import (
    LISTED_IN_EMAIL,
    Rendered,
    absolute_url,
    in_site_language,
    my_tasks_path,
    render_email,
    short_date,
    task_path,
)
from notifications.schedule import week_of, working_days_late, working_days_left

# Columns a digest never shows, left in the database when its parts are read: the task's full text too.
UNUSED_IN_DIGESTS = (*UNUSED_IN_MESSAGES, "directive__text")
# A notice is named in a digest's rows by its number, else (a draft) the start of its title.
NOTICE_LABEL_SHOWN = 60


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
    return open_task_parts().filter(effective_deadline__lte=as_of + timedelta(days=horizon_days))


def run_digest(as_of: date, *, dry_run: bool = False, agency_id: int | None = None) -> DigestReport:
    """Write the week's digests: to each agency's heads its overdue and upcoming tasks; to the office and
    the leaders the province-wide summary by agency (not when `agency_id` limits the run to one agency).

    Nothing to report, no email. Once per week and recipient, however often it runs.
    """
    week = week_of(as_of)
    report = DigestReport(as_of=as_of, week=week)
    with transaction.atomic(), in_site_language():
        policy = NotificationPolicy.current()
        parts = digest_parts(as_of, policy.digest_horizon_days)
        if agency_id is not None:
            parts = parts.filter(agency_id=agency_id)
        directory = RecipientDirectory()
        directory.load(parts.order_by().values_list("agency_id", flat=True).distinct())
        writer = OutboxWriter(itemized=True)
        horizon = policy.digest_horizon_days
        ageing = parts.overdue_ageing(as_of, by="agency_id")  # each agency's, in one query
        report.notifications += _write_agency_digests(parts, as_of, week, horizon, directory, writer, ageing)
        if agency_id is None:
            report.notifications += _write_province_digest(
                parts, as_of, week, horizon, directory, writer, ageing
            )
        if dry_run:
            transaction.set_rollback(True)
    return report


def ageing_rows(counts: list[int] | None) -> list[tuple[str, int]]:
    """The overdue ageing bands (`overdue_ageing`) with their labels, as a digest lists them."""
    counts = counts or [0] * len(OVERDUE_AGEING)
    return [(str(label), count) for (_first, _last, label), count in zip(OVERDUE_AGEING, counts, strict=True)]


class _DigestAgency(NamedTuple):
    name: str
    short_name: str


@dataclass
class _ListedParts:
    """The parts that a batch of agencies' digests lists, read in one query when the first of those digests
    is rendered (never, when the week's digests were all written already)."""

    parts: QuerySet
    wanted: list[int] = field(default_factory=list)

    @cached_property
    def by_pk(self) -> dict:
        return self.parts.in_bulk(self.wanted)

    def listed(self, pks: list[int]) -> list:
        return [self.by_pk[pk] for pk in pks if pk in self.by_pk]


def _write_agency_digests(
    parts,
    as_of: date,
    week: date,
    horizon_days: int,
    directory: RecipientDirectory,
    writer: OutboxWriter,
    ageing: dict[int, list[int]],
) -> list[dict]:
    # Every part streams by as a few plain values, to be counted and named in the run's report; only those
    # an email lists (`LISTED_IN_EMAIL` of each kind per agency) are read whole, when rendered.
    stream = (
        parts.order_by("agency_id", "effective_deadline", "directive__notice_id", "directive__position", "pk")
        .values_list(
            "agency_id",
            "agency__name",
            "agency__short_name",
            "pk",
            "effective_deadline",
            "directive__number",
            named=True,
        )
        .iterator(chunk_size=chunk_size())
    )
    whole_parts = parts.select_related("directive__notice", "agency").defer(*UNUSED_IN_DIGESTS)
    batch = _ListedParts(whole_parts)
    entries = []
    held = 0  # parts waiting in the writer's batch, to be rendered and written when it is flushed
    # Grouped as the rows stream by (one agency's tasks at a time), and written as soon as a chunk of parts
    # is waiting: memory holds one chunk, or one agency if it has more, never the whole province.
    for agency_id, group in groupby(stream, key=attrgetter("agency_id")):
        tasks = list(group)
        name, short_name = tasks[0].agency__name, tasks[0].agency__short_name
        overdue = [task for task in tasks if task.effective_deadline < as_of]
        upcoming = [task for task in tasks if task.effective_deadline >= as_of]
        listed_overdue = [task.pk for task in overdue[:LISTED_IN_EMAIL]]
        listed_upcoming = [task.pk for task in upcoming[:LISTED_IN_EMAIL]]
        batch.wanted += listed_overdue + listed_upcoming
        writer.add(
            kind=NotificationKind.DIGEST,
            subject=f"agency:{agency_id}",
            period=week.isoformat(),
            step=0,
            recipients=directory.digest_recipients(agency_id),
            render=partial(
                _render_agency_digest,
                _DigestAgency(name, short_name),
                partial(batch.listed, listed_overdue),
                len(overdue),
                partial(batch.listed, listed_upcoming),
                len(upcoming),
                as_of,
                horizon_days,
                ageing.get(agency_id),
            ),
            in_app=False,
            agency_id=agency_id,
            entry={
                "kind": str(NotificationKind.DIGEST),
                "agency": name,
                "overdue": [task.directive__number for task in overdue],
                "upcoming": [task.directive__number for task in upcoming],
            },
        )
        held += len(tasks)
        if held >= chunk_size():
            entries += writer.flush()[1]
            held = 0
            batch = _ListedParts(whole_parts)
    return entries + writer.flush()[1]


def _digest_rows(parts, as_of: date):
    """A digest's table rows, with what the templates show of each worked out here once per value (a
    notice's label, a date, a status) rather than by template filters once per row and template."""
    notice_labels: dict[int, str] = {}
    dates: dict[date, str] = {}
    statuses: dict[str, str] = {}
    rows = []
    for part in parts:
        notice = part.directive.notice
        deadline = part.effective_deadline
        if notice.pk not in notice_labels:
            notice_labels[notice.pk] = Truncator(notice.number or notice.title).chars(NOTICE_LABEL_SHOWN)
        if deadline not in dates:
            dates[deadline] = short_date(deadline)
        if part.status not in statuses:
            statuses[part.status] = part.get_status_display()
        rows.append(
            {
                "task": part.directive,
                "notice": notice,
                "notice_label": notice_labels[notice.pk],
                "deadline": deadline,
                "deadline_shown": dates[deadline],
                "days": working_days_late(deadline, as_of)
                if deadline < as_of
                else working_days_left(deadline, as_of),
                "status": statuses[part.status],
                "url": absolute_url(task_path(part.directive)),
            }
        )
    return rows


def _render_agency_digest(
    agency: _DigestAgency,
    overdue: Callable[[], list],
    overdue_count: int,
    upcoming: Callable[[], list],
    upcoming_count: int,
    as_of: date,
    horizon_days: int,
    ageing: list[int] | None = None,
) -> Rendered:
    """An agency's digest: `overdue` and `upcoming` give the parts it lists (the most overdue and the soonest
    due), of `overdue_count` and `upcoming_count`; the rest are counted."""
    subject = _("Weekly digest of %(agency)s: %(overdue)d overdue, %(upcoming)d due soon (%(date)s)") % {
        "agency": agency.short_name or agency.name,
        "overdue": overdue_count,
        "upcoming": upcoming_count,
        "date": short_date(as_of),
    }
    overdue_rows, upcoming_rows = _digest_rows(overdue(), as_of), _digest_rows(upcoming(), as_of)
    return render_email(
        "digest_agency",
        subject,
        {
            "agency": agency,
            "as_of": as_of,
            "horizon_days": horizon_days,
            "overdue": overdue_rows,
            "overdue_count": overdue_count,
            "overdue_unlisted": overdue_count - len(overdue_rows),
            "upcoming": upcoming_rows,
            "upcoming_count": upcoming_count,
            "upcoming_unlisted": upcoming_count - len(upcoming_rows),
            "ageing": ageing_rows(ageing),
            "my_tasks_url": absolute_url(my_tasks_path()),
        },
    )


def _write_province_digest(
    parts,
    as_of: date,
    week: date,
    horizon_days: int,
    directory: RecipientDirectory,
    writer: OutboxWriter,
    ageing: dict[int, list[int]],
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
        render=partial(
            _render_province_digest,
            rows,
            overdue,
            upcoming,
            as_of,
            horizon_days,
            [sum(band) for band in zip(*ageing.values(), strict=True)] if ageing else None,
        ),
        in_app=False,
        entry={
            "kind": str(NotificationKind.DIGEST),
            "agency": None,
            "overdue": overdue,
            "upcoming": upcoming,
        },
    )
    return writer.flush()[1]


def _render_province_digest(
    rows, overdue: int, upcoming: int, as_of: date, horizon_days: int, ageing: list[int] | None = None
) -> Rendered:
    subject = _("Province-wide weekly digest: %(overdue)d overdue, %(upcoming)d due soon (%(date)s)") % {
        "overdue": overdue,
        "upcoming": upcoming,
        "date": short_date(as_of),
    }
    return render_email(
        "digest_province",
        subject,
        {"rows": rows, "as_of": as_of, "horizon_days": horizon_days, "ageing": ageing_rows(ageing)},
    )
