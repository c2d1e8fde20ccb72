"""The calendar in force now: the `holidays` package's, with the office's exceptions from the database.

The exceptions are loaded once and kept in the process: saving or deleting one forgets them at once in
the process that made the change (and again when its transaction commits); other processes (the Celery
worker that runs the sweep, the other web workers) load them again at most `RELOAD_AFTER_SECONDS` later.
So a change counts for deadlines computed afterwards and, the sweep running every 15 minutes, for
reminders and escalations from the next sweep.
"""

import time

from django.db import transaction

from workdays.calendar import CalendarExceptions, WorkCalendar, calendar_for
from workdays.choices import ExceptionKind

RELOAD_AFTER_SECONDS = 60

# (monotonic time after which to load again, the calendar); None: load at the next call.
_loaded: tuple[float, WorkCalendar] | None = None


def load_exceptions(excluding_pk: int | None = None) -> CalendarExceptions:
    """The office's exceptions as data (without the one `excluding_pk`, to compare with and without it)."""
    from workdays.models import CalendarException

    exceptions = CalendarException.objects.all()
    if excluding_pk is not None:
        exceptions = exceptions.exclude(pk=excluding_pk)
    rows = exceptions.values_list("day", "kind")
    days_off = {day for day, kind in rows if kind == ExceptionKind.DAY_OFF}
    working_days = {day for day, kind in rows if kind == ExceptionKind.WORKING_DAY}
    return CalendarExceptions(days_off=frozenset(days_off), working_days=frozenset(working_days))


def current_calendar() -> WorkCalendar:
    """The calendar in force: loaded from the database when forgotten or older than the reload time."""
    global _loaded
    loaded, now = _loaded, time.monotonic()
    if loaded is not None and now < loaded[0]:
        return loaded[1]
    calendar = calendar_for(load_exceptions())
    _loaded = (now + RELOAD_AFTER_SECONDS, calendar)
    return calendar


def keep(calendar: WorkCalendar, seconds: float = RELOAD_AFTER_SECONDS) -> None:
    """Hold `calendar` as the current one for `seconds` (tests: a fresh database has no exceptions)."""
    global _loaded
    _loaded = (time.monotonic() + seconds, calendar)


def forget() -> None:
    """Load the exceptions again at the next call."""
    global _loaded
    _loaded = None


def exceptions_changed(sender: object, **kwargs: object) -> None:
    forget()
    transaction.on_commit(forget)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from workdays.models import CalendarException

    post_save.connect(exceptions_changed, sender=CalendarException, dispatch_uid="workdays-saved")
    post_delete.connect(exceptions_changed, sender=CalendarException, dispatch_uid="workdays-deleted")
