"""The Vietnamese working-day calendar: pure functions of dates, no Django.

A day is a working day when offices work on it: Monday to Friday, except the public holidays the
`holidays` package knows (Tết and the days off in lieu included), plus the Saturdays it knows were worked in
return. On top of that come the exceptions people announce each year (`CalendarExceptions`, data: the
`workdays` app keeps them in the database): a day off (a weekday given off to bridge a holiday, a day the
province gives off) and a make-up working day (*làm bù*: a Saturday worked in return). An exception wins
over the package.

Counting is constant time in the length of the span: a day's running total of working days since an epoch
is its Monday-to-Friday count (arithmetic) corrected by the days that differ from that rule before it
(a sorted list per year with running sums, found by bisection; each year is read from the package once).
`add_working_days` searches that running total by bisection, so ten years cost a few dozen look-ups, not
thousands of steps.

Which calendar a call uses: the `calendar` passed in; else the one `using()` put in force; else the current
one the Django app supplies (`workdays.current`, with the office's exceptions); else, outside Django, the
package's calendar alone.
"""

from __future__ import annotations

import contextlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import holidays

COUNTRY = "VN"
# The years the package has Vietnamese holidays for; outside them only weekends and exceptions count.
_PACKAGE_YEARS = range(holidays.VN.start_year, holidays.VN.end_year + 1)


@dataclass(frozen=True)
class CalendarExceptions:
    """Days that differ from the package's calendar: days off and make-up working days, as data."""

    days_off: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "days_off", frozenset(self.days_off))
        object.__setattr__(self, "working_days", frozenset(self.working_days))
        both = self.days_off & self.working_days
        if both:
            raise ValueError(f"a day cannot be both off and worked: {sorted(both)}")


NO_EXCEPTIONS = CalendarExceptions()

# What a day is (`WorkCalendar.kind_of_day`).
WORKING_DAY = "working_day"
WEEKEND = "weekend"
PUBLIC_HOLIDAY = "public_holiday"  # the package's, days off in lieu included
MAKE_UP_DAY = "make_up_day"  # a weekend day the package says is worked in return
ANNOUNCED_DAY_OFF = "announced_day_off"  # entered by the office
ANNOUNCED_WORKING_DAY = "announced_working_day"  # entered by the office
DAY_KINDS = (WORKING_DAY, WEEKEND, PUBLIC_HOLIDAY, MAKE_UP_DAY, ANNOUNCED_DAY_OFF, ANNOUNCED_WORKING_DAY)


@lru_cache(maxsize=512)
def package_year(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """The package's public holidays of `year` (day → Vietnamese name), and the weekend days it says
    are worked."""
    if year not in _PACKAGE_YEARS:
        return {}, frozenset()
    public_holidays = holidays.country_holidays(COUNTRY, years=year, language="vi")
    days_off = {day: name for day, name in public_holidays.items() if day.year == year}
    worked = frozenset(day for day in public_holidays.weekend_workdays if day.year == year)
    return days_off, worked


def _weekdays_up_to(ordinal: int) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday, ordinal 1) up to and including `ordinal`."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


@dataclass(frozen=True)
class _Year:
    """The days of one year that differ from Monday-to-Friday (+1 worked, -1 off), with running sums."""

    ordinals: tuple[int, ...]
    running: tuple[int, ...]

    @property
    def total(self) -> int:
        return self.running[-1] if self.running else 0

    def up_to(self, ordinal: int) -> int:
        index = bisect_right(self.ordinals, ordinal)
        return self.running[index - 1] if index else 0


