"""Days off and make-up days the office enters: checked, kept in the admin, in force from the next call."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reading.deadlines import read_deadline
from workdays import add_working_days, is_working_day
from workdays import current as current_calendar_module
from workdays.choices import ExceptionKind
from workdays.models import CalendarException

pytestmark = pytest.mark.django_db

BASIS = "Thông báo nghỉ Tết Dương lịch 2026 đối với cán bộ, công chức, viên chức"


def announce(day, kind, reason="Hoán đổi ngày làm việc dịp Tết Dương lịch 2026"):
    exception = CalendarException(day=day, kind=kind, reason=reason, legal_basis=BASIS)
    exception.full_clean()
    exception.save()
    return exception


def test_a_saved_day_off_counts_for_deadlines_computed_afterwards():
    # Issued Tuesday 30 December 2025: 1 January is a holiday; "trong 02 ngày làm việc" ends on Friday 2.
    assert read_deadline("trong 02 ngày làm việc", date(2025, 12, 30)).due_on == date(2026, 1, 2)
    announce(date(2026, 1, 2), ExceptionKind.DAY_OFF)
    assert not is_working_day(date(2026, 1, 2))
    assert read_deadline("trong 02 ngày làm việc", date(2025, 12, 30)).due_on == date(2026, 1, 5)


def test_a_saved_make_up_saturday_is_counted_and_deleting_it_undoes_that():
    saturday = announce(date(2026, 1, 10), ExceptionKind.WORKING_DAY, reason="Làm bù ngày 02/01/2026")
    assert add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 10)
    saturday.delete()
    assert add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 12)


def test_another_process_sees_a_change_after_the_reload_time(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(current_calendar_module.time, "monotonic", lambda: clock[0])
    current_calendar_module.forget()
    assert is_working_day(date(2026, 1, 2))
    # Written by another process (a web worker): no signal reaches this one, only the database changes.
    CalendarException.objects.bulk_create(
        [
            CalendarException(
                day=date(2026, 1, 2), kind=ExceptionKind.DAY_OFF, reason="Nghỉ", legal_basis=BASIS
            )
        ]
    )
    clock[0] += current_calendar_module.RELOAD_AFTER_SECONDS - 1
    assert is_working_day(date(2026, 1, 2))
    clock[0] += 2
    assert not is_working_day(date(2026, 1, 2))


def test_the_exceptions_are_loaded_once_until_one_changes(django_assert_num_queries):
    current_calendar_module.forget()
    with django_assert_num_queries(1):
        for _ in range(100):
            is_working_day(date(2026, 1, 2))
    announce(date(2026, 1, 2), ExceptionKind.DAY_OFF)
    with django_assert_num_queries(1):
        assert not is_working_day(date(2026, 1, 2))
        assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)


@pytest.mark.parametrize(
    ("day", "kind", "message"),
    [
        (date(2026, 1, 3), ExceptionKind.DAY_OFF, "vốn đã là ngày nghỉ"),  # a Saturday
        (date(2026, 1, 1), ExceptionKind.DAY_OFF, "vốn đã là ngày nghỉ"),  # New Year's Day
        (date(2026, 1, 5), ExceptionKind.WORKING_DAY, "vốn đã là ngày làm việc"),  # a Monday
    ],
)
def test_an_exception_that_changes_nothing_is_refused(day, kind, message):
    with pytest.raises(ValidationError, match=message):
        announce(day, kind)
    assert not CalendarException.objects.exists()


def test_a_day_is_announced_once():
    announce(date(2026, 1, 2), ExceptionKind.DAY_OFF)
    with pytest.raises(ValidationError, match="day"):
        announce(date(2026, 1, 2), ExceptionKind.DAY_OFF)


def test_office_staff_enter_a_day_off_in_the_admin(client, office_staff):
    client.force_login(office_staff)
    response = client.post(
        reverse("admin:workdays_calendarexception_add"),
        {"day": "02/01/2026", "kind": ExceptionKind.DAY_OFF, "reason": "Nghỉ hoán đổi", "legal_basis": BASIS},
        follow=True,
    )
    assert response.status_code == 200
    exception = CalendarException.objects.get()
    assert (exception.day, exception.kind) == (date(2026, 1, 2), ExceptionKind.DAY_OFF)
    assert not is_working_day(date(2026, 1, 2))
    messages = [str(message) for message in response.context["messages"]]
    assert any(reverse("reporting:workday_calendar", args=[2026]) in message for message in messages)


def test_the_admin_refuses_a_day_off_on_a_sunday_with_a_message(client, office_staff):
    client.force_login(office_staff)
    response = client.post(
        reverse("admin:workdays_calendarexception_add"),
        {"day": "04/01/2026", "kind": ExceptionKind.DAY_OFF, "reason": "Nghỉ", "legal_basis": BASIS},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["day"]
    assert not CalendarException.objects.exists()


def test_leaders_read_the_exceptions_but_do_not_change_them(client, leader):
    client.force_login(leader)
    assert client.get(reverse("admin:workdays_calendarexception_changelist")).status_code == 200
    assert client.get(reverse("admin:workdays_calendarexception_add")).status_code == 403


def test_agency_staff_are_kept_out(client, agency_staff):
    client.force_login(agency_staff)
    response = client.get(reverse("admin:workdays_calendarexception_changelist"))
    assert response.status_code == 302
