"""The lists' reads with their SQL compiled once (`tasktracker.statements.PreparedQuery`): the rows of a page
of parts (the task list, My tasks), My tasks' pages of ids, the task list's pages of ids (one statement per
list: `TaskList`), the task list's saved filters, and the notice list's tasks per notice.

Building these querysets and compiling their SQL (the timeliness CASE above all) cost the lists more CPU than
PostgreSQL spends running them. Each stays written as a queryset, here; what changes the SQL itself (an
agency's role in the tasks, whether finished ones are shown, where a page starts and ends) makes a statement
of its own.
"""

from collections.abc import Callable
from datetime import date

from django.db import router
from django.db.models import F

from directives.models import Directive, Part, SavedFilter
from directives.querysets import AGENCY_ROLES, ROW_VALUES
from tasktracker.kept import LatestKept
from tasktracker.lookups import AmongIds
from tasktracker.statements import (
    PLACEHOLDER_DAY,
    PLACEHOLDER_ID_ARRAY,
    PLACEHOLDER_IDS,
    CompiledIds,
    PreparedQuery,
)

# The ids one parameter (`AmongIds`): one statement for every length of page, and one parameter for psycopg
# to adapt where there was one per id.
_rows = PreparedQuery(
    Part,
    lambda today, ids: (
        Part.objects.with_timeliness(today).filter(AmongIds(F("pk"), ids)).order_by().values(*ROW_VALUES)
    ),
    (PLACEHOLDER_DAY, PLACEHOLDER_ID_ARRAY),
)


def rows_of(today: date, ids: list[int]) -> list[dict]:
    """The rows (`PartQuerySet.row_values`, timeliness as of `today`) of the parts `ids`, in no order: the
    parts of a page whose ids a list found, so who may see them was decided there."""
    return _rows(today, ids)


_tasks_per_notice = PreparedQuery(
    Directive, lambda notice_ids: Directive.objects.tasks_per_notice(notice_ids), (PLACEHOLDER_IDS,)
)


def count_tasks_per_notice(notices) -> None:
    """Set `task_count` on each of `notices` (a page of them): `DirectiveQuerySet.count_per_notice`."""
    counted = {row["notice"]: row["count"] for row in _tasks_per_notice([notice.pk for notice in notices])}
    for notice in notices:
        notice.task_count = counted.get(notice.pk, 0)


_saved_filters = PreparedQuery(
    SavedFilter, lambda user_id: SavedFilter.objects.filter(user=user_id).only("id", "name", "query")
)


def saved_filters_of(user_id: int) -> list:
    """The task list filters the user saved, by name (their name and query string)."""
    return _saved_filters(user_id)


def agency_parts(agency_id: int, role: str, show_finished: bool):
    """My tasks' list: the parts of the tasks `agency_id` leads (`LEAD`) or supports, most urgent first."""
    parts = Part.objects.of_agency(agency_id, role)
    return (parts if show_finished else parts.open()).by_urgency()


class _PagesOfIds:
    """The statements of the pages of ids of one shape of list, each page's start and end written in its SQL:
    those of the latest KEPT pages read are kept (a list is read from its first pages, mostly)."""

    KEPT = 16

    def __init__(self, role: str, show_finished: bool):
        self.role = role
        self.show_finished = show_finished
        self._pages = LatestKept(self.KEPT)

    def __call__(self, agency_id: int, start: int, stop: int) -> list[int]:
        page = self._pages.get((start, stop), lambda: PreparedQuery(Part, self._queryset_for(start, stop)))
        return [row["pk"] for row in page(agency_id)]

    def _queryset_for(self, start: int, stop: int):
        role, show_finished = self.role, self.show_finished
        return lambda agency_id: agency_parts(agency_id, role, show_finished).values("pk")[start:stop]


_pages_of_ids = {
    (role, show_finished): _PagesOfIds(role, show_finished)
    for role in AGENCY_ROLES
    for show_finished in (False, True)
}


class AgencyTasks:
    """One of My tasks' lists (`agency_parts`) as `tasktracker.pagination.ListPaginator` pages it: its count
    kept until a change (`counts.kept_counts`), its pages of ids and their rows read by statements compiled
    once."""

    def __init__(self, agency_id: int, role: str, show_finished: bool, today: date, kept_counts):
        self.agency_id = agency_id
        self.role = role
        self.show_finished = show_finished
        self.today = today
        self.kept_counts = kept_counts

    def count_up_to(self, limit: int) -> int:
        """How many parts the list has, counting no further than `limit`."""
        key = ("agency tasks", self.agency_id, self.role, self.show_finished, limit)

        def count() -> int:
            parts = agency_parts(self.agency_id, self.role, self.show_finished)
            return parts.order_by().values("pk")[:limit].count()

        return self.kept_counts.by_key(router.db_for_read(Part), key, count)

    def ids(self, start: int, stop: int) -> list[int]:
        return _pages_of_ids[self.role, self.show_finished](self.agency_id, start, stop)

    def rows(self, ids: list[int]) -> list[dict]:
        return rows_of(self.today, ids)


class TaskList:
    """The task list (the parts a person may see, filtered, searched and ordered as the query string says) as
    `tasktracker.pagination.ListPaginator` pages it: its pages of ids read by a statement compiled once per
    list (`tasktracker.statements.CompiledIds`), those of the latest KEPT lists kept; its count kept until a
    change (`counts.kept_counts`); its rows by `rows_of`.

    `key` is everything the list's queryset is built from besides the database (whose tasks the person sees,
    the filters' values, the order, today's date for timeliness); `parts()` builds that queryset, which is
    done only for a list not met lately (or to count it again after a change).
    """

    KEPT = 64

    def __init__(self, key: tuple, parts: Callable, today: date, kept_counts):
        self.alias = router.db_for_read(Part)
        self.key = (self.alias, *key)
        self.parts = parts
        self.today = today
        self.kept_counts = kept_counts

    def count_up_to(self, limit: int) -> int:
        """How many parts the list has, counting no further than `limit`."""
        return self.kept_counts.by_key(
            self.alias,
            ("task list", *self.key, limit),
            lambda: self.parts().order_by().values("pk")[:limit].count(),
        )

    def ids(self, start: int, stop: int) -> list[int]:
        return _task_lists.get(self.key, lambda: CompiledIds(self.parts())).slice(start, stop)

    def rows(self, ids: list[int]) -> list[dict]:
        return rows_of(self.today, ids)


_task_lists = LatestKept(TaskList.KEPT)
