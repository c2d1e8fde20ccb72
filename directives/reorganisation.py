"""Agencies merged or abolished: their open tasks pass to a successor, and the history says who held them."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from agencies.exceptions import AgencyError
from agencies.models import Agency
from directives.choices import OPEN_STATUSES, TaskStatus, UpdateKind
from directives.models import Assignment, Directive, ProgressUpdate


def hand_over_to_successor(*, agency_id: int, successor_id: int, on: date, user=None) -> int:
    """Retire an agency that was merged or abolished, passing its open tasks to the successor.

    Each open part it led moves to the successor, with a history entry that names the former holder;
    if the successor already leads that task, the old part is closed as cancelled instead. Supporting
    roles move too. Finished parts stay with the agency that finished them. Returns the parts moved.
    """
    if agency_id == successor_id:
        raise AgencyError(_("An agency cannot be its own successor."))
    with transaction.atomic():
        agencies = Agency.objects.select_for_update().in_bulk([agency_id, successor_id])
        agency, successor = agencies[agency_id], agencies[successor_id]
        if not successor.is_active:
            raise AgencyError(_("The successor must be an active agency."))
        if agency in successor.successor_chain():
            raise AgencyError(_("The successors would form a circle."))

        # The parts are locked before anything is saved, as the services lock the rows they change.
        open_parts = list(
            Assignment.objects.select_for_update().filter(agency=agency, status__in=OPEN_STATUSES)
        )
        agency.successor, agency.is_active, agency.dissolved_on = successor, False, on
        agency.full_clean()
        agency.save()

        note = _("Transferred from %(old)s to %(new)s.") % {"old": agency.name, "new": successor.name}
        already_led = set(Assignment.objects.filter(agency=successor).values_list("directive_id", flat=True))
        history = []
        for part in open_parts:
            status_before = part.status
            if part.directive_id in already_led:
                part.status = TaskStatus.CANCELLED
            else:
                part.agency = successor
            history.append(
                ProgressUpdate(
                    assignment=part,
                    author=user,
                    agency=agency,
                    kind=UpdateKind.TRANSFERRED,
                    status_before=status_before,
                    status_after=part.status,
                    note=note,
                )
            )
        Assignment.objects.bulk_update(open_parts, ["agency", "status"])
        ProgressUpdate.objects.bulk_create(history)

        supports = Directive.supporting_agencies.through.objects
        supported = supports.filter(agency=agency).values_list("directive_id", flat=True)
        already_supported = set(supports.filter(agency=successor).values_list("directive_id", flat=True))
        supports.bulk_create(
            [
                supports.model(directive_id=directive_id, agency_id=successor.pk)
                for directive_id in supported
                if directive_id not in already_supported and directive_id not in already_led
            ]
        )
        return len(open_parts)
