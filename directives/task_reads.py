"""The task page's reads, their SQL compiled once (`tasktracker.statements.PreparedQuery`).

Building these querysets and compiling their SQL (the timeliness CASE above all) cost the page more CPU than
PostgreSQL spends running them. Each stays written as a queryset, here; whose tasks a person sees
(`visible_to`) changes the SQL itself, so the task is read by one statement per shape of `visibility_of`,
run with the person's own agency.
"""

from datetime import date
from functools import partial

from django.db.models import Exists, F, OuterRef

from agencies.models import Agency
from directives.models import Directive, ExtensionRequest, Part
from directives.querysets import SEES_EVERY_AGENCY, SEES_NOTHING, SEES_OWN_AGENCY, visibility_of
from tasktracker.statements import PLACEHOLDER_DAY, PLACEHOLDER_IDS, PLACEHOLDER_KEYS, PreparedQuery

# The columns of a task, its notice and its heading that the task page shows (templates/directives/
# directive_detail.html): a task and a notice carry long texts (search words, the notice's source) besides.
SHOWN_COLUMNS = (
    *("number", "title", "text", "deadline", "deadline_text", "recurrence", "target", "review_flags"),
    *("notice__number", "notice__title", "parent__number", "parent__text"),
)
# The columns of a part the task page reads (and its agency's name, `agency_name`): not its timestamps.
PART_COLUMNS = [
    "directive",
    "agency",
    "status",
    "completed_on",
    "version",
    "extended_deadline",
    "effective_deadline",
]


def _shown_tasks(shape: str, pk: int, *visibility_keys: int):
    return (
        Directive.objects.visible_in(shape, visibility_keys)
        .tasks()
        .select_related("notice", "parent")
        .only(*SHOWN_COLUMNS)
        .filter(pk=pk)
    )


_shown_task = {
    SEES_EVERY_AGENCY: PreparedQuery(Directive, partial(_shown_tasks, SEES_EVERY_AGENCY)),
    SEES_OWN_AGENCY: PreparedQuery(Directive, partial(_shown_tasks, SEES_OWN_AGENCY), PLACEHOLDER_KEYS[:2]),
}


def shown_task(user, pk: int) -> Directive | None:
    """The task `pk` with its notice and heading if `user` may see it (only the columns its page shows,
    SHOWN_COLUMNS: not for a task to be saved); None otherwise."""
    shape, keys = visibility_of(user)
    if shape == SEES_NOTHING:
        return None
    return _shown_task[shape].first(pk, *keys)


def _parts_of(directive_id: int, today: date):
    pending = ExtensionRequest.objects.pending().filter(part=OuterRef("pk"))
    return (
        Part.objects.filter(directive_id=directive_id)
        .with_timeliness(today)
        # The agency's name, not the agency: an instance per part for one name cost more than its part.
        .annotate(has_pending_request=Exists(pending), agency_name=F("agency__name"))
        .only(*PART_COLUMNS)
        .order_by("agency__name")  # one task's parts: its agencies' names alone give the order
    )


_parts = PreparedQuery(Part, _parts_of, (PLACEHOLDER_KEYS[0], PLACEHOLDER_DAY))


def parts_shown(directive: Directive, today: date) -> list:
    """The task's parts with their agencies' names (`agency_name`; `agency` is not read), their timeliness
    as of `today` and whether each has a pending extension request (`has_pending_request`), in the order of
    the agencies' names."""
    parts = _parts(directive.pk, today)
    for part in parts:
        part.directive = directive  # as `directive.parts` would have given them
    return parts


_supporting = PreparedQuery(Agency, lambda pk: Agency.objects.filter(supported_directives=pk).only("name"))


def supporting_agencies(directive: Directive):
    """The task's supporting agencies (their names), read when called: a template reads them only if it
    shows them."""
    return partial(_supporting, directive.pk)


_pending_requests = PreparedQuery(
    ExtensionRequest,
    lambda part_ids: (
        ExtensionRequest.objects.pending()
        .filter(part__in=part_ids)
        .select_related("requested_by", "request_entry")
        .order_by()
    ),  # at most one pending per part (a constraint): nothing to sort
    (PLACEHOLDER_IDS,),
)


def pending_requests(part_ids: list[int]) -> dict[int, ExtensionRequest]:
    """The pending extension request of each of the parts that has one, by the part's id."""
    return {request.part_id: request for request in _pending_requests(part_ids)} if part_ids else {}
