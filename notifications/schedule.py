"""When reminders and escalations fall due, in working days: pure functions of dates, no database.

Working days come from `reading.deadlines` (weekends and Vietnamese public holidays, Tết included).
A reminder "k working days before" a deadline goes out on the working day after which k working days are
left up to the deadline; "on the day" (k = 0) is the last working day on or before the deadline, so a
deadline on a Sunday is reminded on the Friday before.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from reading.deadlines import add_working_days, is_working_day, working_days_between

# Recurrences that come round in periods (the others are one-off or ongoing).
PERIODIC_RECURRENCES = ("monthly", "quarterly", "yearly")


@dataclass(frozen=True)
class Period:
    """One round of a recurring task: its label in outbox keys ("2024-03", "2024-Q1", "2024"), its days."""

    label: str
    start: date
    end: date


def parse_offsets(text: str) -> list[int]:
    """Reminder offsets written as "7,3,1,0": whole working days, largest first, each once.

    Raises ValueError for anything else (a negative number, a word).
    """
    offsets = set()
    for item in text.replace(";", ",").split(","):
        item = item.strip()
        if not item:
            continue
        value = int(item)
        if value < 0:
            raise ValueError(item)
        offsets.add(value)
    return sorted(offsets, reverse=True)


@lru_cache(maxsize=4096)
def last_working_day_on_or_before(day: date) -> date:
    """`day` itself if offices work on it, else the working day before."""
    return day if is_working_day(day) else add_working_days(day, -1)


@lru_cache(maxsize=4096)
def reminder_day(due_on: date, offset: int) -> date:
    """The working day on which the reminder `offset` working days before `due_on` goes out."""
    return add_working_days(last_working_day_on_or_before(due_on), -offset)


def due_reminder_offset(due_on: date, offsets: list[int], as_of: date) -> int | None:
    """The reminder that is due on `as_of`: the nearest offset whose day has come (None: none is due).

    An earlier offset whose day has also passed is superseded by it; a missed day is caught up by the
    next run; once the deadline has passed there are no more reminders (escalations take over).
    """
    if as_of > due_on:
        return None
    due = [offset for offset in offsets if reminder_day(due_on, offset) <= as_of]
    return min(due) if due else None


def reminder_horizon(as_of: date, offsets: list[int]) -> date | None:
    """Deadlines before this day may have a reminder due on `as_of`; none from it on (None: no offsets)."""
    if not offsets:
        return None
    return add_working_days(as_of, max(offsets) + 1)


def working_days_left(due_on: date, as_of: date) -> int:
    """Working days after `as_of` up to and including `due_on` (0 on the last working day)."""
    return max(0, working_days_between(as_of, due_on))


def working_days_late(deadline: date, as_of: date) -> int:
    """Working days after `deadline` up to and including `as_of` (0 when not late)."""
    return max(0, working_days_between(deadline, as_of))


def period_of(recurrence: str, day: date) -> Period:
    """The period of a recurring task that `day` falls in; it is due on the period's last day."""
    if recurrence == "monthly":
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(f"{day.year}-{day.month:02d}", day.replace(day=1), day.replace(day=last))
    if recurrence == "quarterly":
        quarter = (day.month - 1) // 3 + 1
        first_month, last_month = 3 * quarter - 2, 3 * quarter
        last = calendar.monthrange(day.year, last_month)[1]
        return Period(
            f"{day.year}-Q{quarter}", date(day.year, first_month, 1), date(day.year, last_month, last)
        )
    if recurrence == "yearly":
        return Period(str(day.year), date(day.year, 1, 1), date(day.year, 12, 31))
    raise ValueError(recurrence)


def escalation_level(deadline: date, as_of: date, level_2_after: int, level_3_after: int) -> int:
    """How far an open task due on `deadline` is escalated on `as_of`: 0 (not overdue), 1, 2 or 3.

    Level 1 the day after the deadline; level 2 and 3 once that many working days have passed since it.
    """
    if as_of <= deadline:
        return 0
    late_by = working_days_between(deadline, as_of)
    if late_by >= level_3_after:
        return 3
    if late_by >= level_2_after:
        return 2
    return 1


def week_of(day: date) -> date:
    """The Monday of `day`'s week: the key of that week's digest."""
    return day - timedelta(days=day.weekday())
