"""The year's calendar page: every day off and make-up day marked, and the open tasks a change touches."""

from datetime import date

import pytest
from django.urls import reverse

from directives.choices import TaskStatus
from tests.factories import DirectiveFactory, NoticeFactory, PartFactory
from workdays.choices import ExceptionKind
from workdays.models import CalendarException

pytestmark = pytest.mark.django_db

BASIS = "Thông báo nghỉ Tết Dương lịch 2026 đối với cán bộ, công chức, viên chức"


def announce(day, kind, reason):
    return CalendarException.objects.create(day=day, kind=kind, reason=reason, legal_basis=BASIS)


def task_in_working_days(
    agency, issued_on, words, deadline, *, status=TaskStatus.IN_PROGRESS, completed_on=None
):
    notice = NoticeFactory(issued_on=issued_on)
    directive = DirectiveFactory(
        notice=notice,
        title=f"Báo cáo {words}",
        text=f"Báo cáo UBND tỉnh {words}.",
        deadline_text=words,
        deadline=deadline,
    )
    return PartFactory(directive=directive, agency=agency, status=status, completed_on=completed_on)


def test_the_page_marks_every_day_off_and_make_up_day_in_vietnamese(client, agency_staff):
    announce(date(2026, 1, 2), ExceptionKind.DAY_OFF, "Nghỉ hoán đổi dịp Tết Dương lịch")
    announce(date(2026, 1, 10), ExceptionKind.WORKING_DAY, "Làm bù ngày 02/01/2026")
    client.force_login(agency_staff)
    response = client.get(reverse("reporting:workday_calendar", args=[2026]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lịch làm việc năm 2026" in page
    marked = {(day.day, day.kind) for day in response.context["marked"]}
    assert (date(2026, 1, 1), "public_holiday") in marked
    assert (date(2026, 1, 2), "announced_day_off") in marked
    assert (date(2026, 1, 10), "announced_working_day") in marked
    assert (date(2026, 2, 17), "public_holiday") in marked  # Tết Bính Ngọ
    assert (date(2026, 8, 22), "make_up_day") in marked  # the package's make-up Saturday
    assert 'data-day="02/01/2026"' in page and "02/01/2026" in page
    assert "Làm bù ngày 02/01/2026" in page and BASIS in page
    # Every day of the year is in the grid once.
    cells = [cell for month in response.context["months"] for week in month["weeks"] for cell in week if cell]
    assert len(cells) == 365


def test_the_current_year_is_the_default_and_far_years_are_not_found(client, agency_staff):
    client.force_login(agency_staff)
    response = client.get(reverse("reporting:workday_calendar_now"))
    assert response.status_code == 200 and response.context["year"] >= 2026
    assert client.get(reverse("reporting:workday_calendar", args=[2101])).status_code == 404
    assert client.get("/calendar/0/").status_code == 404


def test_the_office_sees_which_open_tasks_a_day_off_touches(client, office_staff, agency, other_agency):
    # Issued Tuesday 30 December 2025; "trong 03 ngày làm việc" was counted to Monday 5 January (the
    # package: 31 December, 2 and 5 January). With 2 January off it counts to Tuesday 6 January.
    counted = task_in_working_days(agency, date(2025, 12, 30), "trong 03 ngày làm việc", date(2026, 1, 5))
    # Counted after the change: already right, not listed.
    recounted = task_in_working_days(agency, date(2025, 12, 30), "trong 03 ngày làm việc", date(2026, 1, 6))
    # Ends before the day: untouched.
    before = task_in_working_days(agency, date(2025, 12, 29), "trong 01 ngày làm việc", date(2025, 12, 30))
    # Finished: not listed.
    done = task_in_working_days(
        agency,
        date(2025, 12, 30),
        "trong 03 ngày làm việc",
        date(2026, 1, 5),
        status=TaskStatus.DONE,
        completed_on=date(2026, 1, 5),
    )
    # A date, not a count, due on the day itself: listed as due on the day.
    on_the_day = task_in_working_days(
        other_agency, date(2025, 12, 1), "trước ngày 02/01/2026", date(2026, 1, 2)
    )
    announce(date(2026, 1, 2), ExceptionKind.DAY_OFF, "Nghỉ hoán đổi dịp Tết Dương lịch")

    client.force_login(office_staff)
    response = client.get(reverse("reporting:workday_calendar", args=[2026]))
    [change] = response.context["changes"]
    listed = {affected.part.pk: affected for affected in change.parts}
    assert set(listed) == {counted.pk, on_the_day.pk}
    assert listed[counted.pk].counted_now == date(2026, 1, 6) and not listed[counted.pk].due_on_the_day
    assert listed[on_the_day.pk].due_on_the_day and listed[on_the_day.pk].counted_now is None
    assert {recounted.pk, before.pk, done.pk}.isdisjoint(listed)
    # The stored deadline is not moved.
    counted.refresh_from_db()
    assert counted.effective_deadline == date(2026, 1, 5)
    page = response.content.decode()
    assert "05/01/2026" in page and "06/01/2026" in page


def test_an_agency_sees_only_its_own_touched_tasks(client, other_agency_head, agency, other_agency):
    task_in_working_days(agency, date(2025, 12, 30), "trong 03 ngày làm việc", date(2026, 1, 5))
    own = task_in_working_days(other_agency, date(2025, 12, 30), "trong 03 ngày làm việc", date(2026, 1, 5))
    announce(date(2026, 1, 2), ExceptionKind.DAY_OFF, "Nghỉ hoán đổi dịp Tết Dương lịch")
    client.force_login(other_agency_head)
    response = client.get(reverse("reporting:workday_calendar", args=[2026]))
    assert [affected.part.pk for affected in response.context["changes"][0].parts] == [own.pk]


def test_a_make_up_saturday_brings_a_counted_deadline_forward(client, office_staff, agency):
    # Issued Thursday 8 January 2026: "trong 02 ngày làm việc" was Monday 12; with Saturday 10 worked, it
    # counts Friday 9 and Saturday 10.
    part = task_in_working_days(agency, date(2026, 1, 8), "trong 02 ngày làm việc", date(2026, 1, 12))
    announce(date(2026, 1, 10), ExceptionKind.WORKING_DAY, "Làm bù ngày 02/01/2026")
    client.force_login(office_staff)
    response = client.get(reverse("reporting:workday_calendar", args=[2026]))
    [affected] = response.context["changes"][0].parts
    assert (affected.part.pk, affected.counted_now) == (part.pk, date(2026, 1, 10))


def test_the_page_makes_a_bounded_number_of_queries(
    client, office_staff, agency, django_assert_max_num_queries
):
    for day in (date(2026, 1, 2), date(2026, 4, 29), date(2026, 9, 4)):
        announce(day, ExceptionKind.DAY_OFF, "Nghỉ")
    for n in range(10):
        task_in_working_days(
            agency, date(2025, 12, 30), f"trong {n + 3:02d} ngày làm việc", date(2026, 1, 5 + n)
        )
    client.force_login(office_staff)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("reporting:workday_calendar", args=[2026])).status_code == 200
