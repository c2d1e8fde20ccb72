"""The working-day calendar of the whole product (floor 0: imports none of the other apps).

Import working days from here and nowhere else: `from workdays import add_working_days`.
"""

from workdays.calendar import (
    NO_EXCEPTIONS,
    PACKAGE_CALENDAR,
    CalendarExceptions,
    WorkCalendar,
    add_working_days,
    calendar_for,
    calendar_in_force,
    is_weekend,
    is_working_day,
    using,
    working_days_between,
)

__all__ = [
    "NO_EXCEPTIONS",
    "PACKAGE_CALENDAR",
    "CalendarExceptions",
    "WorkCalendar",
    "add_working_days",
    "calendar_for",
    "calendar_in_force",
    "is_weekend",
    "is_working_day",
    "using",
    "working_days_between",
]
