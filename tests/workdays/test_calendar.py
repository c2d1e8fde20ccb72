"""The working-day calendar: the package's holidays, the office's exceptions on top, constant time."""

import random
from datetime import date, timedelta

import holidays
import pytest

from workdays import (
    PACKAGE_CALENDAR,
    CalendarExceptions,
    WorkCalendar,
    add_working_days,
    calendar_for,
    is_working_day,
    using,
    working_days_between,
)
from workdays import calendar as workdays_calendar

ISSUED = date(2025, 3, 5)  # a Wednesday

# Tết Dương lịch 2026: Friday 2 January given off to bridge the holiday, Saturday 10 January worked in return.
BRIDGED_FRIDAY, WORKED_SATURDAY = date(2026, 1, 2), date(2026, 1, 10)
NEW_YEAR_2026 = CalendarExceptions(days_off={BRIDGED_FRIDAY}, working_days={WORKED_SATURDAY})


@pytest.fixture(autouse=True)
def package_calendar_in_force():
    """These tests are about the calendar itself: the package's, unless a test passes its own."""
    with using(PACKAGE_CALENDAR):
        yield


# ---------------------------------------------------------------------------------------------------
# Working days


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 3, 5), True),  # Wednesday
        (date(2025, 3, 8), False),  # Saturday
        (date(2025, 3, 9), False),  # Sunday
        (date(2025, 1, 29), False),  # Tết Ất Tỵ
        (date(2024, 2, 8), False),  # 29 Tết Giáp Thìn
        (date(2025, 4, 7), False),  # Hùng Kings' day
        (date(2025, 9, 2), False),  # National Day
        (date(2024, 4, 29), False),  # day off in lieu, paid back on Saturday 4 May
        (date(2024, 5, 4), True),  # that make-up Saturday
        (date(2025, 4, 26), True),  # make-up Saturday for Friday 2 May 2025
        (date(2025, 5, 2), False),
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_add_working_days_skips_weekends():
    assert add_working_days(date(2025, 3, 7), 1) == date(2025, 3, 10)  # Friday → Monday


def test_add_working_days_skips_tet():
    # Friday 24 January 2025; Tết runs from 27 January to 1 February, then a Sunday.
    assert add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)


def test_add_working_days_counts_a_make_up_saturday():
    # 29/4 in lieu, 30/4 and 1/5 holidays; 2, 3 May, Saturday 4 May (worked), 6, 7 May.
    assert add_working_days(date(2024, 4, 26), 5) == date(2024, 5, 7)


def test_add_working_days_does_not_count_the_start():
    assert add_working_days(ISSUED, 0) == ISSUED
    assert add_working_days(ISSUED, 5) == date(2025, 3, 12)


def test_add_working_days_goes_back_for_a_negative_count():
    assert add_working_days(date(2025, 3, 10), -1) == date(2025, 3, 7)


def test_working_days_between():
    assert working_days_between(date(2025, 3, 5), date(2025, 3, 12)) == 5
    assert working_days_between(date(2025, 3, 12), date(2025, 3, 5)) == -5
    assert working_days_between(date(2025, 1, 24), date(2025, 2, 3)) == 1
    assert working_days_between(ISSUED, ISSUED) == 0


def walked_totals(first: date, days: int) -> dict[date, int]:
    """For each day from `first` on, the working days up to and including it, counted one day at a time."""
    totals, total = {}, 0
    for n in range(days):
        day = first + timedelta(days=n)
        total += is_working_day(day)
        totals[day] = total
    return totals


def test_working_days_between_counts_as_a_walk_over_the_calendar_would():
    # Every pair of days from a set spread over 2023 to 2026: Tết, days off in lieu and the Saturdays that
    # pay them back, year ends, weekends; both directions and the same day.
    rng = random.Random(7)
    start = date(2023, 1, 1)
    days = [start + timedelta(days=rng.randrange(4 * 366)) for _ in range(60)]
    days += [
        date(2023, 12, 31),
        date(2024, 1, 1),
        date(2024, 2, 8),  # Tết Giáp Thìn
        date(2024, 2, 14),
        date(2024, 4, 29),  # day off in lieu
        date(2024, 5, 4),  # the Saturday worked for it
        date(2024, 12, 31),
        date(2025, 1, 24),
        date(2025, 4, 26),  # make-up Saturday
        date(2025, 5, 2),
        date(2026, 12, 31),
    ]
    walked = walked_totals(date(2022, 12, 1), 5 * 366)
    for first in days:
        for last in days:
            assert working_days_between(first, last) == walked[last] - walked[first], (first, last)


