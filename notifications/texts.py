"""The texts the sender renders from what the sweep stored: reminders and escalations, by (name, version).

The sweep writes tens of thousands of reminders on a busy day; it stores each one's subject line and what
its text is made of (`EmailContent.to_render`), and the sender renders the text when it first sends it:
`{"renderer": name, "version": n, "part": id, "arguments": {...}}`. Mail queued before a deploy is rendered
after it, so a renderer's arguments are never changed in place: a change registers a new version and
the old one stays registered while messages queued in its form may still wait (`NOTIFICATIONS_MAX_ATTEMPTS`
retries take at most a few days). The form written before versions existed,
`{"template": name, "part": id, **arguments}`, reads as version 1. A stored form that no registered
renderer takes fails that message alone, with the reason; the batch's other messages go out.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directives.models import Part
from notifications.choices import EscalationLevel
from notifications.models import EmailContent
from notifications.parts import UNUSED_IN_MESSAGES
from notifications.rendering import (
    LISTED_IN_EMAIL,
    Rendered,
    ToRender,
    absolute_url,
    in_site_language,
    my_tasks_path,
    notice_label,
    render_email,
    short_date,
    task_path,
)
from notifications.schedule import PERIODIC_RECURRENCES, working_days_late, working_days_left

logger = logging.getLogger(__name__)

# The renderers by (name, version), and the version new messages are written in, by name.
RENDERERS: dict[tuple[str, int], Callable[..., Rendered]] = {}
CURRENT_VERSIONS: dict[str, int] = {}
# Renderers of a text about several parts (a grouped reminder), by (name, version): which parts its
# arguments name. They are called with the parts by id instead of one part.
PARTS_OF: dict[tuple[str, int], Callable[[dict], list[int]]] = {}


def renderer(name: str, version: int, *, parts_of: Callable[[dict], list[int]] | None = None):
    """Register a function as the renderer `name` in `version`; the highest version is the current one.

    `parts_of`: the renderer writes about the parts its arguments name (`parts_of(arguments)`), not one.
    """

    def register(function):
        RENDERERS[(name, version)] = function
        CURRENT_VERSIONS[name] = max(CURRENT_VERSIONS.get(name, 0), version)
        if parts_of is not None:
            PARTS_OF[(name, version)] = parts_of
        return function

    return register


def to_render(name: str, subject: str, part_id: int | None, **arguments) -> ToRender:
    """What the sweep stores for a text the current version of the renderer `name` will write."""
    return ToRender(subject, name, CURRENT_VERSIONS[name], part_id, arguments)


@dataclass(frozen=True)
class StoredText:
    """`EmailContent.to_render` read in whichever form it was written."""

    renderer: str
    version: int
    part_id: int | None
    arguments: dict

    @property
    def part_ids(self) -> list[int]:
        """The parts the text is about."""
        parts_of = PARTS_OF.get((self.renderer, self.version))
        if parts_of is not None:
            return parts_of(self.arguments)
        return [] if self.part_id is None else [self.part_id]


def read_stored(stored: dict) -> StoredText:
    """Read a stored form: versioned, or the first form (no version: 1, its arguments at the top)."""
    if "renderer" in stored:
        return StoredText(
            stored["renderer"], int(stored.get("version", 1)), stored.get("part"), stored.get("arguments", {})
        )
    arguments = {key: value for key, value in stored.items() if key not in ("template", "part")}
    return StoredText(stored.get("template", ""), 1, stored.get("part"), arguments)


def reminder_subject(part, due_on: date) -> str:
    return _("Reminder: task %(task)s (%(notice)s) is due on %(date)s") % {
        "task": part.directive.number,
        "notice": notice_label(part.directive.notice),
        "date": short_date(due_on),
    }


@renderer("reminder", version=1)
def render_reminder(part, period: str, due_on: str, as_of: str) -> Rendered:
    directive = part.directive
    due_day, as_of_day = date.fromisoformat(due_on), date.fromisoformat(as_of)
    subject = reminder_subject(part, due_day)
    # Names, not agencies: the text template joins them with autoescaping off, where `join` gives up on
    # anything but strings and prints the list itself.
    supporting = [agency.name for agency in directive.supporting_agencies.all()]
    return render_email(
        "reminder",
        subject,
        {
            "directive": directive,
            "notice": directive.notice,
            "agency": part.agency,
            "supporting": supporting,
            "due_on": due_day,
            "days_left": working_days_left(due_day, as_of_day),
            "is_periodic": directive.recurrence in PERIODIC_RECURRENCES,
            "period": period,
            "task_url": absolute_url(task_path(directive)),
        },
    )


def grouped_reminder_subject(count: int, first_due_on: date) -> str:
    return ngettext(
        "Reminder: %(count)d task is due soon, the first on %(date)s",
        "Reminder: %(count)d tasks are due soon, the first on %(date)s",
        count,
    ) % {"count": count, "date": short_date(first_due_on)}


def _listed_reminders(arguments: dict) -> list[int]:
    return [part_id for part_id, _period, _due_on, _step in arguments["reminders"][:LISTED_IN_EMAIL]]


@renderer("reminders", version=1, parts_of=_listed_reminders)
def render_grouped_reminder(parts: dict, reminders: list, as_of: str) -> Rendered:
    """One email listing a recipient's reminders of a run, in the order given (by due date): `reminders`
    holds [part id, period, due date, step] each; a part deleted since is left out. Past the first
    `LISTED_IN_EMAIL`, the reminders are counted, not listed."""
    rows = []
    for part_id, period, due_on, step in reminders[:LISTED_IN_EMAIL]:
        part = parts.get(part_id)
        if part is None:
            continue
        directive = part.directive
        rows.append(
            {
                "notice": notice_label(directive.notice),
                "task": directive,
                "agency": part.agency.name,
                "due_on": short_date(date.fromisoformat(due_on)),
                "period": period if directive.recurrence in PERIODIC_RECURRENCES else "",
                "step": reminder_step_label(step),
                "url": absolute_url(task_path(directive)),
            }
        )
    if not rows:
        raise LookupError(_("What this email was about no longer exists."))
    unlisted = len(reminders[LISTED_IN_EMAIL:])
    subject = grouped_reminder_subject(len(rows) + unlisted, date.fromisoformat(reminders[0][2]))
    return render_email(
        "reminders",
        subject,
        {
            "rows": rows,
            "tasks": len(rows) + unlisted,
            "unlisted": unlisted,
            "as_of": date.fromisoformat(as_of),
            "my_tasks_url": absolute_url(my_tasks_path()),
        },
    )


def reminder_step_label(step: int) -> str:
    """How a grouped reminder names a reminder's step: working days before the deadline, or the day."""
    if step == 0:
        return _("On the last working day")
    return ngettext("%(days)d working day before", "%(days)d working days before", step) % {"days": step}


