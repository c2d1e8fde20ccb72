"""Operations that change tasks: each is atomic and records itself in the task's history."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import manages_directives, reports_progress_for
from agencies.models import Agency
from directives.choices import TaskStatus, UpdateKind
from directives.exceptions import (
    DirectiveError,
    DuplicateNotice,
    EditConflict,
    ImportRejected,
    ProgressNotPermitted,
    ProgressRejected,
)
from directives.importing import ReviewedNotice, ReviewedTask
from directives.models import Directive, Notice, Part, ProgressUpdate

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
# A report that only adds a note (and evidence): the part keeps its status, whatever it is, and the history
# records it as progress. Whoever may report on a part may always add one.
KEEP_STATUS = "keep"


def _in_order(moves: dict) -> dict[str, tuple[str, ...]]:
    """Each status's moves in the order of TaskStatus, the order forms offer them, by the status's value:
    worked out once, not on every call (`TaskStatus.values` builds the choices anew each time it is read)."""
    return {
        before.value: tuple(status for status in TaskStatus.values if status in after)
        for before, after in moves.items()
    }


_OFFICE_MOVES_IN_ORDER = _in_order(OFFICE_MOVES)
_LEAD_AGENCY_MOVES_IN_ORDER = _in_order(LEAD_AGENCY_MOVES)


def allowed_statuses(user, part: Part) -> list[str]:
    """The statuses the user may move this part to now; empty when the user may not update it."""
    if not reports_progress_for(user, part.agency_id):
        return []
    moves = _OFFICE_MOVES_IN_ORDER if manages_directives(user) else _LEAD_AGENCY_MOVES_IN_ORDER
    try:
        return list(moves[part.status])
    except KeyError:  # as TaskStatus(part.status) refuses a value that is not a status
        raise ValueError(f"{part.status!r} is not a valid TaskStatus") from None


def check_progress_allowed(
    part: Part, user, status: str | None = None, expected_version: int | None = None
) -> None:
    """Refuse a move the user may not make on this part now: not theirs (ProgressNotPermitted), stale
    (EditConflict), or against the workflow. Without a `status`, only whether the part is theirs."""
    if not reports_progress_for(user, part.agency_id):
        raise ProgressNotPermitted(_("You may not update this task."))
    if status is None:
        return
    _check_version(part, expected_version)
    if status == KEEP_STATUS:
        return
    if status not in allowed_statuses(user, part):
        raise ProgressRejected(
            _("A task that is “%(before)s” cannot become “%(after)s”.")
            % {"before": TaskStatus(part.status).label, "after": TaskStatus(status).label}
        )


def record_progress(
    *,
    part_id: int,
    user,
    status: str,
    note: str = "",
    evidence=None,
    completed_on: date | None = None,
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Move a lead agency's part to `status` (KEEP_STATUS: a note only, the status stays) with a note (and
    evidence), and add it to the history.

    `expected_version` is the part's version the person saw; if it changed since, EditConflict.
    """
    with transaction.atomic():
        part = Part.objects.select_for_update().get(pk=part_id)
        check_progress_allowed(part, user, status, expected_version)
        status_before = part.status
        note = (note or "").strip()
        if status == KEEP_STATUS:
            status, kind = status_before, UpdateKind.PROGRESS
        else:
            kind = _update_kind(status_before, status, by_office=manages_directives(user))
            part.completed_on = _completion_date(part, completed_on) if status == TaskStatus.DONE else None
        if not note and (kind != UpdateKind.COMPLETION_ACCEPTED and not evidence):
            raise ProgressRejected(_("Write a note that says what was done or why."))

        part.status = status
        part.version += 1
        part.save(update_fields=["status", "completed_on", "version", "updated_at"])
        return ProgressUpdate.objects.create(
            part=part,
            author=user,
            agency=user.agency,
            kind=kind,
            status_before=status_before,
            status_after=status,
            note=note,
            evidence=evidence or "",
        )


def accept_completions(*, versions: dict[int, int], user) -> int:
    """Accept several reported completions at once, each at the version the office saw: all or none.

    A part that is no longer waiting for acceptance, or that changed since, refuses the whole batch with a
    message naming its task, so the office reviews it before accepting the rest again.
    """
    if not manages_directives(user):
        raise ProgressRejected(_("You may not accept completions."))
    with transaction.atomic():
        locked = Part.objects.select_for_update().filter(pk__in=versions).order_by("pk")
        parts = {part.pk: part for part in locked.select_related("directive")}
        for part_id, version in versions.items():
            part = parts.get(part_id)
            if part is None or part.status != TaskStatus.REPORTED_DONE:
                raise EditConflict(_("A chosen task is no longer waiting for acceptance: reload the list."))
            try:
                record_progress(part_id=part_id, user=user, status=TaskStatus.DONE, expected_version=version)
            except DirectiveError as error:
                task = f"{part.directive.number}. {part.directive.title}"
                raise type(error)(f"{task}: {error.message}") from error
    return len(versions)