def walked_add(calendar: WorkCalendar, start: date, count: int) -> date:
    """`add_working_days` one day at a time."""
    step, day, remaining = (1 if count >= 0 else -1), start, abs(count)
    while remaining:
        day += timedelta(days=step)
        remaining -= calendar.is_working_day(day)
    return day


@pytest.mark.parametrize("exceptions", [CalendarExceptions(), NEW_YEAR_2026])
def test_counting_by_running_totals_agrees_with_a_walk_over_the_days(exceptions):
    calendar = WorkCalendar(exceptions)
    rng = random.Random(18)
    for _ in range(400):
        start = date(2023, 6, 1) + timedelta(days=rng.randrange(3 * 365))
        count = rng.randint(-80, 80)
        assert calendar.add_working_days(start, count) == walked_add(calendar, start, count), (start, count)
        last = start + timedelta(days=rng.randint(-200, 200))
        walked = sum(
            calendar.is_working_day(min(start, last) + timedelta(days=n))
            for n in range(1, abs((last - start).days) + 1)
        )
        assert calendar.working_days_between(start, last) == (walked if last >= start else -walked)


# ---------------------------------------------------------------------------------------------------
# Tết, two years apart


@pytest.mark.parametrize(
    ("before_tet", "first_day_back", "days_off"),
    [
        # Tết Giáp Thìn: 29 Tết is Thursday 8 February 2024, the fifth day Wednesday 14 February.
        (date(2024, 2, 7), date(2024, 2, 15), [date(2024, 2, 8), date(2024, 2, 9), date(2024, 2, 12)]),
        # Tết Ất Tỵ: Monday 27 January to Saturday 1 February 2025.
        (date(2025, 1, 24), date(2025, 2, 3), [date(2025, 1, 27), date(2025, 1, 29), date(2025, 1, 31)]),
        # Tết Bính Ngọ: Monday 16 to Friday 20 February 2026.
        (date(2026, 2, 13), date(2026, 2, 23), [date(2026, 2, 16), date(2026, 2, 18), date(2026, 2, 20)]),
    ],
)
def test_tet_of_different_years_is_skipped(before_tet, first_day_back, days_off):
    assert add_working_days(before_tet, 1) == first_day_back
    assert working_days_between(before_tet, first_day_back) == 1
    assert not any(is_working_day(day) for day in days_off)
    assert add_working_days(first_day_back, -1) == before_tet


# ---------------------------------------------------------------------------------------------------
# The office's exceptions


def test_a_bridged_weekday_is_skipped_and_the_saturday_worked_in_return_is_counted():
    calendar = calendar_for(NEW_YEAR_2026)
    assert PACKAGE_CALENDAR.is_working_day(BRIDGED_FRIDAY)
    assert not calendar.is_working_day(BRIDGED_FRIDAY)
    assert calendar.is_working_day(WORKED_SATURDAY)
    # Wednesday 31 December 2025 + 1: Thursday 1 January is the holiday, Friday 2 bridged → Monday 5.
    assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 2)
    assert add_working_days(date(2025, 12, 31), 1, calendar) == date(2026, 1, 5)
    # Friday 9 January + 1: the Saturday worked in return.
    assert add_working_days(date(2026, 1, 9), 1, calendar) == WORKED_SATURDAY
    # Over the whole swap the count of working days is the same as without it.
    assert working_days_between(date(2025, 12, 31), date(2026, 1, 12), calendar) == working_days_between(
        date(2025, 12, 31), date(2026, 1, 12)
    )
    assert working_days_between(date(2025, 12, 31), date(2026, 1, 9), calendar) == 5  # 5 to 9 January


def test_a_calendar_put_in_force_is_used_when_none_is_passed():
    with using(calendar_for(NEW_YEAR_2026)):
        assert not is_working_day(BRIDGED_FRIDAY)
        assert add_working_days(date(2026, 1, 9), 1) == WORKED_SATURDAY
    assert is_working_day(BRIDGED_FRIDAY)