def escalation_subject(part, level: int) -> str:
    return _("Overdue: task %(task)s (%(notice)s) of %(agency)s, escalation level %(level)d") % {
        "task": part.directive.number,
        "notice": notice_label(part.directive.notice),
        "agency": part.agency.short_name or part.agency.name,
        "level": level,
    }


@renderer("escalation", version=1)
def render_escalation(part, level: int, deadline: str, as_of: str) -> Rendered:
    directive = part.directive
    deadline_day, as_of_day = date.fromisoformat(deadline), date.fromisoformat(as_of)
    subject = escalation_subject(part, level)
    return render_email(
        "escalation",
        subject,
        {
            "directive": directive,
            "notice": directive.notice,
            "agency": part.agency,
            "level": level,
            "level_label": EscalationLevel(level).label,
            "deadline": deadline_day,
            "days_late": working_days_late(deadline_day, as_of_day),
            "task_url": absolute_url(task_path(directive)),
        },
    )


def render_contents(contents) -> dict[int, str]:
    """Render and store the text of those of `contents` that the sweep left to render.

    Returns why, by content id, a text could not be rendered; the others are rendered even so.
    """
    waiting = [(content, read_stored(content.to_render)) for content in contents if content.to_render]
    if not waiting:
        return {}
    parts = (
        Part.objects.select_related("directive__notice", "agency")
        .defer(*UNUSED_IN_MESSAGES)
        .prefetch_related("directive__supporting_agencies")
        .in_bulk({part_id for _content, stored in waiting for part_id in stored.part_ids})
    )
    unrendered, rendered = {}, []
    with in_site_language():
        for content, stored in waiting:
            render = RENDERERS.get((stored.renderer, stored.version))
            if render is None:
                logger.error(
                    "No renderer %r version %s for email content %s",
                    stored.renderer,
                    stored.version,
                    content.pk,
                )
                unrendered[content.pk] = _(
                    "This email was queued in a form this version of the app cannot write "
                    "(%(renderer)s, version %(version)s)."
                ) % {"renderer": stored.renderer, "version": stored.version}
                continue
            about_parts = (stored.renderer, stored.version) in PARTS_OF
            part = parts if about_parts else parts.get(stored.part_id)
            if part is None:
                unrendered[content.pk] = _("What this email was about no longer exists.")
                continue
            try:
                text = render(part, **stored.arguments)
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
