"""The top of the task page: the task in its notice, its words and its facts, written as HTML in Python.

The template wrote it with some forty nodes (links, filters, two loops over agencies, translated labels) on
every view of the page. `task_summary_html` writes the same markup, to the byte;
`tests/directives/test_task_summary.py` keeps the template it replaces and compares the two.
"""

from typing import NamedTuple

from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directives.choices import Recurrence
from directives.importing import flag_label
from directives.rows import truncated_words
from directives.timeline import lines_html
from tasktracker.dates import DateWriter
from tasktracker.escaping import escape
from tasktracker.kept import per_language
from tasktracker.links import current_place, link_by_pk

NOTICE_TITLE_WORDS = 16


class _Words(NamedTuple):
    no_number: str
    none: str
    deadline: str
    recurrence: str
    target: str
    lead: str
    supporting: str
    points_to_review: str
    correct_the_task: str
    recurrences: dict[str, str]
    write_date: DateWriter


@per_language
def _words(language: str | None) -> _Words:
    """What the summary writes the same in a `language` (the active one): its words and labels escaped, its
    date format read; looked up once per language, not once per page."""
    return _Words(
        no_number=escape(_("(no number)")),
        none=escape(_("none")),
        deadline=escape(_("Deadline")),
        recurrence=escape(_("Recurrence")),
        target=escape(_("Target")),
        lead=escape(_("Lead")),
        supporting=escape(_("Supporting")),
        points_to_review=escape(_("Points to review")),
        correct_the_task=escape(_("Correct the task")),
        recurrences={value: escape(label) for value, label in Recurrence.choices},
        write_date=DateWriter(get_format("SHORT_DATE_FORMAT")),
    )


def task_summary_html(directive, parts, supporting_agencies, can_correct: bool) -> SafeString:
    """From the notice's link to the end of the task's card; `can_correct` for the office's flags and
    button."""
    words = _words(get_language())
    notice = directive.notice
    place = current_place()  # read once for both links
    notice_link = escape(link_by_pk("directives:notice_detail", place=place)(notice.pk))
    notice_number = escape(notice.number) if notice.number else words.no_number
    parent = ""
    if directive.parent:
        parent = (
            f'<p class="muted"><strong>{escape(directive.parent.number)}.</strong>'
            f" {escape(directive.parent.text)}</p>"
        )
    deadline: str = escape(words.write_date(directive.deadline)) if directive.deadline else words.none
    if directive.deadline_text:
        deadline += f' <span class="muted">(“{escape(directive.deadline_text)}”)</span>'
    target = ""
    if directive.target:
        target = f"<dt>{words.target}</dt><dd>{escape(directive.target)}</dd>"
    leads = "; ".join([escape(part.agency_name) for part in parts])
    supporting = "; ".join([escape(agency.name) for agency in supporting_agencies]) or "—"
    # As `get_recurrence_display()`: a value that is not a choice is shown as it is.
    recurrence = words.recurrences.get(directive.recurrence) or escape(directive.recurrence)
    flags = correct = ""
    if can_correct and directive.review_flags:
        flag_labels = [escape(flag_label(flag)) for flag in directive.review_flags]
        badges = "".join([f'<span class="badge flag">{label}</span> ' for label in flag_labels])
        flags = f"<dt>{words.points_to_review}</dt><dd>{badges}</dd>"
    if can_correct:
        edit_link = escape(link_by_pk("directives:directive_edit", place=place)(directive.pk))
        correct = f'<p class="actions"><a class="button" href="{edit_link}">{words.correct_the_task}</a></p>'
    return mark_safe(
        f'<p class="muted"><a href="{notice_link}#item-{escape(directive.number)}">{notice_number} · '
        f"{escape(truncated_words(notice.title, NOTICE_TITLE_WORDS))}</a></p>\n"
        f"<h1>{escape(directive.number)}. {escape(directive.title)}</h1>\n"
        f'<section class="card">\n  {parent}\n'
        f'  <blockquote class="task-text">{lines_html(directive.text)}</blockquote>\n'
        f'  <dl class="facts">\n    <dt>{words.deadline}</dt>\n    <dd>{deadline}</dd>\n'
        f"    <dt>{words.recurrence}</dt><dd>{recurrence}</dd>\n"
        f"    {target}\n"
        f"    <dt>{words.lead}</dt><dd>{leads}</dd>\n"
        f"    <dt>{words.supporting}</dt><dd>{supporting}</dd>\n"
        f"    {flags}\n  </dl>\n  {correct}\n</section>"
    )
