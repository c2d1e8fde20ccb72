"""The counts version: the number the dashboard's cached figures are filed under (`reporting.dashboard`).

Every committed change to what the dashboard counts (parts, tasks, notices, agencies) raises it, so a reader
never gets figures older than the data it can see. It is raised once the change is committed
(`transaction.on_commit`, before the writer's `atomic` block returns), with `cache.incr`, which is atomic in
every cache backend and locks no row: writers never wait for each other, as they did behind the one row of
the former `CountsVersion` table until their commit. A change rolled back raises nothing.

The number lives in Django's cache, which is shared by every process when it is Redis (production). The
default local-memory cache keeps one number per process, so there the dashboard keeps its figures only
briefly (`reporting.dashboard.figures_kept_for`): a change made by another process (a management command,
another web worker) cannot raise this one's number.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from tasktracker import db_router

KEY = "directives:counts-version"
# When the number was last raised (seconds since the epoch).
RAISED_AT_KEY = "directives:counts-version-raised-at"


def current() -> int:
    """The counts version now; a number never used before when the cache holds none (first use, evicted,
    flushed), so no figures kept under an earlier number can be taken for current ones."""
    values = cache.get_many([KEY, RAISED_AT_KEY])
    number = values.get(KEY)
    if time.time() - values.get(RAISED_AT_KEY, 0) < settings.DATABASE_PRIMARY_PIN_SECONDS:
        # Figures filed under a new number must include the change that raised it, which a read replica
        # may not have replayed yet: for as long as it may lag, they are counted on the primary.
        db_router.pin_to_primary()
    if number is None:
        fresh = _fresh_number()
        number = fresh if cache.add(KEY, fresh, timeout=None) else cache.get(KEY, fresh)
    return number


def raise_after_commit(using: str | None = None) -> None:
    """Raise the counts version when the current transaction on `using` commits (now, outside one)."""
    transaction.on_commit(_raise, using=using)


def _raise() -> None:
    cache.set(RAISED_AT_KEY, time.time(), timeout=None)
    try:
        cache.incr(KEY)
    except ValueError:  # not in the cache: the next reader starts from a fresh number
        cache.add(KEY, _fresh_number(), timeout=None)


def _fresh_number() -> int:
    """Microseconds since the epoch: later than any number handed out before (each raise adds one, and no
    process raises it a million times a second)."""
    return time.time_ns() // 1000
