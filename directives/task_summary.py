"""The top of the task page: the task in its notice, its words and its facts, written as HTML in Python.

The template wrote it with some forty nodes (links, filters, two loops over agencies, translated labels) on
every view of the page. `task_summary_html` writes the same markup, to the byte;
`tests/directives/test_task_summary.py` keeps the template it replaces and compares the two.
"""

from django.template.defaultfilters import linebreaksbr, truncatewords
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from directives.importing import flag_label
from tasktracker.escaping import escape

NOTICE_TITLE_WORDS = 16


def task_summary_html(directive, parts, supporting_agencies, can_correct: bool) -> SafeString:
    """From the notice's link to the end of the task's card; `can_correct` for the office's flags and
    button."""
    notice = directive.notice
    notice_link = escape(reverse("directives:notice_detail", args=[notice.pk]))
    notice_number = escape(notice.number or _("(no number)"))
    parent = ""
    if directive.parent:
        parent = (
            f'<p class="muted"><strong>{escape(directive.parent.number)}.</strong>'
            f" {escape(directive.parent.text)}</p>"
        )
    deadline: str = escape(
        date_format(directive.deadline, "SHORT_DATE_FORMAT") if directive.deadline else _("none")
    )
    if directive.deadline_text:
        deadline += f' <span class="muted">(“{escape(directive.deadline_text)}”)</span>'
    target = ""
    if directive.target:
        target = f"<dt>{escape(_('Target'))}</dt><dd>{escape(directive.target)}</dd>"
    leads = "; ".join([escape(part.agency.name) for part in parts])
    supporting = "; ".join([escape(agency.name) for agency in supporting_agencies]) or "—"
    flags = correct = ""
    if can_correct and directive.review_flags:
        flag_labels = [escape(flag_label(flag)) for flag in directive.review_flags]
        badges = "".join([f'<span class="badge flag">{label}</span> ' for label in flag_labels])
        flags = f"<dt>{escape(_('Points to review'))}</dt><dd>{badges}</dd>"
    if can_correct:
        edit_link = escape(reverse("directives:directive_edit", args=[directive.pk]))
        correct = (
            f'<p class="actions"><a class="button" href="{edit_link}">{escape(_("Correct the task"))}</a></p>'
        )
    return mark_safe(
        f'<p class="muted"><a href="{notice_link}#item-{escape(directive.number)}">{notice_number} · '
        f"{escape(truncatewords(notice.title, NOTICE_TITLE_WORDS))}</a></p>\n"
        f"<h1>{escape(directive.number)}. {escape(directive.title)}</h1>\n"
        f'<section class="card">\n  {parent}\n'
        f'  <blockquote class="task-text">{linebreaksbr(directive.text, autoescape=True)}</blockquote>\n'
        f'  <dl class="facts">\n    <dt>{escape(_("Deadline"))}</dt>\n    <dd>{deadline}</dd>\n'
        f"    <dt>{escape(_('Recurrence'))}</dt><dd>{escape(directive.get_recurrence_display())}</dd>\n"
        f"    {target}\n"
        f"    <dt>{escape(_('Lead'))}</dt><dd>{leads}</dd>\n"
        f"    <dt>{escape(_('Supporting'))}</dt><dd>{supporting}</dd>\n"
        f"    {flags}\n  </dl>\n  {correct}\n</section>"
    )
