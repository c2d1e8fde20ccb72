"""The rows of a table of task parts (`templates/directives/includes/part_rows.html`), worked out in Python.

A list page shows 25 to 50 parts; looking up each row's link, labels, dates and sentences in the template
(model attributes through the template engine, a `{% url %}` and a `{% blocktranslate %}` per row) cost as
much as the rest of the page. Here each part becomes a dict of what its row prints, so the template does a
plain lookup per cell and escapes as it always did.
"""

from datetime import date

from django.template.defaultfilters import truncatewords
from django.utils.formats import date_format, localize
from django.utils.safestring import mark_safe
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
    """What each row shows of `parts` (with `timeliness`, their task, notice and agency: `for_listing`)."""
    task_link = link_by_pk("directives:directive_detail")
    no_number = gettext("(no number)")
    statuses = {value: str(label) for value, label in TaskStatus.choices}
    timeliness_labels = {value: str(label) for value, label in Timeliness.choices}
    dates: dict[date, str] = {}  # deadlines repeat (month ends): each written out once
    rows = []
    for part in parts:
        task = part.directive
        notice = task.notice
        deadline = part.effective_deadline
        if deadline is not None and deadline not in dates:
            dates[deadline] = date_format(deadline, "SHORT_DATE_FORMAT")
        overdue = ""
        if part.timeliness == Timeliness.OVERDUE:
            days = days_overdue(deadline, today)
            # A translated sentence around a number, as `{% blocktranslate %}` writes it.
            overdue = mark_safe(
                ngettext("%(days)s day overdue", "%(days)s days overdue", days) % {"days": localize(days)}
            )
        rows.append(
            {
                "url": task_link(task.pk),
                "number": task.number,
                "title": task.title,
                "notice_number": notice.number or no_number,
                "notice_title": truncatewords(notice.title, NOTICE_TITLE_WORDS),
                "agency": part.agency.name,
                "deadline": dates[deadline] if deadline is not None else "—",
                "deadline_text": task.deadline_text,
                "status": statuses.get(part.status, part.status),
                "timeliness": part.timeliness,
                "timeliness_label": timeliness_labels[part.timeliness],
                "due_soon": is_due_soon(part.timeliness, deadline, today),
                "overdue": overdue,
            }
        )
    return rows
