"""Reads of web requests from the read replica, everything else from the primary.

Only a request opts in (`ReadReplicaMiddleware`): a GET, HEAD or OPTIONS from someone who has not written
in the last DATABASE_PRIMARY_PIN_SECONDS. Everything else reads from the primary without asking: a form
being submitted, the rest of a request once it has written, reads inside a transaction on the primary,
Celery jobs (the sweep, the sender, document reading), management commands and migrations. A person's own
change is therefore read back from the primary on the pages that follow it, until the replica has surely
replayed it; other people may see it a moment (the replica's lag) later.

A replica that cannot be connected to is left alone for REPLICA_RETRY_AFTER seconds (`answering_replicas`):
meanwhile every request of the process reads from the primary.
"""

import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA_RETRY_AFTER = 30.0  # seconds
# When each replica that failed may be tried again (time.monotonic()).
_replica_down_until: dict[str, float] = {}

# The replica this request reads from, or None for the primary. A context variable: each thread of a
# threaded worker (and each task of an async one) has its own.
_reading_from: ContextVar[str | None] = ContextVar("reading_from", default=None)

# Rows written by every request (sessions, login throttling, API tokens) or read to decide a write
# (scheduled jobs): always the primary, where the writer left them.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes", "django_celery_beat"})
PRIMARY_ONLY_MODELS = frozenset({"accounts.apitoken"})


def read_replicas() -> list[str]:
    """The aliases of the read replicas in use (DATABASE_READ_REPLICAS; none without DATABASE_REPLICA_URL)."""
    return settings.DATABASE_READ_REPLICAS


def answering_replicas() -> list[str]:
    """The read replicas this process can read from now: connected (or connected now), and not failed in
    the last REPLICA_RETRY_AFTER seconds. An open connection is checked as Django checks it before a
    request's first query (CONN_HEALTH_CHECKS), so this costs no round trip that query would not make."""
    answering = []
    for alias in read_replicas():
        if time.monotonic() < _replica_down_until.get(alias, 0.0):
            continue
        connection = connections[alias]
        try:
            connection.close_if_health_check_failed()
            connection.ensure_connection()
        except DatabaseError as error:
            _replica_down_until[alias] = time.monotonic() + REPLICA_RETRY_AFTER
            logger.warning(
                "The read replica %r cannot be reached, reading from the primary: %s", alias, error
            )
            continue
        answering.append(alias)
    return answering


def read_from_replica(alias: str | None):
    """Send this request's reads to the replica `alias` (None: the primary); returns a token for `restore`."""
    return _reading_from.set(alias)


def restore(token) -> None:
    """Undo `read_from_replica`: the reads go where they went before."""
    _reading_from.reset(token)


def pin_to_primary() -> None:
    """Read from the primary for the rest of this request (it wrote, or must see the latest data)."""
    if _reading_from.get() is not None:
        _reading_from.set(None)


def reading_from() -> str:
    """The database this request's reads go to now."""
    return _reading_from.get() or DEFAULT_DB_ALIAS


class PrimaryReplicaRouter:
    """Writes, migrations and unrouted reads on the primary; a request's reads on its replica."""

    def db_for_read(self, model, **hints):
        replica = _reading_from.get()
        if replica is None or _primary_only(model):
            return DEFAULT_DB_ALIAS
        instance = hints.get("instance")
        if instance is not None and instance._state.db == DEFAULT_DB_ALIAS:
            # Following a relation of a row read from (or written to) the primary: stay there.
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            # A transaction reads what it is about to change: from the primary, with its locks.
            return DEFAULT_DB_ALIAS
        return replica

    def db_for_write(self, model, **hints):
        pin_to_primary()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica is read-only: it receives the schema from the primary's WAL.
        return db == DEFAULT_DB_ALIAS


def _primary_only(model) -> bool:
    meta = model._meta
    return meta.app_label in PRIMARY_ONLY_APPS or meta.label_lower in PRIMARY_ONLY_MODELS