@dataclass(eq=False)
class WorkCalendar:
    """The working days under one set of exceptions. Hashable by identity; build one per set of exceptions
    with `calendar_for` so that its per-year tables are kept."""

    exceptions: CalendarExceptions = NO_EXCEPTIONS
    _years: dict[int, _Year] = field(default_factory=dict, repr=False)
    # Running correction before each loaded year: years are loaded as one contiguous range.
    _before: dict[int, int] = field(default_factory=dict, repr=False)

    def is_working_day(self, day: date) -> bool:
        """Whether offices work on `day`."""
        if day in self.exceptions.working_days:
            return True
        if day in self.exceptions.days_off:
            return False
        days_off, worked = package_year(day.year)
        if day in days_off:
            return False
        return day.weekday() < 5 or day in worked

    def day_off_name(self, day: date) -> str | None:
        """The package's name of the public holiday on `day`, if it is one."""
        return package_year(day.year)[0].get(day)

    def kind_of_day(self, day: date) -> str:
        """What `day` is, for a calendar page: one of `DAY_KINDS`."""
        if day in self.exceptions.working_days:
            return ANNOUNCED_WORKING_DAY
        if day in self.exceptions.days_off:
            return ANNOUNCED_DAY_OFF
        days_off, worked = package_year(day.year)
        if day in days_off:
            return PUBLIC_HOLIDAY
        if day.weekday() >= 5:
            return MAKE_UP_DAY if day in worked else WEEKEND
        return WORKING_DAY

    def working_days_between(self, first: date, last: date) -> int:
        """The working days after `first` up to and including `last`; negative when `last` comes first."""
        return self._running_total(last.toordinal()) - self._running_total(first.toordinal())

    def add_working_days(self, start: date, count: int) -> date:
        """The day on which `count` working days after `start` have passed (`start` itself is not counted).

        For a negative count, the working day `-count` working days before `start`.
        """
        if count == 0:
            return start
        origin = start.toordinal()
        if count > 0:
            target = self._running_total(origin) + count
            low, step = origin, 2 * count + 14
            high = low + step
            while self._running_total(high) < target:
                low, high = high, high + step
        else:
            target = self._running_total(origin - 1) + count + 1
            high, step = origin - 1, -2 * count + 14
            low = high - step
            while self._running_total(low) >= target:
                low, high = low - step, low
        # Now total(low) < target <= total(high): the first day reaching `target` is the answer.
        while high - low > 1:
            middle = (low + high) // 2
            if self._running_total(middle) >= target:
                high = middle
            else:
                low = middle
        return date.fromordinal(high)

    def _running_total(self, ordinal: int) -> int:
        """Working days from an epoch up to and including the day `ordinal` (only differences matter)."""
        year = date.fromordinal(ordinal).year
        self._load_through(year)
        return _weekdays_up_to(ordinal) + self._before[year] + self._years[year].up_to(ordinal)

    def _load_through(self, year: int) -> None:
        """Load years so that the loaded range, contiguous, includes `year`."""
        if year in self._years:
            return
        # `_before` is written before `_years`: a reader that finds a year finds its running sum too.
        if not self._years:
            self._before[year] = 0
            self._years[year] = self._differences(year)
            return
        first, last = min(self._years), max(self._years)
        while last < year:
            self._before[last + 1] = self._before[last] + self._years[last].total
            self._years[last + 1] = self._differences(last + 1)
            last += 1
        while first > year:
            differences = self._differences(first - 1)
            self._before[first - 1] = self._before[first] - differences.total
            self._years[first - 1] = differences
            first -= 1

    def _differences(self, year: int) -> _Year:
        """The days of `year` whose status differs from Monday-to-Friday."""
        days_off, worked = package_year(year)
        candidates = set(days_off) | set(worked)
        announced = self.exceptions.days_off | self.exceptions.working_days
        candidates |= {day for day in announced if day.year == year}
        ordinals, running, total = [], [], 0
        for day in sorted(candidates):
            difference = int(self.is_working_day(day)) - int(day.weekday() < 5)
            if difference:
                total += difference
                ordinals.append(day.toordinal())
                running.append(total)
        return _Year(tuple(ordinals), tuple(running))

    def days_off(self, year: int) -> Iterator[date]:
        """Every weekday of `year` on which offices do not work, in order."""
        for day in _days_of(year):
            if day.weekday() < 5 and not self.is_working_day(day):
                yield day

    def make_up_days(self, year: int) -> Iterator[date]:
        """Every Saturday or Sunday of `year` on which offices work, in order."""
        for day in _days_of(year):
            if day.weekday() >= 5 and self.is_working_day(day):
                yield day


def _days_of(year: int) -> Iterable[date]:
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    return (date.fromordinal(ordinal) for ordinal in range(first, last + 1))


@lru_cache(maxsize=16)
def calendar_for(exceptions: CalendarExceptions) -> WorkCalendar:
    """The one calendar object of a set of exceptions, so that its tables and callers' caches stay warm."""
    return WorkCalendar(exceptions)


PACKAGE_CALENDAR = calendar_for(NO_EXCEPTIONS)

# ---------------------------------------------------------------------------------------------------
# The calendar in force

_in_force: ContextVar[WorkCalendar | None] = ContextVar("workdays_calendar_in_force", default=None)
_current_source: Callable[[], WorkCalendar] | None = None


def supply_current_calendar(source: Callable[[], WorkCalendar] | None) -> None:
    """Install what gives the current calendar when none is passed (the Django app installs its own)."""
    global _current_source
    _current_source = source


@contextlib.contextmanager
def using(calendar: WorkCalendar) -> Iterator[WorkCalendar]:
    """Put `calendar` in force for the calls made inside the block (to compare with and without a day)."""
    token = _in_force.set(calendar)
    try:
        yield calendar
    finally:
        _in_force.reset(token)


def calendar_in_force(calendar: WorkCalendar | None = None) -> WorkCalendar:
    """`calendar` if given; else the one put in force by `using`; else the current one; else the package's."""
    if calendar is not None:
        return calendar
    chosen = _in_force.get()
    if chosen is not None:
        return chosen
    if _current_source is not None:
        return _current_source()
    return PACKAGE_CALENDAR


def is_weekend(day: date) -> bool:
    """Whether `day` is a Saturday or a Sunday (worked or not: see `is_working_day`)."""
    return day.weekday() >= 5


def is_working_day(day: date, calendar: WorkCalendar | None = None) -> bool:
    """Whether offices work on `day`: Monday to Friday outside days off, or a make-up working day."""
    return calendar_in_force(calendar).is_working_day(day)


def add_working_days(start: date, count: int, calendar: WorkCalendar | None = None) -> date:
    """The day on which `count` working days after `start` have passed (`start` itself is not counted)."""
    return calendar_in_force(calendar).add_working_days(start, count)


def working_days_between(first: date, last: date, calendar: WorkCalendar | None = None) -> int:
    """The working days after `first` up to and including `last`; negative when `last` comes first."""
    return calendar_in_force(calendar).working_days_between(first, last)
