"""The rows of a table of task parts, worked out and written in Python.

A list page shows 25 to 50 parts; looking up each row's link, labels, dates and sentences in the template
(model attributes through the template engine, a `{% url %}` and a `{% blocktranslate %}` per row) cost as
much as the rest of the page. Here each part becomes a dict of what its row prints (`part_rows`), and
`part_rows_html` writes the rows as the template that printed those dicts did (`part_rows.html`, kept in
`tests/directives/test_rows.py`, which compares the two), to the byte: its dozen lookups, escapes and
conditions per row through the template engine cost more than the page's SQL.
"""

from datetime import date
from html import escape

from django.template.defaultfilters import truncatewords
from django.utils.formats import date_format, localize
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from directives.choices import TaskStatus, Timeliness
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


def part_rows(parts, today: date) -> list[dict]:
    """What each row shows of `parts`: dicts of `PartQuerySet.row_values` (with `timeliness`)."""
    task_link = link_by_pk("directives:directive_detail")
    no_number = gettext("(no number)")
    statuses = {value: str(label) for value, label in TaskStatus.choices}
    timeliness_labels = {value: str(label) for value, label in Timeliness.choices}
    # Deadlines repeat (month ends), and so do notices (a notice's tasks): each written out once per table.
    dates: dict[date, str] = {}
    overdue_by_deadline: dict[date, str] = {}
    notice_titles: dict[int, str] = {}
    rows = []
    for part in parts:
        deadline, timeliness = part["effective_deadline"], part["timeliness"]
        if deadline is not None and deadline not in dates:
            dates[deadline] = date_format(deadline, "SHORT_DATE_FORMAT")
        overdue = ""
        if timeliness == Timeliness.OVERDUE:
            overdue = overdue_by_deadline.get(deadline, "")
            if not overdue:
                days = days_overdue(deadline, today)
                # A translated sentence around a number, as `{% blocktranslate %}` writes it.
                overdue = overdue_by_deadline[deadline] = mark_safe(
                    ngettext("%(days)s day overdue", "%(days)s days overdue", days) % {"days": localize(days)}
                )
        notice_title = notice_titles.get(part["directive__notice_id"])
        if notice_title is None:
            notice_title = truncatewords(part["directive__notice__title"], NOTICE_TITLE_WORDS)
            notice_titles[part["directive__notice_id"]] = notice_title
        rows.append(
            {
                "url": task_link(part["directive_id"]),
                "number": part["directive__number"],
                "title": part["directive__title"],
                "notice_number": part["directive__notice__number"] or no_number,
                "notice_title": notice_title,
                "agency": part["agency__name"],
                "deadline": dates[deadline] if deadline is not None else "—",
                "deadline_text": part["directive__deadline_text"],
                "status": statuses.get(part["status"], part["status"]),
                "timeliness": timeliness,
                "timeliness_label": timeliness_labels[timeliness],
                "due_soon": is_due_soon(timeliness, deadline, today),
                "overdue": overdue,
            }
        )
    return rows


def _text(value) -> str:
    """`{{ value }}` for the strings a row holds: escaped unless already safe."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def part_rows_html(parts, today: date, show_agency: bool) -> SafeString:
    """The rows (`<tr>`) of a table of `parts`, with the lead agency's column when `show_agency`; each row
    starts and ends with a line break, as the template wrote them."""
    task_label = _text(gettext("Task"))
    agency_label = _text(gettext("Lead agency"))
    deadline_label = _text(gettext("Deadline"))
    status_label = _text(gettext("Status"))
    timeliness_label = _text(gettext("Timeliness"))
    due_soon = f'<div class="due-soon">{_text(gettext("Due soon"))}</div>'
    html = []
    for row in part_rows(parts, today):
        agency = f'<td data-label="{agency_label}">{_text(row["agency"])}</td>' if show_agency else ""
        deadline_text = row["deadline_text"]
        as_written = f'<div class="muted">“{_text(deadline_text)}”</div>' if deadline_text else ""
        overdue = f'<div class="muted">{_text(row["overdue"])}</div>' if row["overdue"] else ""
        html.append(
            f"""
<tr>
  <td data-label="{task_label}"><a href="{_text(row["url"])}"><strong>{_text(row["number"])}.</strong> {_text(row["title"])}</a>
    <div class="muted">{_text(row["notice_number"])} · {_text(row["notice_title"])}</div></td>
  {agency}
  <td data-label="{deadline_label}"><span class="nowrap">{_text(row["deadline"])}</span>
    {as_written}</td>
  <td data-label="{status_label}">{_text(row["status"])}</td>
  <td data-label="{timeliness_label}"><span class="badge {_text(row["timeliness"])}">{_text(row["timeliness_label"])}</span>
    {due_soon if row["due_soon"] else ""}
    {overdue}</td>
</tr>
"""  # noqa: E501 (the rows' lines as the template had them)
        )
    return mark_safe("".join(html))
