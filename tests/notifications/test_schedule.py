"""When reminders and escalations fall due: working days around Tết 2024 and weekends (no database)."""

from datetime import date

import pytest

from notifications.schedule import (
    due_reminder_offset,
    escalation_level,
    parse_offsets,
    period_of,
    reminder_day,
    reminder_horizon,
    working_days_left,
)

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
