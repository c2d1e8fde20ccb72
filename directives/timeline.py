"""The task page's history: its entries read as plain rows and written as HTML in Python.

The template loop it replaces looked up some twenty variables per entry, for up to 192 entries a page
(`?history=all`), and the entries came as four model instances each (entry, author, agency, part). This writes
the same markup, to the byte, from one row per entry; `tests/directives/test_timeline.py` renders entries of
every kind both ways and compares them. Words go through gettext, dates through Django's date formats in the
active language and time zone, as the template's `{% translate %}` and `|date` did.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import NamedTuple

from django.db.models import Count, TextField, Window
from django.db.models.functions import Cast
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accounts.models import User
from directives.choices import TaskStatus, UpdateKind
from directives.files import stored_file_name
from directives.models import ProgressUpdate
from tasktracker.dates import DateWriter, timestamp_writer
from tasktracker.escaping import escape as _escape
from tasktracker.kept import per_language
from tasktracker.links import Place, link_by_pk
from tasktracker.numbers import whole_number_writer
from tasktracker.statements import PLACEHOLDER_IDS, PreparedQuery

# The columns an entry shows, and `total`: how many entries the task has in all (counted by the same query).
# The time an entry was written is read as text (`created_at_text`): the database driver's reading of a
# timestamp with its time zone, in Python, cost more than the rest of the page's history together.
COLUMNS = (
    "pk",
    "part_id",
    "created_at_text",
    "kind",
    "status_before",
    "status_after",
    "deadline_before",
    "deadline_after",
    "note",
    "evidence",
    "author_id",
    "author__full_name",
    "author__username",
    "agency_id",
    "agency__short_name",
    "agency__name",
    "total",
)


@dataclass
class History:
    """The entries a task page shows, newest first (named tuples of the COLUMNS), and how many the task has
    in all."""

    entries: list[tuple]
    total: int

    @property
    def shown(self) -> int:
        return len(self.entries)


def task_history(parts, limit: int | None) -> History:
    """The history of the parts of one task: the latest `limit` entries (all of them with None)."""
    part_ids = [part.pk for part in parts]
    shown = _latest_entries(limit)(part_ids) if part_ids else []
    return History(shown, shown[0].total if shown else 0)


@cache
def _latest_entries(limit: int | None) -> PreparedQuery:
    """The query of the latest `limit` entries of some parts, compiled once (`PreparedQuery`) for each limit
    (the page's two: HISTORY_SHOWN and all). Its rows are named tuples: a dict of seventeen keys per row cost
    more than writing the entry's time."""

    def entries(part_ids):
        entries = (
            ProgressUpdate.objects.filter(part__in=part_ids)
            .annotate(total=Window(Count("pk")), created_at_text=Cast("created_at", TextField()))
            .order_by("-created_at", "-id")
            .values_list(*COLUMNS, named=True)
        )
        return entries if limit is None else entries[:limit]

    return PreparedQuery(ProgressUpdate, entries, (PLACEHOLDER_IDS,))


def history_shown_html(history: History) -> SafeString:
    """What follows the history's heading: how many of the latest entries are shown, when not all are."""
    if not history.shown < history.total:
        return mark_safe("")
    words = ngettext("the latest entry", "the latest %(counter)s entries", history.shown)
    words %= {"counter": whole_number_writer()(history.shown)}
    return mark_safe(f' <span class="muted">· {words}</span>')


def whole_history_html(history: History, task_pk: int, place: Place | None = None) -> SafeString:
    """The link to the whole history, when not all its entries are shown (`place` as `current_place` gives
    it, read if not given)."""
    if not history.shown < history.total:
        return mark_safe("")
    words = ngettext(
        "The whole history (%(counter)s entry)", "The whole history (%(counter)s entries)", history.total
    )
    address = _escape(link_by_pk("directives:directive_detail", place=place)(task_pk))
    words %= {"counter": whole_number_writer()(history.total)}
    return mark_safe(f'<p><a href="{address}?history=all#history" id="whole-history">{words}</a></p>')


def lead_names(parts) -> dict[int, str] | None:
    """On a task with several leads, each part's agency name by the part's id (each entry then says whose
    part it is); None on a task with one. The parts as `task_reads.parts_shown` gives them."""
    return {part.pk: part.agency_name for part in parts} if len(parts) > 1 else None


def history_html(
    entries: list[tuple], agency_names: dict[int, str] | None, place: Place | None = None
) -> SafeString:
    """The `<li>` of each entry (or the line saying there is none); with `agency_names` (part id → the lead
    agency's name, for a task with several leads) each entry says whose part it is; `place` as
    `current_place` gives it, for the links to evidence."""
    if not entries:
        return format_html("\n  <li>{}</li>\n", _("No updates yet."))
    writer = _EntryWriter(agency_names, place)
    return mark_safe("".join([writer.entry_html(entry) for entry in entries]))


class _Words(NamedTuple):
    system: str
    deadline: str
    proposed_deadline: str
    evidence: str
    kinds: dict[str, str]
    statuses: dict[str, str]
    write_date: DateWriter
    write_datetime: Callable[[datetime], str]
    # Whether a time written by `write_datetime` may need escaping: not when it is written as numbers and the
    # format's own text (`timestamp_writer`'s fields alone), and that text has nothing to escape.
    escape_datetimes: bool


@per_language
def _words(language: str | None) -> _Words:
    """What every entry writes the same in a `language` (the active one): its words and labels escaped, its
    date formats read; looked up once per language, not once per page."""
    datetime_format = str(get_format("SHORT_DATETIME_FORMAT"))
    write_datetime = timestamp_writer(datetime_format)
    return _Words(
        system=_escape(_("system")),
        deadline=_escape(_("deadline")),
        proposed_deadline=_escape(_("proposed deadline")),
        evidence=_escape(_("Evidence")),
        kinds={value: _escape(label) for value, label in UpdateKind.choices},
        statuses={value: _escape(label) for value, label in TaskStatus.choices},
        write_date=DateWriter(get_format("SHORT_DATE_FORMAT")),
        write_datetime=write_datetime,
        escape_datetimes=isinstance(write_datetime, DateWriter)
        or _escape(datetime_format) != datetime_format,
    )


def written_at(text: str) -> datetime:
    """The moment an entry was written, from the database's text of it (`created_at_text`): PostgreSQL writes
    it with its offset, in the ISO style psycopg itself requires to read timestamps; SQLite as Django stores
    it there, in UTC without an offset."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


_EXTENSION_REQUESTED = str(UpdateKind.EXTENSION_REQUESTED)


class _EntryWriter:
    """Writes entries in the active language and time zone: its words, labels and date formats are looked
    up once per language (`_words`), its time zone once per page, and each day and each author written once,
    not once per entry."""

    def __init__(self, agency_names: dict[int, str] | None, place: Place | None = None):
        self.agency_names = agency_names
        self.place = place
        words = _words(get_language())
        self.system, self.deadline, self.proposed_deadline, self.evidence = (
            words.system,
            words.deadline,
            words.proposed_deadline,
            words.evidence,
        )
        self.kinds, self.statuses = words.kinds, words.statuses
        self.write_date, self.write_datetime = words.write_date, words.write_datetime
        self.escape_datetimes = words.escape_datetimes
        self.time_zone = get_current_timezone()
        self.days: dict = {}
        self.authors: dict[tuple, str] = {}
        self.evidence_link: Callable[[int], str] | None = None

    def entry_html(self, entry) -> str:
        """The template's loop body, for one entry (a row of the COLUMNS)."""
        author = (entry.author_id, entry.agency_id, entry.part_id)
        by = self.authors.get(author)
        if by is None:
            by = self.authors[author] = self._by(entry)
        at = self.write_datetime(written_at(entry.created_at_text).astimezone(self.time_zone))
        if self.escape_datetimes:
            at = _escape(at)
        kind = entry.kind
        what = f"<strong>{self.kinds.get(kind) or _escape(kind)}</strong>"
        status_before, status_after = entry.status_before, entry.status_after
        if status_before != status_after:
            before = self.statuses.get(status_before) or _escape(status_before)
            after = self.statuses.get(status_after) or _escape(status_after)
            what += f": {before} → {after}"
        if kind == _EXTENSION_REQUESTED:
            deadline = f" · {self.proposed_deadline} {self._day(entry.deadline_after)}"
        elif entry.deadline_after:
            before, after = self._day(entry.deadline_before) or "—", self._day(entry.deadline_after)
            deadline = f" · {self.deadline} {before} → {after}"
        else:
            deadline = ""
        note = f'<div class="note">{lines_html(entry.note)}</div>' if entry.note else ""
        evidence = ""
        if entry.evidence:
            if self.evidence_link is None:
                self.evidence_link = link_by_pk("directives:evidence_download", place=self.place)
            url = _escape(self.evidence_link(entry.pk))
            name = _escape(stored_file_name(entry.evidence))
            evidence = f'<div><a href="{url}">{self.evidence}: {name}</a></div>'
        return (
            f'\n  <li class="timeline-entry">\n    <div class="muted">{at} · {by}</div>\n'
            f"    <div>{what}\n      {deadline}</div>\n    {note}\n    {evidence}\n  </li>\n"
        )

    def _by(self, entry) -> str:
        """Who wrote the entry (the system, or a person and their agency), and whose part it is."""
        if entry.author_id is None:
            by = self.system
        else:
            by = _escape(User.name_shown(entry.author__full_name, entry.author__username))
        if entry.agency_id is not None:
            by += f" ({_escape(entry.agency__short_name or entry.agency__name)})"
        if self.agency_names is not None:
            by += f" · {_escape(self.agency_names[entry.part_id])}"
        return by

    def _day(self, day) -> str:
        """`{{ day|date:"SHORT_DATE_FORMAT" }}`, "" for none."""
        if day is None:
            return ""
        if day not in self.days:
            self.days[day] = _escape(self.write_date(day))
        return self.days[day]


def lines_html(text: str) -> str:
    """What `{{ text|linebreaksbr }}` writes of a plain string: escaped, each line break (CRLF, CR or LF)
    written as `<br>`."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _escape(text)
    return text.replace("\n", "<br>") if "\n" in text else text
