"""The task parts that reminders, escalations and digests are about, and what a notification about one
carries."""

from functools import partial

from directives.models import Part
from notifications.rendering import task_path

# The subject of a part's notifications in their unique key (kind, subject, period, step, recipient). It keeps
# the model's name before issue #16 on purpose: the outbox and the in-app list hold every reminder and
# escalation already sent under "assignment:<id>", and a new prefix would send each of them a second time.
PART_SUBJECT = "assignment:{}"

# Large columns the messages never show: left in the database when parts are read for the sweep.
UNUSED_IN_MESSAGES = ("directive__search_text", "directive__notice__source_text")


def open_task_parts():
    """The unfinished lead agencies' parts of tasks (headings are not tasks)."""
    return Part.objects.open().filter(directive__is_heading=False)


def about_part(part) -> dict:
    """What every notification about a lead agency's part carries (`OutboxWriter.add`'s arguments): the
    key's subject, the part and its agency, the in-app link (worked out only if written) and the task's
    title."""
    return {
        "subject": PART_SUBJECT.format(part.pk),
        "part_id": part.pk,
        "agency_id": part.agency_id,
        "link": partial(task_path, part.directive),
        "body": part.directive.title,
    }


def report_entry(kind: str, part, level: int | None) -> dict:
    """How a report lists a reminder or an escalation (the recipient is added per recipient)."""
    notice = part.directive.notice
    return {
        "kind": str(kind),
        "task": part.directive.number,
        "notice": notice.number or notice.pk,
        "agency": part.agency.name,
        "level": level,
    }