def extend_deadline(
    *,
    part_id: int,
    user,
    new_deadline: date,
    note: str,
    expected_version: int | None = None,
    kind: str = UpdateKind.DEADLINE_EXTENDED,
) -> ProgressUpdate:
    """Grant a lead agency more time (the issuer's decision, entered by the office); `kind` names the
    history entry (an approved extension request is recorded as such)."""
    with transaction.atomic():
        part = Part.objects.select_for_update().select_related("directive").get(pk=part_id)
        if not manages_directives(user):
            raise ProgressRejected(_("Only the office decides extensions."))
        _check_version(part, expected_version)
        if part.is_finished:
            raise ProgressRejected(_("A finished task needs no extension."))
        if not (note or "").strip():
            raise ProgressRejected(_("Write the decision that grants the extension."))
        deadline_before = part.deadline
        if deadline_before and new_deadline <= deadline_before:
            raise ProgressRejected(_("The new deadline must be later than the current one."))
        part.extended_deadline = new_deadline
        part.version += 1
        part.save(update_fields=["extended_deadline", "version", "updated_at"])
        return ProgressUpdate.objects.create(
            part=part,
            author=user,
            agency=user.agency,
            kind=kind,
            status_before=part.status,
            status_after=part.status,
            deadline_before=deadline_before,
            deadline_after=new_deadline,
            note=note.strip(),
        )


# What the office may correct on a task; its number, notice and lead agencies are fixed once imported.
CORRECTABLE_FIELDS = ("title", "text", "deadline", "deadline_text", "recurrence", "target", "target_quantity")


def correct_directive(
    *, directive_id: int, user, changes: dict, supporting_agencies=None, expected_version: int | None = None
) -> Directive:
    """The office corrects a task's words, deadline or supporting agencies; a deadline change is recorded
    in the history of every lead agency's part."""
    with transaction.atomic():
        directive = Directive.objects.select_for_update().get(pk=directive_id)
        if not manages_directives(user):
            raise ProgressRejected(_("Only the office corrects tasks."))
        _check_version(directive, expected_version)
        deadline_before = directive.deadline
        for field_name, value in changes.items():
            if field_name not in CORRECTABLE_FIELDS:
                raise ValueError(f"{field_name} cannot be corrected here")
            setattr(directive, field_name, value)
        directive.full_clean(exclude=["notice", "parent"])
        directive.version += 1
        directive.save()
        if supporting_agencies is not None:
            directive.supporting_agencies.set(supporting_agencies)
        if directive.deadline != deadline_before:
            ProgressUpdate.objects.bulk_create(
                ProgressUpdate(
                    part=part,
                    author=user,
                    agency=user.agency,
                    kind=UpdateKind.TASK_CORRECTED,
                    status_before=part.status,
                    status_after=part.status,
                    deadline_before=deadline_before,
                    deadline_after=directive.deadline,
                    note=_("Deadline corrected."),
                )
                for part in directive.parts.all()
            )
        return directive


def check_version(record, expected_version: int | None) -> None:
    """Refuse a change made on a stale copy: someone else saved the record after it was opened."""
    if expected_version is not None and expected_version != record.version:
        raise EditConflict(
            _("Someone else updated this task while you were editing. Review the latest and submit again.")
        )


_check_version = check_version


def _update_kind(status_before: str, status_after: str, *, by_office: bool) -> UpdateKind:
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


def _completion_date(part: Part, completed_on: date | None) -> date:
    """The day the work was done: as given, else the day it was reported done, else today."""
    today = timezone.localdate()
    if completed_on is not None:
        if completed_on > today:
            raise ProgressRejected(_("The completion date cannot be in the future."))
        return completed_on
    report = part.updates.filter(kind=UpdateKind.COMPLETION_REPORTED).order_by("-created_at", "-id").first()
    return timezone.localdate(report.created_at) if report else today


