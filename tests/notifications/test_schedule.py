"""When reminders and escalations fall due: working days around Tết 2024 and weekends (no database)."""

from datetime import date, timedelta

import pytest

from notifications.schedule import (
    PERIODIC_RECURRENCES,
    due_reminder_offset,
    escalation_level,
    parse_offsets,
    period_of,
    reminder_day,
    reminder_horizon,
    working_days_late,
    working_days_left,
)
from workdays import PACKAGE_CALENDAR, CalendarExceptions, calendar_for

OFFSETS = [7, 3, 1, 0]
# Tết 2024: Thursday 8 to Wednesday 14 February off; due on Tuesday 20 February.
AFTER_TET = date(2024, 2, 20)
# Due on a Sunday (31 March 2024): "on the day" is the Friday before.
SUNDAY = date(2024, 3, 31)


@pytest.mark.parametrize(
    ("due_on", "offset", "expected"),
    [
        (AFTER_TET, 0, date(2024, 2, 20)),
        (AFTER_TET, 1, date(2024, 2, 19)),  # Monday
        (AFTER_TET, 3, date(2024, 2, 15)),  # Thursday after Tết, over the weekend
        (AFTER_TET, 7, date(2024, 2, 2)),  # Friday before Tết: the whole holiday is skipped
        (SUNDAY, 0, date(2024, 3, 29)),
        (SUNDAY, 1, date(2024, 3, 28)),
        (SUNDAY, 3, date(2024, 3, 26)),
        (SUNDAY, 7, date(2024, 3, 20)),
    ],
)
def test_reminder_days_count_working_days(due_on, offset, expected):
    assert reminder_day(due_on, offset) == expected
    assert working_days_left(due_on, expected) == offset


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2024, 2, 1), None),  # before the first reminder
        (date(2024, 2, 2), 7),
        (date(2024, 2, 9), 7),  # during Tết: still the 7-day one, nothing new
        (date(2024, 2, 14), 7),
        (date(2024, 2, 15), 3),
        (date(2024, 2, 17), 3),  # Saturday
        (date(2024, 2, 19), 1),
        (date(2024, 2, 20), 0),
        (date(2024, 2, 21), None),  # overdue: escalations, not reminders
    ],
)
def test_the_nearest_due_offset_supersedes_the_earlier_ones(as_of, expected):
    assert due_reminder_offset(AFTER_TET, OFFSETS, as_of) == expected


def test_a_deadline_on_a_sunday_is_reminded_on_the_friday_and_not_overdue_on_the_day():
    assert due_reminder_offset(SUNDAY, OFFSETS, date(2024, 3, 29)) == 0
    assert due_reminder_offset(SUNDAY, OFFSETS, date(2024, 3, 30)) == 0
    assert due_reminder_offset(SUNDAY, OFFSETS, SUNDAY) == 0
    assert due_reminder_offset(SUNDAY, OFFSETS, date(2024, 4, 1)) is None


def test_no_offsets_no_reminders():
    assert due_reminder_offset(SUNDAY, [], date(2024, 3, 29)) is None
    assert reminder_horizon(date(2024, 3, 29), []) is None


def test_the_horizon_bounds_every_deadline_with_a_reminder_due():
    as_of = date(2024, 2, 2)
    horizon = reminder_horizon(as_of, OFFSETS)
    assert due_reminder_offset(AFTER_TET, OFFSETS, as_of) == 7
    assert horizon > AFTER_TET
    assert due_reminder_offset(horizon, OFFSETS, as_of) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("7,3,1,0", [7, 3, 1, 0]), ("0, 1 ,3,7,3", [7, 3, 1, 0]), ("5", [5]), ("", [])],
)
def test_offsets_are_read_largest_first(text, expected):
    assert parse_offsets(text) == expected


@pytest.mark.parametrize("text", ["7,-1", "bảy", "1.5"])
def test_bad_offsets_are_refused(text):
    with pytest.raises(ValueError):
        parse_offsets(text)


