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

The numbers live in Django's cache, which is shared by every process when it is Redis (production). The
default local-memory cache keeps them per process, so there the dashboard keeps its figures only briefly
(`reporting.dashboard.figures_kept_for`): a change made by another process (a management command, another
web worker) cannot raise this one's numbers.
"""

import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from tasktracker import db_router

KEY = "directives:counts-version"
# When a version was last raised (seconds since the epoch), whichever it was.
RAISED_AT_KEY = "directives:counts-version-raised-at"
AGENCY_KEY = "directives:counts-version:agency:{}"
# A change touching more agencies than this raises the global version: one increment instead of hundreds,
# and the next reader counts nearly every agency again anyway.
MOST_AGENCIES_RAISED = 100


def current() -> int:
    """The global counts version now (`versions` without agencies)."""
    return versions([])[0]


def versions(agency_ids: Iterable[int]) -> tuple[int, dict[int, int]]:
    """The global counts version and each of `agency_ids`' versions, read together (one cache round trip).

    A version the cache does not hold (first use, evicted, flushed) becomes a number never used before, so
    no figures kept under an earlier number can be taken for current ones.
    """
    agency_ids = list(agency_ids)
    keys = {agency_id: AGENCY_KEY.format(agency_id) for agency_id in agency_ids}
    values = cache.get_many([KEY, RAISED_AT_KEY, *keys.values()])
    if time.time() - values.get(RAISED_AT_KEY, 0) < settings.DATABASE_PRIMARY_PIN_SECONDS:
        # Figures filed under a new number must include the change that raised it, which a read replica
        # may not have replayed yet: for as long as it may lag, they are counted on the primary.
        db_router.pin_to_primary()
    number = values.get(KEY)
    if number is None:
        number = _first_number(KEY)
    return number, {
        agency_id: values[key] if key in values else _first_number(key) for agency_id, key in keys.items()
    }


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
    cache.set(RAISED_AT_KEY, time.time(), timeout=None)
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:  # not in the cache: the next reader starts from a fresh number
            cache.add(key, _fresh_number(), timeout=None)


def _first_number(key: str) -> int:
    """The number `key` holds from now on: a fresh one, unless another process has just set one."""
    fresh = _fresh_number()
    return fresh if cache.add(key, fresh, timeout=None) else cache.get(key, fresh)


def _fresh_number() -> int:
    """Microseconds since the epoch: later than any number handed out before (each raise adds one, and no
    process raises it a million times a second)."""
    return time.time_ns() // 1000
