"""Agencies merged, renamed, split or abolished: their open tasks pass on, and the history says who held them.

Each change is previewed first (`preview_reorganisation`: which open parts and supporting roles move, and
where) and then done in one transaction. Finished parts stay with the agency that finished them, so reports
keep counting them there.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from agencies.exceptions import AgencyError
from agencies.models import Agency
from directives.choices import OPEN_STATUSES, TaskStatus, UpdateKind
from directives.models import Directive, Part, ProgressUpdate


@dataclass
class Preview:
    """What a reorganisation of one agency would move: its open parts and the tasks it supports."""

    agency: Agency
    open_parts: list[Part] = field(default_factory=list)
    supported: list[Directive] = field(default_factory=list)


def preview_reorganisation(agency_id: int) -> Preview:
    """The agency's open parts (with their tasks) and the open tasks it supports, oldest task first."""
    agency = Agency.objects.get(pk=agency_id)
    open_parts = list(
        Part.objects.filter(agency=agency, status__in=OPEN_STATUSES)
        .select_related("directive__notice")
        .order_by("directive__notice_id", "directive__position")
    )
    supported = list(
        Directive.objects.filter(supporting_agencies=agency, parts__status__in=OPEN_STATUSES)
        .distinct()
        .select_related("notice")
        .order_by("notice_id", "position")
    )
    return Preview(agency, open_parts, supported)


def hand_over_to_successor(*, agency_id: int, successor_id: int, on: date, user=None) -> int:
    """Retire an agency that was merged or abolished, passing all its open tasks to one successor.

    Each open part it led moves to the successor, with a history entry that names the former holder;
    if the successor already leads that task, the old part is closed as cancelled instead. Supporting
    roles move too. Returns the parts moved.
    """
    if agency_id == successor_id:
        raise AgencyError(_("An agency cannot be its own successor."))
    with transaction.atomic():
        agency, successor = _lock_agencies(agency_id, [successor_id])
        if agency in successor.successor_chain():
            raise AgencyError(_("The successors would form a circle."))
        open_parts = _lock_open_parts(agency)
        moved = _reassign(agency, {part.directive_id: successor for part in open_parts}, open_parts, user)
        _move_supporting(agency, lambda directive_id: successor)
        _retire(agency, on, successor=successor)
        return moved


def merge_agencies(*, agency_ids: list[int], successor_id: int, on: date, user=None) -> int:
    """Merge several agencies into one (for example two departments into a new one): all or none."""
    with transaction.atomic():
        return sum(
            hand_over_to_successor(agency_id=agency_id, successor_id=successor_id, on=on, user=user)
            for agency_id in agency_ids
        )


def divide_agency(*, agency_id: int, successors_by_task: dict[int, int], on: date, user=None) -> int:
    """Split or abolish an agency: each of its open tasks (led or supported) goes to the successor chosen
    for it. Every open task must have one; the agency is retired with no single successor."""
    with transaction.atomic():
        agency = _lock_agencies(agency_id, [])[0]
        open_parts = _lock_open_parts(agency)
        supported = set(
            Directive.supporting_agencies.through.objects.filter(
                agency=agency, directive__parts__status__in=OPEN_STATUSES
            ).values_list("directive_id", flat=True)
        )
        needed = {part.directive_id for part in open_parts} | supported
        missing = needed - set(successors_by_task)
        if missing:
            raise AgencyError(
                _("Choose who takes over each open task (%(count)d without one).") % {"count": len(missing)}
            )
        chosen_ids = {successors_by_task[directive_id] for directive_id in needed}
        if agency_id in chosen_ids:
            raise AgencyError(_("An agency cannot be its own successor."))
        successors = {successor.pk: successor for successor in _lock_agencies(None, sorted(chosen_ids))}
        by_task = {directive_id: successors[successors_by_task[directive_id]] for directive_id in needed}
        moved = _reassign(agency, by_task, open_parts, user)
        _move_supporting(agency, lambda directive_id: by_task.get(directive_id))
        _retire(agency, on, successor=None)
        return moved


