"""The filtered task list as people open it in a spreadsheet: one row per lead agency's part."""

from django.utils.translation import gettext_lazy as _

from tasktracker.spreadsheets import Column

TASK_COLUMNS = [
    Column(_("Notice"), 22),
    Column(_("Number"), 8),
    Column(_("Task"), 60),
    Column(_("Lead agency"), 36),
    Column(_("Supporting agencies"), 36),
    Column(_("Deadline"), 12),
    Column(_("Deadline as written"), 24),
    Column(_("Status"), 16),
    Column(_("Timeliness"), 22),
    Column(_("Completed on"), 12),
]


def task_rows(parts):
    """The values of TASK_COLUMNS for each part, dates as dates; `parts` carry timeliness and their
    supporting agencies prefetched."""
    for part in parts.iterator(chunk_size=500):
        directive = part.directive
        yield [
            directive.notice.number or directive.notice.title[:80],
            directive.number,
            directive.title,
            part.agency.name,
            "; ".join(agency.name for agency in directive.supporting_agencies.all()),
            part.effective_deadline,
            directive.deadline_text,
            part.get_status_display(),
            part.timeliness_label,
            part.completed_on,
        ]