def import_notice(reviewed: ReviewedNotice, user) -> Notice:
    """Save a reviewed notice with all its tasks, lead parts and supporting agencies, or nothing at all.

    `user` is the office user who confirmed it; None for the command line, which has the server's trust.
    """
    if user is not None and not manages_directives(user):
        raise ImportRejected(_("Only the office imports notices."))
    _check_items(reviewed.tasks)
    with transaction.atomic():
        existing = Notice.objects.same_as(
            number=reviewed.number,
            issuing_authority=reviewed.issuing_authority,
            place=reviewed.place,
            issued_on=reviewed.issued_on,
            source_text=reviewed.source_text,
        ).first()
        if existing:
            message = _("This notice was imported before: %(notice)s.") % {"notice": existing}
            raise DuplicateNotice(message, existing)
        agencies = _resolve_agencies(reviewed)
        notice = Notice.objects.create(
            number=reviewed.number.strip(),
            kind=reviewed.kind,
            title=reviewed.title.strip(),
            issuing_authority=reviewed.issuing_authority,
            place=reviewed.place,
            issued_on=reviewed.issued_on,
            meeting_on=reviewed.meeting_on,
            chaired_by=reviewed.chaired_by,
            signed_by=reviewed.signed_by,
            signer_title=reviewed.signer_title,
            source_text=reviewed.source_text,
            created_by=user,
        )
        directives = _create_directives(notice, reviewed.tasks)
        # Headings group tasks; only the tasks themselves get lead parts and supporting agencies.
        tasks = [task for task in reviewed.tasks if not task.is_heading]
        Part.objects.bulk_create(
            Part(directive=directives[task.number], agency=agency)
            for task in tasks
            for agency in _unique(agencies[ref] for ref in task.lead)
        )
        supports = Directive.supporting_agencies.through
        supports.objects.bulk_create(
            supports(directive=directives[task.number], agency=agency)
            for task in tasks
            for agency in _unique(agencies[ref] for ref in task.support)
            if agency not in {agencies[ref] for ref in task.lead}
        )
    return notice


def _check_items(tasks: list[ReviewedTask]) -> None:
    """Refuse a notice whose items could not be saved or tracked as they stand."""
    if not any(not task.is_heading for task in tasks):
        raise ImportRejected(_("The notice has no task to track."))
    numbers = [task.number.strip() for task in tasks]
    if "" in numbers:
        raise ImportRejected(_("Every item needs its number."))
    repeated = sorted({number for number in numbers if numbers.count(number) > 1})
    if repeated:
        raise ImportRejected(_("Item numbers repeat: %(numbers)s.") % {"numbers": ", ".join(repeated)})
    orphans = [task.number for task in tasks if task.parent and task.parent not in numbers]
    if orphans:
        raise ImportRejected(_("Items under a missing item: %(numbers)s.") % {"numbers": ", ".join(orphans)})
    leaderless = [task.number for task in tasks if not task.is_heading and not task.lead]
    if leaderless:
        raise ImportRejected(
            _("Choose a lead agency for task(s) %(numbers)s.") % {"numbers": ", ".join(leaderless)}
        )


def _resolve_agencies(reviewed: ReviewedNotice) -> dict:
    """Map every agency reference to the agency that holds the work today, creating confirmed new ones."""
    refs = {ref for task in reviewed.tasks for ref in [*task.lead, *task.support]}
    unknown_names = sorted(ref for ref in refs if isinstance(ref, str) and ref not in reviewed.new_agencies)
    if unknown_names:
        raise ImportRejected(
            _("Map these agencies to the registry or confirm them as new: %(names)s.")
            % {"names": "; ".join(unknown_names)}
        )
    ids = [ref for ref in refs if isinstance(ref, int)]
    registry = Agency.objects.select_related("successor").in_bulk(ids)
    missing = [str(ref) for ref in ids if ref not in registry]
    if missing:
        raise ImportRejected(_("Some chosen agencies no longer exist. Reload the page and choose again."))
    resolved: dict[int | str, Agency] = {ref: registry[ref].current_successor() for ref in ids}
    for name, kind in reviewed.new_agencies.items():
        if name in refs:
            agency = Agency.objects.filter(name__iexact=name.strip()).first()
            resolved[name] = agency or Agency.objects.create(name=name.strip(), kind=kind)
    return resolved


def _create_directives(notice: Notice, tasks: list[ReviewedTask]) -> dict[str, Directive]:
    """Create the notice's items in order, parents before the items numbered under them."""
    directives: dict[str, Directive] = {}
    pending = list(enumerate(tasks))
    while pending:
        ready = [
            (position, task) for position, task in pending if not task.parent or task.parent in directives
        ]
        if not ready:
            numbers = ", ".join(task.number for _, task in pending)
            raise ImportRejected(
                _("Items are numbered under each other in a circle: %(numbers)s.") % {"numbers": numbers}
            )
        batch = [
            Directive(
                notice=notice,
                number=task.number.strip(),
                parent=directives[task.parent] if task.parent else None,
                position=position,
                is_heading=task.is_heading,
                title=task.title.strip()[:255],
                text=task.text.strip(),
                deadline=task.deadline,
                deadline_text=task.deadline_text.strip()[:255],
                recurrence=task.recurrence,
                review_flags=task.review_flags,
            )
            for position, task in ready
        ]
        for directive in batch:
            directive.search_text = directive.build_search_text()
        for directive in Directive.objects.bulk_create(batch):
            directives[directive.number] = directive
        pending = [(position, task) for position, task in pending if task.number.strip() not in directives]
    return directives


def _unique(agencies):
    """The agencies in their first order, each once (a merger can make two names one agency)."""
    return list(dict.fromkeys(agencies))
