"""When reminders and escalations fall due, in working days: pure functions of dates, no database.

Working days come from `workdays`, the one calendar (weekends, Vietnamese public holidays with Tết, and
the days off and make-up working days the office enters): each function counts in the calendar in force
when it is called, so a change to the calendar counts from the next sweep.
A reminder "k working days before" a deadline goes out on the working day after which k working days are
left up to the deadline; "on the day" (k = 0) is the last working day on or before the deadline, so a
deadline on a Sunday is reminded on the Friday before.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from reading.recurrence import PERIODIC_RECURRENCES, Recurrence
from workdays import WorkCalendar, calendar_in_force, working_days_between

__all__ = ["PERIODIC_RECURRENCES"]  # read by the sweep from here

# Two-week periods are counted from this Monday (so every task's fortnights are the same ones).
BIWEEKLY_EPOCH = date(2024, 1, 1)


@dataclass(frozen=True)
class Period:
    """One round of a recurring task: its label in outbox keys ("2024-W05", "2024-W05+2", "2024-03",
    "2024-Q1", "2024-H1", "2024"), its first and last days."""

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


def last_working_day_on_or_before(day: date, calendar: WorkCalendar | None = None) -> date:
    """`day` itself if offices work on it, else the working day before."""
    calendar = calendar_in_force(calendar)
    return day if calendar.is_working_day(day) else calendar.add_working_days(day, -1)


def reminder_day(due_on: date, offset: int, calendar: WorkCalendar | None = None) -> date:
    """The working day on which the reminder `offset` working days before `due_on` goes out."""
    return _reminder_day(due_on, offset, calendar_in_force(calendar))


@lru_cache(maxsize=4096)
def _reminder_day(due_on: date, offset: int, calendar: WorkCalendar) -> date:
    # Keyed by the calendar too: a day off entered later gives other reminder days.
    return calendar.add_working_days(last_working_day_on_or_before(due_on, calendar), -offset)


def due_reminder_offset(
    due_on: date, offsets: list[int], as_of: date, calendar: WorkCalendar | None = None
) -> int | None:
    """The reminder that is due on `as_of`: the nearest offset whose day has come (None: none is due).

    An earlier offset whose day has also passed is superseded by it; a missed day is caught up by the
    next run; once the deadline has passed there are no more reminders (escalations take over).
    """
    if as_of > due_on:
        return None
    calendar = calendar_in_force(calendar)
    due = [offset for offset in offsets if _reminder_day(due_on, offset, calendar) <= as_of]
    return min(due) if due else None


def reminder_horizon(as_of: date, offsets: list[int], calendar: WorkCalendar | None = None) -> date | None:
    """Deadlines before this day may have a reminder due on `as_of`; none from it on (None: no offsets)."""
    if not offsets:
        return None
    return calendar_in_force(calendar).add_working_days(as_of, max(offsets) + 1)


def working_days_left(due_on: date, as_of: date, calendar: WorkCalendar | None = None) -> int:
    """Working days after `as_of` up to and including `due_on` (0 on the last working day)."""
    return max(0, working_days_between(as_of, due_on, calendar))


def working_days_late(deadline: date, as_of: date, calendar: WorkCalendar | None = None) -> int:
    """Working days after `deadline` up to and including `as_of` (0 when not late)."""
    return max(0, working_days_between(deadline, as_of, calendar))


@lru_cache(maxsize=256)  # the sweep asks it of every recurring candidate, for the same few days
def period_of(recurrence: str, day: date) -> Period:
    """The period of a recurring task that `day` falls in; it is due on the period's last day.

    Weeks run Monday to Sunday (labelled by ISO week); fortnights are pairs of weeks counted from
    `BIWEEKLY_EPOCH` (labelled by their first ISO week); half-years are January to June and July to December.
    """
    if recurrence == Recurrence.WEEKLY:
        start = week_of(day)
        year, week, _ = start.isocalendar()
        return Period(f"{year}-W{week:02d}", start, start + timedelta(days=6))
    if recurrence == Recurrence.BIWEEKLY:
        start = BIWEEKLY_EPOCH + timedelta(weeks=2 * ((day - BIWEEKLY_EPOCH).days // 14))
        year, week, _ = start.isocalendar()
        return Period(f"{year}-W{week:02d}+2", start, start + timedelta(days=13))
    months = _MONTHS_OF_PERIOD.get(recurrence)
    if months is None:
        raise ValueError(recurrence)
    index = (day.month - 1) // months
    start = date(day.year, months * index + 1, 1)
    end = start + relativedelta(months=months, days=-1)
    labels: dict[str, str] = {  # a recurrence stored as text finds its member: both hash and compare as text
        Recurrence.MONTHLY: f"{day.year}-{day.month:02d}",
        Recurrence.QUARTERLY: f"{day.year}-Q{index + 1}",
        Recurrence.SEMIANNUAL: f"{day.year}-H{index + 1}",
        Recurrence.YEARLY: str(day.year),
    }
    return Period(labels[recurrence], start, end)


_MONTHS_OF_PERIOD: dict[str, int] = {
    Recurrence.MONTHLY: 1,
    Recurrence.QUARTERLY: 3,
    Recurrence.SEMIANNUAL: 6,
    Recurrence.YEARLY: 12,
}


def escalation_level(
    deadline: date,
    as_of: date,
    level_2_after: int,
    level_3_after: int,
    calendar: WorkCalendar | None = None,
) -> int:
    """How far an open task due on `deadline` is escalated on `as_of`: 0 (not overdue), 1, 2 or 3.

    Level 1 the day after the deadline; level 2 and 3 once that many working days have passed since it.
    """
    if as_of <= deadline:
        return 0
    late_by = working_days_between(deadline, as_of, calendar)
    if late_by >= level_3_after:
        return 3
    if late_by >= level_2_after:
        return 2
    return 1


def week_of(day: date) -> date:
    """The Monday of `day`'s week: the key of that week's digest."""
    return day - timedelta(days=day.weekday())
