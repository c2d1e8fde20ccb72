from django.db import models
from django.utils.translation import gettext_lazy as _

from reading.recurrence import Recurrence

# Recurrence is defined once, in reading.recurrence; named here too for the code that reads choices from here.
__all__ = [
    "FINISHED_STATUSES",
    "OPEN_STATUSES",
    "OVERDUE_AGEING",
    "ExtensionRequestStatus",
    "NoticeKind",
    "ReadingState",
    "Recurrence",
    "TaskStatus",
    "Timeliness",
    "UpdateKind",
]


class NoticeKind(models.TextChoices):
    """The kinds of document that hand out tasks."""

    CONCLUSION_NOTICE = "conclusion_notice", _("Conclusion notice")
    DIRECTIVE = "directive", _("Directive")
    OFFICIAL_LETTER = "official_letter", _("Official letter")
    PLAN = "plan", _("Plan")
    DECISION = "decision", _("Decision")
    OTHER = "other", _("Other")


class TaskStatus(models.TextChoices):
    """Where a lead agency's part of a task stands in its workflow."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED_DONE = "reported_done", _("Reported done")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# A part is finished once done or cancelled: nothing more is reported on it, it gets no reminder, no
# extension and is not open work; every other status is open. The one definition of "finished".
FINISHED_STATUSES = (TaskStatus.DONE, TaskStatus.CANCELLED)
OPEN_STATUSES = tuple(status for status in TaskStatus if status not in FINISHED_STATUSES)


class Timeliness(models.TextChoices):
    """The categories the office reports in, derived from deadline, completion date and today."""

    COMPLETED_ON_TIME = "completed_on_time", _("Completed on time")
    COMPLETED_LATE = "completed_late", _("Completed late")
    IN_PROGRESS_ON_TIME = "in_progress_on_time", _("In progress, within the deadline")
    OVERDUE = "overdue", _("In progress, overdue")
    NO_DEADLINE = "no_deadline", _("No deadline, ongoing")
    # Not a reporting category: cancelled parts are left out of every count.
    CANCELLED = "cancelled", _("Cancelled")


# How long overdue parts have been overdue, in calendar days past their (effective) deadline, as offices
# report it: (first day, last day or None for no end, label). Counted by `PartQuerySet.overdue_ageing`.
OVERDUE_AGEING = (
    (1, 30, _("≤ 30 days")),
    (31, 60, _("31–60 days")),
    (61, 120, _("61–120 days")),
    (121, None, _("> 120 days")),
)


class UpdateKind(models.TextChoices):
    """What an entry in a task's history records."""

    PROGRESS = "progress", _("Progress report")
    COMPLETION_REPORTED = "completion_reported", _("Completion reported")
    COMPLETION_ACCEPTED = "completion_accepted", _("Completion accepted")
    COMPLETION_REJECTED = "completion_rejected", _("Completion rejected")
    STATUS_CHANGED = "status_changed", _("Status changed")
    DEADLINE_EXTENDED = "deadline_extended", _("Deadline extended")
    TRANSFERRED = "transferred", _("Transferred to the successor agency")
    TASK_CORRECTED = "task_corrected", _("Task corrected by the office")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    EXTENSION_APPROVED = "extension_approved", _("Extension approved")
    EXTENSION_REFUSED = "extension_refused", _("Extension refused")


class ExtensionRequestStatus(models.TextChoices):
    """Where a lead agency's request for more time stands: waiting for the office, or decided."""

    PENDING = "pending", _("Waiting for the office's decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ReadingState(models.TextChoices):
    """Where the background reading (OCR) of an uploaded scan stands."""

    QUEUED = "queued", _("Waiting to be read")
    RUNNING = "running", _("Being read")
    DONE = "done", _("Read")
    FAILED = "failed", _("Could not be read")