@pytest.mark.parametrize(
    ("recurrence", "day", "label", "start", "end"),
    [
        ("monthly", date(2024, 2, 10), "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("quarterly", date(2024, 5, 10), "2024-Q2", date(2024, 4, 1), date(2024, 6, 30)),
        ("yearly", date(2024, 5, 10), "2024", date(2024, 1, 1), date(2024, 12, 31)),
    ],
)
def test_periods_of_recurring_tasks(recurrence, day, label, start, end):
    period = period_of(recurrence, day)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize(
    ("as_of", "level"),
    [
        (date(2024, 2, 2), 0),  # the deadline day itself is within the deadline
        (date(2024, 2, 3), 1),  # Saturday: overdue at once
        (date(2024, 2, 14), 1),  # Tết does not count: 3 working days late
        (date(2024, 2, 16), 2),  # 5 working days (5, 6, 7, 15, 16 February)
        (date(2024, 2, 22), 2),
        (date(2024, 2, 23), 3),  # 10 working days
    ],
)
def test_escalation_levels_count_working_days_after_the_deadline(as_of, level):
    assert escalation_level(date(2024, 2, 2), as_of, 5, 10) == level


# ---------------------------------------------------------------------------------------------------
# Days off and make-up days the office enters, and the periods of weekly, biweekly and half-yearly tasks

# Tết Dương lịch 2026: Friday 2 January given off to bridge the holiday, Saturday 10 January worked for it.
NEW_YEAR_2026 = calendar_for(
    CalendarExceptions(days_off={date(2026, 1, 2)}, working_days={date(2026, 1, 10)})
)


@pytest.mark.parametrize(
    ("offset", "package_only", "with_the_swap"),
    [
        (0, date(2026, 1, 5), date(2026, 1, 5)),  # Monday
        (1, date(2026, 1, 2), date(2025, 12, 31)),  # the bridged Friday is skipped (1 January too)
        (3, date(2025, 12, 30), date(2025, 12, 29)),
    ],
)
def test_reminders_skip_a_bridged_weekday(offset, package_only, with_the_swap):
    due_on = date(2026, 1, 5)
    assert reminder_day(due_on, offset, PACKAGE_CALENDAR) == package_only
    assert reminder_day(due_on, offset, NEW_YEAR_2026) == with_the_swap
    # On Wednesday 31 December the 1-day reminder is due with the swap, the 3-day one without it.
    assert due_reminder_offset(due_on, OFFSETS, date(2025, 12, 31), NEW_YEAR_2026) == 1
    assert due_reminder_offset(due_on, OFFSETS, date(2025, 12, 31), PACKAGE_CALENDAR) == 3


def test_reminders_count_the_saturday_worked_in_return():
    due_on = date(2026, 1, 12)  # a Monday
    assert reminder_day(due_on, 1, PACKAGE_CALENDAR) == date(2026, 1, 9)
    assert reminder_day(due_on, 1, NEW_YEAR_2026) == date(2026, 1, 10)  # the Saturday worked
    assert working_days_left(due_on, date(2026, 1, 9), NEW_YEAR_2026) == 2
    # A deadline on the worked Saturday is reminded on that day itself.
    assert reminder_day(date(2026, 1, 10), 0, NEW_YEAR_2026) == date(2026, 1, 10)
    assert reminder_day(date(2026, 1, 10), 0, PACKAGE_CALENDAR) == date(2026, 1, 9)


@pytest.mark.parametrize(
    ("as_of", "package_only", "with_the_swap"),
    [
        (date(2026, 1, 2), 1, 1),  # the day after the deadline: level 1 either way
        # Package only: 2, 5, 6, 7, 8 January are 5 working days late. With the swap: 5 to 9 January.
        (date(2026, 1, 8), 2, 1),
        (date(2026, 1, 9), 2, 2),
        # Both reach 10 working days on 15 January: the swap moves a day, it does not remove one.
        (date(2026, 1, 14), 2, 2),
        (date(2026, 1, 15), 3, 3),
        (date(2026, 1, 10), 2, 2),  # the worked Saturday counts: 6 working days late with the swap
    ],
)
def test_escalation_levels_skip_the_bridged_day_and_count_the_worked_saturday(
    as_of, package_only, with_the_swap
):
    deadline = date(2025, 12, 31)
    assert escalation_level(deadline, as_of, 5, 10, PACKAGE_CALENDAR) == package_only
    assert escalation_level(deadline, as_of, 5, 10, NEW_YEAR_2026) == with_the_swap


def test_the_worked_saturday_raises_the_level_on_the_day_it_is_worked():
    deadline = date(2026, 1, 2)  # due on the bridged Friday
    # Working days late on Saturday 10 January: 5 to 9 and the Saturday itself = 6 with the swap.
    assert working_days_late(deadline, date(2026, 1, 10), NEW_YEAR_2026) == 6
    assert working_days_late(deadline, date(2026, 1, 10), PACKAGE_CALENDAR) == 5
    assert escalation_level(deadline, date(2026, 1, 10), 5, 6, NEW_YEAR_2026) == 3
    assert escalation_level(deadline, date(2026, 1, 10), 5, 6, PACKAGE_CALENDAR) == 2


@pytest.mark.parametrize(
    ("recurrence", "day", "label", "start", "end"),
    [
        ("weekly", date(2024, 2, 10), "2024-W06", date(2024, 2, 5), date(2024, 2, 11)),
        ("weekly", date(2024, 12, 31), "2025-W01", date(2024, 12, 30), date(2025, 1, 5)),
        ("biweekly", date(2024, 1, 1), "2024-W01+2", date(2024, 1, 1), date(2024, 1, 14)),
        ("biweekly", date(2024, 1, 20), "2024-W03+2", date(2024, 1, 15), date(2024, 1, 28)),
        ("biweekly", date(2023, 12, 31), "2023-W51+2", date(2023, 12, 18), date(2023, 12, 31)),
        ("semiannual", date(2024, 6, 30), "2024-H1", date(2024, 1, 1), date(2024, 6, 30)),
        ("semiannual", date(2024, 7, 1), "2024-H2", date(2024, 7, 1), date(2024, 12, 31)),
        ("quarterly", date(2024, 11, 30), "2024-Q4", date(2024, 10, 1), date(2024, 12, 31)),
    ],
)
def test_periods_of_weekly_biweekly_and_half_yearly_tasks(recurrence, day, label, start, end):
    period = period_of(recurrence, day)
    assert (period.label, period.start, period.end) == (label, start, end)
    assert period.start <= day <= period.end


def test_every_periodic_recurrence_has_periods_that_tile_the_days():
    for recurrence in PERIODIC_RECURRENCES:
        day, labels = date(2024, 1, 1), []  # a Monday that starts every kind of period
        while day < date(2026, 2, 1):
            period = period_of(recurrence, day)
            assert period.start == day, (recurrence, day)
            labels.append(period.label)
            day = period.end + timedelta(days=1)
        assert len(labels) == len(set(labels)), recurrence
