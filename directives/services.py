"""Operations that change tasks: each is atomic and records itself in the task's history."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import manages_directives, reports_progress_for
from directives.choices import TaskStatus, UpdateKind
from directives.exceptions import ProgressRejected
from directives.models import Assignment, ProgressUpdate

# Where a lead agency may move its own part; the office may also accept, reject, cancel and reopen.
LEAD_AGENCY_MOVES = {
    TaskStatus.NOT_STARTED: {TaskStatus.IN_PROGRESS, TaskStatus.REPORTED_DONE},
    TaskStatus.IN_PROGRESS: {TaskStatus.IN_PROGRESS, TaskStatus.REPORTED_DONE},
    TaskStatus.REPORTED_DONE: {TaskStatus.IN_PROGRESS},
    TaskStatus.DONE: set(),
    TaskStatus.CANCELLED: set(),
}
OFFICE_MOVES = {
    TaskStatus.NOT_STARTED: {
        TaskStatus.IN_PROGRESS,
        TaskStatus.REPORTED_DONE,
        TaskStatus.DONE,
        TaskStatus.CANCELLED,
    },
    TaskStatus.IN_PROGRESS: {
        TaskStatus.IN_PROGRESS,
        TaskStatus.REPORTED_DONE,
        TaskStatus.DONE,
        TaskStatus.CANCELLED,
    },
    TaskStatus.REPORTED_DONE: {TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CANCELLED},
    TaskStatus.DONE: {TaskStatus.IN_PROGRESS},
    TaskStatus.CANCELLED: {TaskStatus.IN_PROGRESS},
}


def record_progress(
    *,
    assignment_id: int,
    user,
    status: str,
    note: str = "",
    evidence=None,
    completed_on: date | None = None,
) -> ProgressUpdate:
    """Move a lead agency's part to `status` with a note (and evidence), and add it to the history."""
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment_id)
        if not reports_progress_for(user, assignment.agency_id):
            raise ProgressRejected(_("You may not update this task."))
        status_before = assignment.status
        moves = OFFICE_MOVES if manages_directives(user) else LEAD_AGENCY_MOVES
        if status not in moves[status_before]:
            raise ProgressRejected(
                _("A task that is “%(before)s” cannot become “%(after)s”.")
                % {"before": TaskStatus(status_before).label, "after": TaskStatus(status).label}
            )
        note = (note or "").strip()
        kind = _update_kind(status_before, status, by_office=moves is OFFICE_MOVES)
        if not note and (kind != UpdateKind.COMPLETION_ACCEPTED and not evidence):
            raise ProgressRejected(_("Write a note that says what was done or why."))

        assignment.status = status
        assignment.completed_on = (
            _completion_date(assignment, completed_on) if status == TaskStatus.DONE else None
        )
        assignment.save(update_fields=["status", "completed_on", "updated_at"])
        return ProgressUpdate.objects.create(
            assignment=assignment,
            author=user,
            agency=user.agency,
            kind=kind,
            status_before=status_before,
            status_after=status,
            note=note,
            evidence=evidence or "",
        )


def extend_deadline(*, assignment_id: int, user, new_deadline: date, note: str) -> ProgressUpdate:
    """Grant a lead agency more time (the issuer's decision, entered by the office)."""
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().select_related("directive").get(pk=assignment_id)
        if not manages_directives(user):
            raise ProgressRejected(_("Only the office decides extensions."))
        if assignment.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
            raise ProgressRejected(_("A finished task needs no extension."))
        if not (note or "").strip():
            raise ProgressRejected(_("Write the decision that grants the extension."))
        deadline_before = assignment.deadline
        if deadline_before and new_deadline <= deadline_before:
            raise ProgressRejected(_("The new deadline must be later than the current one."))
        assignment.extended_deadline = new_deadline
        assignment.save(update_fields=["extended_deadline", "updated_at"])
        return ProgressUpdate.objects.create(
            assignment=assignment,
            author=user,
            agency=user.agency,
            kind=UpdateKind.DEADLINE_EXTENDED,
            status_before=assignment.status,
            status_after=assignment.status,
            deadline_before=deadline_before,
            deadline_after=new_deadline,
            note=note.strip(),
        )


def _update_kind(status_before: str, status_after: str, *, by_office: bool) -> str:
    if status_after == TaskStatus.REPORTED_DONE:
        return UpdateKind.COMPLETION_REPORTED
    if status_before == TaskStatus.REPORTED_DONE and status_after == TaskStatus.DONE:
        return UpdateKind.COMPLETION_ACCEPTED
    if by_office and status_before == TaskStatus.REPORTED_DONE and status_after == TaskStatus.IN_PROGRESS:
        return UpdateKind.COMPLETION_REJECTED
    if status_after == TaskStatus.IN_PROGRESS and status_before in (
        TaskStatus.NOT_STARTED,
        TaskStatus.IN_PROGRESS,
    ):
        return UpdateKind.PROGRESS
    return UpdateKind.STATUS_CHANGED


def _completion_date(assignment: Assignment, completed_on: date | None) -> date:
    """The day the work was done: as given, else the day it was reported done, else today."""
    today = timezone.localdate()
    if completed_on is not None:
        if completed_on > today:
            raise ProgressRejected(_("The completion date cannot be in the future."))
        return completed_on
    report = (
        assignment.updates.filter(kind=UpdateKind.COMPLETION_REPORTED).order_by("-created_at", "-id").first()
    )
    return timezone.localdate(report.created_at) if report else today
