"""Notifications of extension requests, read from the requests by the sweep (no signal, no hidden step):
the office hears of each request waiting for its decision, the lead agency (who asked, its heads and its
mailbox) of the decision. Each is written once under its key: `extension_request:<id>`, the request's
status as the period."""

from datetime import timedelta
from functools import partial

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.choices import ExtensionRequestStatus
from directives.models import ExtensionRequest
from notifications.choices import NotificationKind
from notifications.outbox import OutboxWriter
from notifications.recipients import RecipientDirectory
from notifications.rendering import Rendered, absolute_url, notice_label, render_email, short_date, task_path

# A decision is notified by the first sweep after it; one older than this is not looked at again.
DECISIONS_LOOKED_AT = timedelta(days=7)


def requests_to_notify(now=None):
    """The requests waiting for a decision, and those decided lately: what the sweep may still owe."""
    now = now or timezone.now()
    return (
        ExtensionRequest.objects.filter(
            Q(status=ExtensionRequestStatus.PENDING) | Q(decided_at__gte=now - DECISIONS_LOOKED_AT)
        )
        .select_related("part__directive__notice", "part__agency", "requested_by")
        .order_by("pk")
    )


def write_extension_notifications(directory: RecipientDirectory, itemized: bool) -> tuple[int, list[dict]]:
    """Write the notifications the requests owe (each once); how many this run wrote, and their entries."""
    extension_requests = list(requests_to_notify())
    directory.load({each.part.agency_id for each in extension_requests})
    writer = OutboxWriter(itemized=itemized)
    for extension_request in extension_requests:
        part = extension_request.part
        if extension_request.is_pending:
            kind = NotificationKind.EXTENSION_REQUEST
            recipients = directory.office_staff()
        else:
            kind = NotificationKind.EXTENSION_DECISION
            recipients = directory.extension_decision_recipients(
                part.agency_id, extension_request.requested_by
            )
        writer.add(
            kind=kind,
            subject=f"extension_request:{extension_request.pk}",
            period=extension_request.status,
            step=0,
            recipients=recipients,
            render=partial(render_extension_email, extension_request),
            entry={
                "kind": str(kind),
                "task": part.directive.number,
                "notice": part.directive.notice.number or part.directive.notice.pk,
                "agency": part.agency.name,
            },
            part_id=part.pk,
            agency_id=part.agency_id,
            link=partial(task_path, part.directive),
            body=part.directive.title,
        )
    return writer.flush()


def extension_subject(extension_request) -> str:
    part = extension_request.part
    names = {
        "task": part.directive.number,
        "notice": notice_label(part.directive.notice),
        "agency": part.agency.short_name or part.agency.name,
    }
    if extension_request.status == ExtensionRequestStatus.APPROVED:
        return _("Extension approved: task %(task)s (%(notice)s), new deadline %(date)s") % {
            **names,
            "date": short_date(extension_request.granted_deadline),
        }
    if extension_request.status == ExtensionRequestStatus.REFUSED:
        return _("Extension refused: task %(task)s (%(notice)s) of %(agency)s") % names
    return _("Extension request: task %(task)s (%(notice)s) of %(agency)s, until %(date)s") % {
        **names,
        "date": short_date(extension_request.proposed_deadline),
    }


def render_extension_email(extension_request) -> Rendered:
    part = extension_request.part
    directive = part.directive
    return render_email(
        "extension_request",
        extension_subject(extension_request),
        {
            "request": extension_request,
            "directive": directive,
            "notice": directive.notice,
            "agency": part.agency,
            "task_url": absolute_url(task_path(directive)),
        },
    )
