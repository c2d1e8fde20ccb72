"""The sweep counts in the calendar the office keeps: days off and make-up days it enters count from the
next sweep; weekly, biweekly and half-yearly tasks are reminded once per period."""

from datetime import date

import pytest

from notifications.choices import NotificationKind
from notifications.models import Escalation, OutboxMessage
from notifications.services import run_sweep
from workdays.choices import ExceptionKind
from workdays.models import CalendarException

pytestmark = pytest.mark.django_db

BRIDGED_FRIDAY, WORKED_SATURDAY = date(2026, 1, 2), date(2026, 1, 10)


def announce_the_new_year_swap():
    """Tết Dương lịch 2026: Friday 2 January off, Saturday 10 January worked in return."""
    basis = "Thông báo nghỉ Tết Dương lịch 2026 đối với cán bộ, công chức, viên chức"
    CalendarException.objects.create(
        day=BRIDGED_FRIDAY,
        kind=ExceptionKind.DAY_OFF,
        reason="Nghỉ hoán đổi dịp Tết Dương lịch",
        legal_basis=basis,
    )
    CalendarException.objects.create(
        day=WORKED_SATURDAY,
        kind=ExceptionKind.WORKING_DAY,
        reason="Làm bù ngày 02/01/2026",
        legal_basis=basis,
    )


def reminder_steps(part):
    rows = OutboxMessage.objects.filter(kind=NotificationKind.REMINDER, part=part)
    return sorted(set(rows.values_list("step", flat=True)))


@pytest.mark.parametrize(("announced", "step"), [(False, 3), (True, 1)])
def test_a_bridged_friday_brings_the_one_day_reminder_forward(cast, make_part, policy, announced, step):
    part = make_part(date(2026, 1, 5), issued_on=date(2025, 12, 1))  # due on Monday 5 January
    if announced:
        announce_the_new_year_swap()
    # Wednesday 31 December: with 1 and 2 January off, one working day is left before the Monday.
    run_sweep(date(2025, 12, 31))
    assert reminder_steps(part) == [step]


def test_a_change_counts_from_the_next_sweep(cast, make_part, policy):
    part = make_part(date(2026, 1, 5), issued_on=date(2025, 12, 1))
    run_sweep(date(2025, 12, 30))
    assert reminder_steps(part) == [3]
    announce_the_new_year_swap()
    run_sweep(date(2025, 12, 31))
    assert reminder_steps(part) == [1, 3]


@pytest.mark.parametrize(("announced", "level"), [(False, 2), (True, 3)])
def test_the_worked_saturday_counts_towards_the_escalation_level(cast, make_part, policy, announced, level):
    policy.escalation_level_2_after, policy.escalation_level_3_after = 5, 6
    policy.save()
    part = make_part(BRIDGED_FRIDAY, issued_on=date(2025, 12, 1))
    if announced:
        announce_the_new_year_swap()
    # Saturday 10 January: 5 to 9 January late, and the Saturday itself when it is worked.
    run_sweep(WORKED_SATURDAY)
    assert max(Escalation.objects.filter(part=part).values_list("level", flat=True)) == level


@pytest.mark.parametrize(
    ("recurrence", "sweep_days", "periods"),
    [
        # Weekly: due each Sunday; the 0-day reminder goes out on the Friday before.
        ("weekly", [date(2024, 3, 8), date(2024, 3, 15)], ["2024-W10", "2024-W11"]),
        # Every two weeks from Monday 1 January 2024: 11 to 24 March, then 25 March to 7 April.
        ("biweekly", [date(2024, 3, 22), date(2024, 4, 5)], ["2024-W11+2", "2024-W13+2"]),
        # Half-yearly: due on 28 June 2024 (30 June is a Sunday), one period.
        ("semiannual", [date(2024, 6, 28), date(2024, 7, 5)], ["2024-H1"]),
    ],
)
def test_weekly_biweekly_and_half_yearly_tasks_are_reminded_once_per_period(
    cast, make_part, policy, recurrence, sweep_days, periods
):
    part = make_part(None, recurrence=recurrence, issued_on=date(2024, 1, 1))
    for day in sweep_days:
        run_sweep(day)
    rows = OutboxMessage.objects.filter(kind=NotificationKind.REMINDER, part=part)
    assert sorted(set(rows.values_list("period", flat=True))) == periods
    assert set(rows.values_list("step", flat=True)) == {0}
