"""The rows of the office's escalation queue on the dashboard, written as HTML in Python.

The queue shows 30 escalations; as a template loop with the acknowledge form included per row it took about a
third of the dashboard's time (some twenty variables looked up, a `{% url %}` and an `{% include %}` per row).
This writes the same markup, to the byte, as `notifications/includes/escalation_queue.html`'s loop did with
`acknowledge_form.html` inside it; `tests/notifications/test_escalation_rows.py` renders queues of every kind
both ways and compares them. The escalations are read as values (QUEUE_ROW_VALUES), not as an escalation,
part, task, notice, agency and person built as model instances for each row. Words go through gettext, dates
through Django's formats in the active language and time zone, as the templates' `{% translate %}` and `|date`
did.
"""

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone, localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import User
from directives.rows import days_overdue
from notifications.choices import EscalationLevel
from notifications.querysets import QUEUE_COLUMNS
from tasktracker.escaping import escape as _escape
from tasktracker.kept import per_language
from tasktracker.links import link_by_pk
from tasktracker.numbers import whole_number_writer

# What a row of the queue shows of an escalation (`EscalationQuerySet.queue`), as `values()` names it: the
# queue's columns, with the keys the rows link by.
QUEUE_ROW_VALUES = ("id", "part__directive_id", *QUEUE_COLUMNS)


class _Words(NamedTuple):
    labels: dict[str, str]
    levels: dict[int, str]
    no_number: str
    what_office_did: str
    acknowledge: str
    acknowledged_by: str
    datetime_format: str
    number: Callable[[int], str]


@per_language
def _words(language: str | None) -> _Words:
    """What every row writes the same in a `language` (the active one): its words, the levels' labels escaped,
    the date format and how numbers are written; looked up once per language, not once per queue (as
    `directives.timeline._words`)."""
    return _Words(
        # The templates' `{% translate %}` of a literal writes the translation as it is (a literal is safe).
        labels={
            key: _(text)
            for key, text in (
                ("task", "Task"),
                ("agency", "Lead agency"),
                ("level", "Level"),
                ("days", "Days overdue"),
                ("action", "Office's action"),
            )
        },
        levels={level: _escape(label) for level, label in EscalationLevel.choices},
        no_number=_("(no number)"),
        what_office_did=_("What the office did"),
        acknowledge=_("Acknowledge"),
        acknowledged_by=_("Acknowledged by %(who)s on %(when)s"),
        datetime_format=get_format("SHORT_DATETIME_FORMAT"),
        number=whole_number_writer(),
    )


def escalation_rows_html(
    escalations, today: date, *, may_acknowledge: bool, csrf_input: str, next_path: str
) -> SafeString:
    """The `<tr>` of each escalation of the queue (`EscalationQuerySet.queue`, read as QUEUE_ROW_VALUES), each
    with what the office did about it or, for those who may acknowledge (`may_acknowledge`), the form to say
    it: `csrf_input` is the form's `{% csrf_token %}`, `next_path` where it returns to."""
    task_link = link_by_pk("directives:directive_detail")
    acknowledge_link = link_by_pk("notifications:escalation_acknowledge")
    words = _words(get_language())
    labels, levels, number = words.labels, words.levels, words.number
    no_number, what_office_did = words.no_number, words.what_office_did
    acknowledge, acknowledged_by = words.acknowledge, words.acknowledged_by
    datetime_format = words.datetime_format
    next_path = _escape(next_path)
    time_zone = get_current_timezone()
    rows = []
    for escalation in escalations:
        if escalation["acknowledged_at"]:
            who = User.name_shown(
                escalation["acknowledged_by__full_name"], escalation["acknowledged_by__username"]
            )
            # `{% blocktranslate %}` fills in values it has escaped.
            acknowledged = acknowledged_by % {
                "who": _escape(who),
                "when": _escape(
                    dateformat.format(localtime(escalation["acknowledged_at"], time_zone), datetime_format)
                ),
            }
            note = _escape(escalation["acknowledgement_note"])
            action = f'\n<p class="muted">{acknowledged}: {note}</p>\n\n'
        elif may_acknowledge:
            pk = escalation["id"]
            action = (
                f'\n<form method="post" action="{_escape(acknowledge_link(pk))}" class="acknowledge">\n'
                f"  {csrf_input}\n"
                f'  <input type="hidden" name="next" value="{next_path}">\n'
                f'  <label for="ack-note-{pk}" class="visually-hidden">{what_office_did}</label>\n'
                f'  <input type="text" id="ack-note-{pk}" name="note" required maxlength="2000" '
                f'placeholder="{what_office_did}">\n'
                f'  <button type="submit" class="button">{acknowledge}</button>\n</form>\n\n'
            )
        else:
            action = "\n"
        link = _escape(task_link(escalation["part__directive_id"]))
        notice_number = escalation["part__directive__notice__number"]
        notice_number = _escape(notice_number) if notice_number else no_number
        days = number(days_overdue(escalation["missed_deadline"], today))
        level = levels.get(escalation["level"]) or _escape(escalation["level"])
        rows.append(
            f'\n    \n    <tr>\n      <td data-label="{labels["task"]}"><a href="{link}">'
            f"<strong>{_escape(escalation['part__directive__number'])}.</strong> "
            f"{_escape(escalation['part__directive__title'])}</a>\n"
            f'        <div class="muted">{notice_number}</div></td>\n'
            f'      <td data-label="{labels["agency"]}">{_escape(escalation["part__agency__name"])}</td>\n'
            f'      <td data-label="{labels["level"]}"><span class="badge overdue">'
            f"{level}</span></td>\n"
            f'      <td data-label="{labels["days"]}">{days}</td>\n'
            f'      <td data-label="{labels["action"]}">{action}</td>\n    </tr>\n    \n  '
        )
    return mark_safe("".join(rows))
