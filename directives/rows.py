"""The rows of a table of task parts, worked out and written in Python.

A list page shows 25 to 50 parts; looking up each row's link, labels, dates and sentences in the template
(model attributes through the template engine, a `{% url %}` and a `{% blocktranslate %}` per row) cost as
much as the rest of the page. `part_rows_html` writes the rows as the template did, to the byte
(`tests/directives/test_rows.py` keeps the template and compares the two), each text that repeats down a
table (a notice's line, an agency, a deadline) worked out and escaped once.
"""

from datetime import date
from functools import lru_cache
from html import escape
from typing import NamedTuple

from django.template.defaultfilters import truncatewords
from django.utils.formats import get_format, localize
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from directives.choices import TaskStatus, Timeliness
from tasktracker.dates import DateWriter
from tasktracker.links import link_by_pk

# A task within this many days of its deadline is marked "due soon" in lists.
DUE_SOON_DAYS = 7
NOTICE_TITLE_WORDS = 12


def is_due_soon(timeliness: str, deadline: date | None, today: date) -> bool:
    """Whether a part still within its deadline has at most DUE_SOON_DAYS days left."""
    return (
        timeliness == Timeliness.IN_PROGRESS_ON_TIME
        and deadline is not None
        and (deadline - today).days <= DUE_SOON_DAYS
    )


def days_overdue(deadline: date | None, today: date | None) -> int:
    """Whole days since the deadline passed."""
    return (today - deadline).days if deadline and today else 0


def _text(value) -> str:
    """`{{ value }}` for the strings a row holds: escaped unless already safe."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


class _FixedCells(NamedTuple):
    task_label: str
    agency_label: str
    deadline_label: str
    status_cells: dict[str, str]
    badges: dict[str, str]
    due_soon: str
    no_number: str


@lru_cache(maxsize=16)
def _fixed_cells(language: str | None) -> _FixedCells:
    """What a table's rows write the same in every table of a `language` (the active one): labels, the status
    cells, the timeliness badges."""
    status_label = _text(gettext("Status"))
    timeliness_label = _text(gettext("Timeliness"))
    return _FixedCells(
        task_label=_text(gettext("Task")),
        agency_label=_text(gettext("Lead agency")),
        deadline_label=_text(gettext("Deadline")),
        status_cells={
            value: f'<td data-label="{status_label}">{_text(label)}</td>'
            for value, label in TaskStatus.choices
        },
        badges={
            value: f'<td data-label="{timeliness_label}">'
            f'<span class="badge {_text(value)}">{_text(label)}</span>'
            for value, label in Timeliness.choices
        },
        due_soon=f'<div class="due-soon">{_text(gettext("Due soon"))}</div>',
        no_number=gettext("(no number)"),
    )


@lru_cache(maxsize=4096)
def _notice_title_shown(title: str) -> str:
    """A notice's title under each of its tasks: its first NOTICE_TITLE_WORDS words, escaped. Kept per title
    (`truncatewords` costs more than the rest of a row, and the same notices come back page after page)."""
    return _text(truncatewords(title, NOTICE_TITLE_WORDS))


def part_rows_html(parts, today: date, show_agency: bool) -> SafeString:
    """The rows (`<tr>`) of a table of `parts` (dicts of `PartQuerySet.row_values`, with `timeliness`), with
    the lead agency's column when `show_agency`; each row starts and ends with a line break, as the template
    wrote them.

    Written from the parts directly, each text escaped once per table: a notice's line, an agency's cell,
    a deadline's, a status's and a timeliness's are the same for many rows."""
    task_link = link_by_pk("directives:directive_detail")
    fixed = _fixed_cells(get_language())
    task_label, agency_label, deadline_label = fixed.task_label, fixed.agency_label, fixed.deadline_label
    status_cells, badges, due_soon, no_number = (
        fixed.status_cells,
        fixed.badges,
        fixed.due_soon,
        fixed.no_number,
    )
    write_date = DateWriter(get_format("SHORT_DATE_FORMAT"))
    notice_lines: dict[int, str] = {}
    agency_cells: dict[str, str] = {}
    deadline_cells: dict[date | None, str] = {}
    overdue_lines: dict[date | None, str] = {}
    html = []
    for part in parts:
        deadline, timeliness = part["effective_deadline"], part["timeliness"]
        notice_line = notice_lines.get(part["directive__notice_id"])
        if notice_line is None:
            number = part["directive__notice__number"] or no_number
            title = _notice_title_shown(part["directive__notice__title"])
            notice_line = notice_lines[part["directive__notice_id"]] = f"{_text(number)} · {title}"
        agency = ""
        if show_agency:
            agency = agency_cells.get(part["agency__name"], "")
            if not agency:
                agency = agency_cells[part["agency__name"]] = (
                    f'<td data-label="{agency_label}">{_text(part["agency__name"])}</td>'
                )
        deadline_cell = deadline_cells.get(deadline)
        if deadline_cell is None:
            shown = write_date(deadline) if deadline is not None else "—"
            deadline_cell = deadline_cells[deadline] = (
                f'<td data-label="{deadline_label}"><span class="nowrap">{_text(shown)}</span>'
            )
        deadline_text = part["directive__deadline_text"]
        as_written = f'<div class="muted">“{escape(deadline_text)}”</div>' if deadline_text else ""
        overdue = ""
        if timeliness == Timeliness.OVERDUE:
            overdue = overdue_lines.get(deadline, "")
            if not overdue:
                days = days_overdue(deadline, today)
                # A translated sentence around a number, as `{% blocktranslate %}` writes it (not escaped).
                sentence = ngettext("%(days)s day overdue", "%(days)s days overdue", days)
                overdue = overdue_lines[deadline] = (
                    f'<div class="muted">{sentence % {"days": localize(days)}}</div>'
                )
        status = status_cells.get(part["status"])
        if status is None:  # a status without a label: as it is stored
            status = f'<td data-label="{_text(gettext("Status"))}">{_text(part["status"])}</td>'
        html.append(
            f"""
<tr>
  <td data-label="{task_label}"><a href="{escape(task_link(part["directive_id"]))}"><strong>{escape(part["directive__number"])}.</strong> {escape(part["directive__title"])}</a>
    <div class="muted">{notice_line}</div></td>
  {agency}
  {deadline_cell}
    {as_written}</td>
  {status}
  {badges[timeliness]}
    {due_soon if is_due_soon(timeliness, deadline, today) else ""}
    {overdue}</td>
</tr>
"""  # noqa: E501 (the rows' lines as the template had them)
        )
    return mark_safe("".join(html))


def notice_rows_html(notices) -> SafeString:
    """The rows (`<tr>`) of the notice list of `notices` (with `task_count`), as its template's loop wrote
    them (`tests/directives/test_rows.py` keeps the loop and compares the two)."""
    notice_link = link_by_pk("directives:notice_detail")
    write_date = DateWriter(get_format("SHORT_DATE_FORMAT"))
    no_number = gettext("(no number)")
    html = []
    for notice in notices:
        issued_on = write_date(notice.issued_on) if notice.issued_on else "—"
        html.append(
            f"""
    <tr>
      <td>{_text(notice.number or no_number)}</td>
      <td><a href="{_text(notice_link(notice.pk))}">{_text(notice.title)}</a></td>
      <td>{_text(issued_on)}</td>
      <td>{_text(localize(notice.task_count))}</td>
    </tr>
  """
        )
    return mark_safe("".join(html))
