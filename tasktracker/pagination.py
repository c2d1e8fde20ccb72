"""Paging long lists of wide rows (pages and API alike), and counting them only as far as a page needs."""

from collections.abc import Callable
from contextlib import contextmanager
from functools import cached_property

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import DatabaseError, connections
from django.db.models import QuerySet


def rows_by_ids_first(queryset, start: int, stop: int, read_rows=None, rows_of_ids=None) -> list:
    """The rows `queryset[start:stop]`, found in two steps: their ids in the queryset's order, then the
    rows themselves with everything they join and prefetch; `read_rows`, when given, turns the queryset
    of those rows into what is read (e.g. `.values(...)`: dicts with the primary key's column); or
    `rows_of_ids`, when given, reads them from their ids alone (dicts too, in any order).

    Ordering a large queryset carries every joined column through the sort; ordering the ids alone lets
    the database read narrow indexes (see docs/performance.md), and only the rows shown are joined.
    """
    ids = list(queryset.values_list("pk", flat=True)[start:stop])
    if not ids:
        return []
    pk_name = queryset.model._meta.pk.attname
    if rows_of_ids is not None:
        return in_order_of(ids, rows_of_ids(ids), pk_name)
    rows = queryset.order_by().filter(pk__in=ids)
    if read_rows is None:
        position = {pk: index for index, pk in enumerate(ids)}
        return sorted(rows, key=lambda row: position[row.pk])
    return in_order_of(ids, read_rows(rows), pk_name)


def in_order_of(ids: list, rows, pk_name: str = "id") -> list:
    """`rows` (dicts with the primary key's column `pk_name`) in the order of `ids`."""
    position = {pk: index for index, pk in enumerate(ids)}
    return sorted(rows, key=lambda row: position[row[pk_name]])


class ListedPage(Page):
    """Django's Page, iterated as the list of rows it holds. Django's inherits `Sequence.__iter__`, which
    asks `__getitem__` (a Python call and its checks) for each row in turn, until an IndexError: DRF's
    `list(page)` and a template's loop over a page paid that for every row."""

    def __iter__(self):
        if not isinstance(self.object_list, list):  # as __getitem__ does: a queryset read once
            self.object_list = list(self.object_list)
        return iter(self.object_list)


class CappedCountPaginator(Paginator):
    """A Paginator that counts at most `count_cap` rows (`LIST_COUNT_CAP`, 1,000 by default; or as far as the
    page asked for, past them), so a list of a hundred thousand matches costs what a list of a thousand does.

    `count_is_exact` says whether `count` is the whole number; when it is not, `count` is the rows counted
    (`count_floor` + 1: the list has more than `count_floor`), which still gives the page asked for, the
    previous and the next page. A last page is known only when the count is exact. The count is
    `SELECT COUNT(*) FROM (SELECT … LIMIT n)`: the database stops at the n-th match instead of reading all.
    """

    def __init__(
        self,
        object_list,
        per_page,
        orphans=0,
        allow_empty_first_page=True,
        count_cap=None,
        count_rows: Callable[[QuerySet], int] | None = None,
    ):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.count_cap = settings.LIST_COUNT_CAP if count_cap is None else count_cap
        self.count_floor = self.count_cap
        # How the capped query of ids is counted: by the database each time unless told (a cache in front).
        self.count_rows = count_rows or QuerySet.count

    def validate_number(self, number):
        if "count" not in self.__dict__:  # not counted yet: count far enough for the page asked for
            try:
                wanted = max(1, int(number))
            except (TypeError, ValueError):
                wanted = 1
            self.count_floor = max(self.count_cap, wanted * self.per_page + self.orphans)
        return super().validate_number(number)

    def _get_page(self, *args, **kwargs):
        return ListedPage(*args, **kwargs)

    @cached_property
    def count(self):
        if not isinstance(self.object_list, QuerySet):  # a list in memory: its length costs nothing
            self.count_floor = len(self.object_list)
            return self.count_floor
        return self.count_rows(self.object_list.order_by().values("pk")[: self.count_floor + 1])

    def page_bounds(self, number) -> tuple[int, int, int]:
        """The page `number`, validated, and where its rows start and stop in the list (`Paginator.page`)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return number, bottom, top

    @property
    def count_is_exact(self) -> bool:
        """Whether `count` is the number of rows in the list (not only a lower bound)."""
        return self.count <= self.count_floor


class IdsFirstPaginator(CappedCountPaginator):
    """A capped-count Paginator whose pages are read as `rows_by_ids_first` reads them (as dicts when
    given `read_rows` or `rows_of_ids`; the count and the ids are read from the queryset as it is)."""

    def __init__(self, *args, read_rows=None, rows_of_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.read_rows = read_rows
        self.rows_of_ids = rows_of_ids

    def page(self, number):
        number, bottom, top = self.page_bounds(number)
        rows = rows_by_ids_first(self.object_list, bottom, top, self.read_rows, self.rows_of_ids)
        return self._get_page(rows, number, self)


class ListPaginator(CappedCountPaginator):
    """A capped-count Paginator of a list that reads itself, with its SQL compiled once
    (`directives.list_reads.AgencyTasks`): its `count_up_to(limit)`, its `ids(start, stop)` in its order and
    the `rows(ids)` of those (dicts with the primary key's column `id`, in any order)."""

    @cached_property
    def count(self):
        return self.object_list.count_up_to(self.count_floor + 1)

    def page(self, number):
        number, bottom, top = self.page_bounds(number)
        ids = self.object_list.ids(bottom, top) if top > bottom else []
        rows = in_order_of(ids, self.object_list.rows(ids)) if ids else []
        return self._get_page(rows, number, self)


@contextmanager
def without_parallel_workers(using: str):
    """Run the statements inside on the `using` connection without PostgreSQL's parallel workers.

    A page of a list (or a count stopped at the cap) walks an index and probes the other table until it has
    its rows. Planned in parallel at a million tasks, each worker walks its own share of the index and queues
    rows ahead of what the leader takes (the task list's search, overdue: 17,000 parts probed for 25 rows,
    720 ms, against 600 parts and 18 ms serially; see docs/performance.md). Other databases: nothing to do.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET max_parallel_workers_per_gather")
        except DatabaseError:  # a failed transaction: rolling it back undoes the SET made in it
            pass