def rename_agency(*, agency_id: int, name: str, short_name: str = "") -> Agency:
    """Give an agency its new name; the old one is kept among its other names, so notices that still
    use it are matched, and its tasks and history stay as they are."""
    name = " ".join(name.split())
    if not name:
        raise AgencyError(_("Write the agency's new name."))
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency_id)
        if Agency.objects.exclude(pk=agency.pk).filter(name__iexact=name).exists():
            raise AgencyError(_("Another agency already has this name."))
        if name != agency.name:
            agency.aliases = "\n".join(dict.fromkeys([*agency.alias_list, agency.name]))
        agency.name, agency.short_name = name, " ".join(short_name.split())
        agency.full_clean()
        agency.save()
        return agency


def _lock_agencies(agency_id: int | None, successor_ids: list[int]) -> list[Agency]:
    """Lock the agency (if given) and its successors, refusing inactive successors and the retired agency."""
    ids = ([agency_id] if agency_id is not None else []) + successor_ids
    agencies = Agency.objects.select_for_update().in_bulk(ids)
    if len(agencies) != len(set(ids)):
        raise AgencyError(_("One of the chosen agencies does not exist."))
    if agency_id is not None and not agencies[agency_id].is_active:
        raise AgencyError(_("This agency was already merged or abolished."))
    if any(not agencies[pk].is_active for pk in successor_ids):
        raise AgencyError(_("The successor must be an active agency."))
    return [agencies[pk] for pk in ids]


def _lock_open_parts(agency: Agency) -> list[Part]:
    # Locked before anything is saved, in a fixed order, so two reorganisations never wait on each other.
    return list(
        Part.objects.select_for_update().filter(agency=agency, status__in=OPEN_STATUSES).order_by("pk")
    )


def _reassign(agency: Agency, successor_by_task: dict[int, Agency], open_parts, user) -> int:
    """Move each open part to its task's successor, or cancel it where that successor already leads the
    task; one history entry each, naming the former holder."""
    already_led = set(
        Part.objects.filter(
            directive_id__in=[part.directive_id for part in open_parts],
            agency__in={successor.pk for successor in successor_by_task.values()},
        ).values_list("directive_id", "agency_id")
    )
    history = []
    for part in open_parts:
        successor = successor_by_task[part.directive_id]
        status_before = part.status
        if (part.directive_id, successor.pk) in already_led:
            part.status = TaskStatus.CANCELLED
        else:
            part.agency = successor
        part.version += 1
        note = _("Transferred from %(old)s to %(new)s.") % {"old": agency.name, "new": successor.name}
        history.append(
            ProgressUpdate(
                part=part,
                author=user,
                agency=agency,
                kind=UpdateKind.TRANSFERRED,
                status_before=status_before,
                status_after=part.status,
                note=note,
            )
        )
    Part.objects.bulk_update(open_parts, ["agency", "status", "version"])
    ProgressUpdate.objects.bulk_create(history)
    return len(open_parts)


def _move_supporting(agency: Agency, successor_for) -> None:
    """The agency's supporting roles pass to each task's successor (unless it already leads or supports)."""
    supports = Directive.supporting_agencies.through.objects
    supported = list(supports.filter(agency=agency).values_list("directive_id", flat=True))
    leads = set(Part.objects.filter(directive_id__in=supported).values_list("directive_id", "agency_id"))
    existing = set(supports.filter(directive_id__in=supported).values_list("directive_id", "agency_id"))
    rows = []
    for directive_id in supported:
        successor = successor_for(directive_id)
        if successor is None:
            continue
        key = (directive_id, successor.pk)
        if key not in leads and key not in existing:
            rows.append(supports.model(directive_id=directive_id, agency_id=successor.pk))
            existing.add(key)
    supports.bulk_create(rows)


def _retire(agency: Agency, on: date, *, successor: Agency | None) -> None:
    agency.successor, agency.is_active, agency.dissolved_on = successor, False, on
    agency.full_clean()
    agency.save()
