"""The counts versions: the numbers the dashboard's cached figures are filed under (`reporting.dashboard`).

Each agency has its own version, and there is one global version over them all. Every committed change to
what the dashboard counts (parts, tasks, notices, agencies) raises the versions of the agencies it touches
(a part's lead agency; every lead agency of a task or notice whose dates change); a change that touches
every agency at once (a bulk load) raises the global version instead. So a reader never gets figures older
than the data it can see, and after a change only the agencies it touched are counted again.

A version is raised once the change is committed (`transaction.on_commit`, before the writer's `atomic`
block returns), with `cache.incr`, which is atomic in every cache backend and locks no row: writers never
wait for each other, as they did behind the one row of the former `CountsVersion` table until their commit.
A change rolled back raises nothing.

Every raise, of whichever version, also raises the changes version (`CHANGES_KEY`), last: the capped
counts of the task list, my tasks and the API's lists of parts are kept under it (`kept_counts`), since a
list of every agency's parts can be moved by any change, and so are the dashboard's sums (`changes`): while
it has not moved, no agency's version has.

The numbers live in Django's cache, which is shared by every process when it is Redis (production). The
default local-memory cache keeps them per process, so there the dashboard keeps its figures only briefly
(`reporting.dashboard.figures_kept_for`): a change made by another process (a management command, another
web worker) cannot raise this one's numbers. While Redis cannot be reached (`tasktracker.cache`) nothing is
kept and every reader counts afresh; a raise that failed is made again by the same process when it next
reads or raises a version, so figures kept before the outage are not taken for current ones after it.
"""

import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models import QuerySet

from tasktracker import cache as resilient_cache
from tasktracker import db_router

Kept = TypeVar("Kept")

KEY = "directives:counts-version"
# When a version was last raised (seconds since the epoch), whichever it was.
RAISED_AT_KEY = "directives:counts-version-raised-at"
AGENCY_KEY = "directives:counts-version:agency:{}"
# Raised with every other version, after it: the lists' counts and the dashboard's sums are kept under it.
CHANGES_KEY = "directives:counts-version:changes"
# How long a list's count is kept: hours with a cache every process shares and raises (Redis); a minute with
# the default cache of each process's own, which a change made by another process does not raise.
LIST_COUNTS_KEPT_FOR = 6 * 60 * 60
LIST_COUNTS_KEPT_LOCALLY_FOR = 60
# A change touching more agencies than this raises the global version: one increment instead of hundreds,
# and the next reader counts nearly every agency again anyway.
MOST_AGENCIES_RAISED = 100

# The versions this process failed to raise, raised again before it next reads or raises one.
_unraised: set[str] = set()
_unraised_lock = threading.Lock()


def current() -> int:
    """The global counts version now (`versions` without agencies)."""
    return versions([])[0]


def changes() -> tuple[int, int]:
    """The global counts version and the changes version, read together (one cache round trip): while neither
    has moved, no version has, so what was made of every agency's figures still holds (and no agency's
    version needs reading). Read first, before the agencies' versions: the changes version is raised after
    them."""
    _raise_again()
    values = cache.get_many([KEY, CHANGES_KEY, RAISED_AT_KEY])
    _primary_while_replica_may_lag(values)
    number, changed = values.get(KEY), values.get(CHANGES_KEY)
    return (
        _first_number(KEY) if number is None else number,
        _first_number(CHANGES_KEY) if changed is None else changed,
    )


def versions(agency_ids: Iterable[int]) -> tuple[int, dict[int, int]]:
    """The global counts version and each of `agency_ids`' versions, read together (one cache round trip).

    A version the cache does not hold (first use, evicted, flushed) becomes a number never used before, so
    no figures kept under an earlier number can be taken for current ones.
    """
    agency_ids = list(agency_ids)
    keys = {agency_id: AGENCY_KEY.format(agency_id) for agency_id in agency_ids}
    _raise_again()
    values = cache.get_many([KEY, RAISED_AT_KEY, *keys.values()])
    _primary_while_replica_may_lag(values)
    number = values.get(KEY)
    if number is None:
        number = _first_number(KEY)
    return number, {
        agency_id: values[key] if key in values else _first_number(key) for agency_id, key in keys.items()
    }


def _primary_while_replica_may_lag(values: dict) -> None:
    """Figures filed under a new number must include the change that raised it, which a read replica may not
    have replayed yet: for as long as it may lag (`values` has RAISED_AT_KEY), they are counted on the
    primary."""
    if time.time() - values.get(RAISED_AT_KEY, 0) < settings.DATABASE_PRIMARY_PIN_SECONDS:
        db_router.pin_to_primary()