def test_one_calendar_object_per_set_of_exceptions():
    same = CalendarExceptions(days_off=frozenset({BRIDGED_FRIDAY}), working_days=frozenset({WORKED_SATURDAY}))
    assert calendar_for(same) is calendar_for(NEW_YEAR_2026)
    assert calendar_for(CalendarExceptions()) is PACKAGE_CALENDAR


def test_a_day_cannot_be_both_off_and_worked():
    with pytest.raises(ValueError, match="both"):
        CalendarExceptions(days_off={BRIDGED_FRIDAY}, working_days={BRIDGED_FRIDAY})


def test_the_year_lists_days_off_and_make_up_days():
    calendar = calendar_for(NEW_YEAR_2026)
    assert BRIDGED_FRIDAY in list(calendar.days_off(2026))
    assert date(2026, 2, 17) in list(calendar.days_off(2026))  # Tết Bính Ngọ
    # The package knows Saturday 22 August 2026, worked for Monday 31 August.
    assert list(calendar.make_up_days(2026)) == [WORKED_SATURDAY, date(2026, 8, 22)]
    assert list(PACKAGE_CALENDAR.make_up_days(2025)) == [date(2025, 4, 26)]


# ---------------------------------------------------------------------------------------------------
# Constant time


class Counting:
    """Counts the calls made to a function while it stands in for it."""

    def __init__(self, function):
        self.function, self.calls = function, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.function(*args, **kwargs)


def counted(monkeypatch, calendar: WorkCalendar) -> tuple[Counting, Counting, Counting]:
    """Count the running-total look-ups, the day-by-day checks and the years read from the package."""
    totals = Counting(calendar._running_total)
    days = Counting(calendar.is_working_day)
    years = Counting(workdays_calendar.package_year)
    monkeypatch.setattr(calendar, "_running_total", totals)
    monkeypatch.setattr(calendar, "is_working_day", days)
    monkeypatch.setattr(workdays_calendar, "package_year", years)
    return totals, days, years


def test_a_span_of_ten_years_costs_what_a_week_costs(monkeypatch):
    calendar = WorkCalendar(NEW_YEAR_2026)
    first, ten_years_later = date(2020, 3, 2), date(2030, 3, 1)
    days_in_between = (first + timedelta(days=n) for n in range(1, (ten_years_later - first).days + 1))
    expected = sum(map(calendar.is_working_day, days_in_between))
    calendar.working_days_between(first, ten_years_later)  # the years' tables are built once, here
    totals, days, years = counted(monkeypatch, calendar)

    assert calendar.working_days_between(first, ten_years_later) == expected
    assert (totals.calls, days.calls, years.calls) == (2, 0, 0)  # the years were read once, above

    totals.calls = 0
    assert calendar.working_days_between(first, first + timedelta(days=7)) == 5
    assert (totals.calls, days.calls) == (2, 0)


def test_adding_ten_years_of_working_days_takes_a_few_dozen_look_ups(monkeypatch):
    calendar = WorkCalendar()
    start, count = date(2020, 3, 2), 2500  # about ten years of working days
    expected = walked_add(calendar, start, count)
    calendar.add_working_days(start, count)  # the years' tables are built once, here
    totals, days, years = counted(monkeypatch, calendar)

    assert calendar.add_working_days(start, count) == expected
    ten_years = totals.calls
    totals.calls = 0
    assert calendar.add_working_days(start, 5) == date(2020, 3, 9)
    # Bisection: the look-ups grow with the logarithm of the span, never with its days.
    assert ten_years <= 30 and totals.calls <= 10
    assert days.calls == 0 and years.calls == 0
    # Backwards too.
    totals.calls = 0
    assert calendar.add_working_days(expected, -count) == start
    assert totals.calls <= 30


def test_each_year_is_read_from_the_package_once(monkeypatch):
    calendar = WorkCalendar()
    workdays_calendar.package_year.cache_clear()
    reads = Counting(holidays.country_holidays)
    monkeypatch.setattr(holidays, "country_holidays", reads)
    calendar.working_days_between(date(2020, 1, 1), date(2029, 12, 31))
    read = reads.calls
    calendar.working_days_between(date(2021, 6, 1), date(2028, 6, 1))
    calendar.add_working_days(date(2021, 6, 1), 1000)
    WorkCalendar(CalendarExceptions(days_off={date(2027, 3, 3)})).working_days_between(
        date(2020, 1, 1), date(2029, 12, 31)
    )
    assert read == 10 and reads.calls == 10
