"""Extension requests (đề nghị gia hạn): a lead agency asks for more time on its part of a task, with a
reason, a proposed date and evidence; the office approves it (with the date it decides, through
`extend_deadline`) or refuses it (with a reason). Each step is atomic, checks the part's `version` the
person saw, and writes an entry in the part's history.

Notifications are not sent from here: the notifications sweep reads the pending and decided requests
(`notifications.extensions`), so nothing hides behind a signal.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import decides_extensions, requests_extension_for
from directives.choices import ExtensionRequestStatus, UpdateKind
from directives.exceptions import EditConflict, ExtensionNotPermitted, ExtensionRejected
from directives.files import validate_evidence_file
from directives.models import ExtensionPolicy, ExtensionRequest, Part, ProgressUpdate
from directives.services import check_version, extend_deadline
from workdays.calendar import add_working_days, working_days_between


def last_day_to_ask(deadline: date, min_working_days: int) -> date:
    """The last day on which an extension of `deadline` may still be asked: `min_working_days` working
    days before it (days off are skipped)."""
    return add_working_days(deadline, -min_working_days)


def check_request_allowed(part: Part, user, today: date | None = None) -> None:
    """Refuse a request the user may not make on this part now: not their agency's (403), or a part that
    is finished, has no deadline, has a request waiting, or is too close to its deadline (409)."""
    if not requests_extension_for(user, part.agency_id):
        raise ExtensionNotPermitted(_("Only the lead agency asks for more time on its part of a task."))
    if part.is_finished:
        raise ExtensionRejected(_("A finished task needs no extension."))
    deadline = part.deadline
    if deadline is None:
        raise ExtensionRejected(_("A task without a deadline needs no extension."))
    if part.extension_requests.pending().exists():
        raise ExtensionRejected(_("A request for more time on this task is already waiting for a decision."))
    today = today or timezone.localdate()
    days = ExtensionPolicy.current().min_working_days_before
    if working_days_between(today, deadline) < days:
        raise ExtensionRejected(
            _(
                "More time must be asked at least %(days)s working days before the deadline "
                "(%(deadline)s): the last day to ask was %(last)s."
            )
            % {
                "days": days,
                "deadline": f"{deadline:%d/%m/%Y}",
                "last": f"{last_day_to_ask(deadline, days):%d/%m/%Y}",
            }
        )


def request_extension(
    *,
    part_id: int,
    user,
    reason: str,
    proposed_deadline: date,
    evidence,
    expected_version: int | None = None,
) -> ExtensionRequest:
    """The lead agency asks for more time on its part until `proposed_deadline`, with evidence."""
    with transaction.atomic():
        part = Part.objects.select_for_update().select_related("directive").get(pk=part_id)
        check_request_allowed(part, user)
        check_version(part, expected_version)
        reason = (reason or "").strip()
        if not reason:
            raise ExtensionRejected(_("Write why more time is needed."))
        if not evidence:
            raise ExtensionRejected(_("Attach the document that supports the request."))
        try:
            validate_evidence_file(evidence)
        except ValidationError as error:
            raise ExtensionRejected(" ".join(error.messages)) from error
        deadline = part.deadline
        if proposed_deadline <= deadline:
            raise ExtensionRejected(_("The proposed deadline must be later than the current one."))
        part.version += 1
        part.save(update_fields=["version", "updated_at"])
        entry = ProgressUpdate.objects.create(
            part=part,
            author=user,
            agency=user.agency,
            kind=UpdateKind.EXTENSION_REQUESTED,
            status_before=part.status,
            status_after=part.status,
            deadline_before=deadline,
            deadline_after=proposed_deadline,
            note=reason,
            evidence=evidence,
        )
        return ExtensionRequest.objects.create(
            part=part,
            requested_by=user,
            reason=reason,
            proposed_deadline=proposed_deadline,
            deadline_when_requested=deadline,
            request_entry=entry,
        )


def _pending_request(request_id: int, user) -> ExtensionRequest:
    """The request, locked, if the user decides extensions and it still waits for a decision."""
    if not decides_extensions(user):
        raise ExtensionNotPermitted(_("Only the office decides extensions."))
    extension_request = ExtensionRequest.objects.select_for_update().filter(pk=request_id).first()
    if extension_request is None:
        raise ExtensionRejected(_("This request no longer exists."))
    if not extension_request.is_pending:
        raise EditConflict(_("This request was decided already: reload the task to see the decision."))
    return extension_request


def approve_extension(
    *, request_id: int, user, granted_deadline: date, note: str, expected_version: int | None = None
) -> ExtensionRequest:
    """The office grants the request, until `granted_deadline` (its own decision, not necessarily the
    date proposed): the part's deadline moves through `extend_deadline`, which writes the history."""
    with transaction.atomic():
        extension_request = _pending_request(request_id, user)
        entry = extend_deadline(
            part_id=extension_request.part_id,
            user=user,
            new_deadline=granted_deadline,
            note=note,
            expected_version=expected_version,
            kind=UpdateKind.EXTENSION_APPROVED,
        )
        return _record_decision(
            extension_request, user, ExtensionRequestStatus.APPROVED, entry, granted_deadline
        )


def refuse_extension(
    *, request_id: int, user, reason: str, expected_version: int | None = None
) -> ExtensionRequest:
    """The office refuses the request, with its reason; the deadline stays as it was."""
    with transaction.atomic():
        extension_request = _pending_request(request_id, user)
        part = Part.objects.select_for_update().select_related("directive").get(pk=extension_request.part_id)
        check_version(part, expected_version)
        reason = (reason or "").strip()
        if not reason:
            raise ExtensionRejected(_("Write why the request is refused."))
        part.version += 1
        part.save(update_fields=["version", "updated_at"])
        entry = ProgressUpdate.objects.create(
            part=part,
            author=user,
            agency=user.agency,
            kind=UpdateKind.EXTENSION_REFUSED,
            status_before=part.status,
            status_after=part.status,
            deadline_before=part.deadline,
            note=reason,
        )
        return _record_decision(extension_request, user, ExtensionRequestStatus.REFUSED, entry, None)


def _record_decision(extension_request, user, status, entry, granted_deadline) -> ExtensionRequest:
    extension_request.status = status
    extension_request.decided_by = user
    extension_request.decided_at = timezone.now()
    extension_request.granted_deadline = granted_deadline
    extension_request.decision_note = entry.note
    extension_request.decision_entry = entry
    extension_request.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "granted_deadline",
            "decision_note",
            "decision_entry",
        ]
    )
    return extension_request