def kept_counts() -> "KeptCounts":
    """Counts of lists, each kept in the cache until any change is committed (filed under the changes version
    read now): `KeptCounts`."""
    _raise_again()
    values = cache.get_many([CHANGES_KEY, RAISED_AT_KEY])
    version = values.get(CHANGES_KEY)
    if version is None:
        version = _first_number(CHANGES_KEY)
    replica_may_lag = time.time() - values.get(RAISED_AT_KEY, 0) < settings.DATABASE_PRIMARY_PIN_SECONDS
    return KeptCounts(version, replica_may_lag)


class KeptCounts:
    """Called with a queryset, counts it as `queryset.count()` does, the count kept in the cache until any
    change is committed (filed under the changes version it was made with).

    Each count is filed under its own database, SQL and parameters, which carry everything the number
    depends on besides the data: the filters and search words, whose tasks the person may see, today's date
    for timeliness, the cap. A search that two broad conditions make sparse ("giải phóng mặt bằng", overdue)
    reads hundreds of thousands of tasks at a million to find its first 1,001 matches; the same list opened
    again, another of its pages, or the same filter for another person who sees everything then costs one
    cache read. A list whose SQL is compiled once (`directives.list_reads`) files its count under a key of its
    own instead (`by_key`), with no queryset built to find it.

    The list stays on a read replica (unlike the dashboard's figures, nothing pins it to the primary): a count
    read there while a change may not have reached it yet (raised less than DATABASE_PRIMARY_PIN_SECONDS
    ago) is used for this page but not kept, so the version the change raised never holds a count without it.
    """

    def __init__(self, version: int, replica_may_lag: bool):
        self.version = version
        self.replica_may_lag = replica_may_lag
        local = isinstance(caches["default"], LocMemCache)
        self.kept_for = LIST_COUNTS_KEPT_LOCALLY_FOR if local else LIST_COUNTS_KEPT_FOR

    def __call__(self, queryset: QuerySet) -> int:
        try:
            sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
        except EmptyResultSet:  # a list that can hold nothing (a person of no agency): nothing to keep
            return 0
        return self.by_key(queryset.db, (sql, params), queryset.count)

    def by_key(self, using: str, key: tuple, count: Callable[[], Kept]) -> Kept:
        """`count()`, a count (or other rows a list reads, which any change can move: the agencies of the
        task list's filters) made on the database `using`, kept under `key`: a tuple of everything it depends
        on besides the data (a list's SQL and parameters; or the name of a list whose SQL is fixed, with its
        keys and its cap)."""
        digest = hashlib.blake2b(repr((using, *key)).encode(), digest_size=16).hexdigest()
        cache_key = f"directives:list-count:{self.version}:{digest}"
        counted = cache.get(cache_key)
        if counted is None:
            counted = count()
            if not (self.replica_may_lag and using in db_router.read_replicas()):
                cache.set(cache_key, counted, self.kept_for)
        return counted


def raise_after_commit(using: str | None = None) -> None:
    """Raise the global counts version when the current transaction on `using` commits (now, outside one):
    for a change that touches every agency's figures."""
    transaction.on_commit(_raise, using=using)


def raise_agencies_after_commit(agency_ids: Iterable[int | None], using: str | None = None) -> None:
    """Raise the versions of `agency_ids` when the current transaction on `using` commits (now, outside
    one): for a change to what those agencies' figures count."""
    touched = {agency_id for agency_id in agency_ids if agency_id is not None}
    if len(touched) > MOST_AGENCIES_RAISED:
        raise_after_commit(using)
    elif touched:
        transaction.on_commit(lambda: _raise_agencies(touched), using=using)


def _raise() -> None:
    _increment([KEY])


def _raise_agencies(agency_ids: Iterable[int]) -> None:
    _increment([AGENCY_KEY.format(agency_id) for agency_id in agency_ids])


def _increment(keys: list[str]) -> None:
    with _unraised_lock:
        keys = [*_unraised, *keys]
        _unraised.clear()
    failures = resilient_cache.failures()
    cache.set(RAISED_AT_KEY, time.time(), timeout=None)
    for key in [*keys, CHANGES_KEY]:  # the changes version last: see `changes`
        try:
            cache.incr(key)
        except ValueError:  # not in the cache: the next reader starts from a fresh number
            cache.add(key, _fresh_number(), timeout=None)
    if resilient_cache.failures() != failures:
        with _unraised_lock:
            _unraised.update(keys)


def _raise_again() -> None:
    """Raise the versions that this process failed to raise (the cache was unreachable), if any."""
    if _unraised:
        _increment([])


def _first_number(key: str) -> int:
    """The number `key` holds from now on: a fresh one, unless another process has just set one."""
    fresh = _fresh_number()
    return fresh if cache.add(key, fresh, timeout=None) else cache.get(key, fresh)


def _fresh_number() -> int:
    """Microseconds since the epoch: later than any number handed out before (each raise adds one, and no
    process raises it a million times a second)."""
    return time.time_ns() // 1000
