"""The pages people work in: my tasks, the task list, a task's page, the dashboard."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directives.choices import Recurrence, TaskStatus, UpdateKind
from directives.filtersets import PartFilterSet
from directives.models import Part, ProgressUpdate
from tests.factories import AgencyFactory, DirectiveFactory, NoticeFactory, PartFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + timedelta(days=n)


@pytest.fixture
def tasks(agency, other_agency):
    """Parts of the agency (BQL) and of another (Sở Tài chính), with overdue, upcoming, open-ended, done."""
    notice = NoticeFactory(number="12/TB-UBND", title="Kết luận về khu công nghiệp")
    made = {}
    for key, deadline, status, completed_on, title in [
        ("overdue_long", days(-30), TaskStatus.IN_PROGRESS, None, "Đề án tiêu thoát nước"),
        ("overdue_short", days(-2), TaskStatus.NOT_STARTED, None, "Quy hoạch phân khu"),
        ("soon", days(3), TaskStatus.IN_PROGRESS, None, "Hệ thống kết nối thông tin"),
        ("later", days(40), TaskStatus.NOT_STARTED, None, "Đào tạo ngoại ngữ"),
        ("ongoing", None, TaskStatus.IN_PROGRESS, None, "Đồng hành cùng doanh nghiệp"),
        ("done", days(-10), TaskStatus.DONE, days(-12), "Thẩm định chủ đầu tư"),
    ]:
        directive = DirectiveFactory(notice=notice, title=title, text=title, deadline=deadline)
        made[key] = PartFactory(directive=directive, agency=agency, status=status, completed_on=completed_on)
    supported = DirectiveFactory(
        notice=notice, title="Hướng dẫn dự toán", text="Hướng dẫn dự toán", deadline=days(5)
    )
    supported.supporting_agencies.add(agency)
    made["supported"] = PartFactory(directive=supported, agency=other_agency)
    unrelated = DirectiveFactory(
        notice=notice, title="Cung cấp điện", text="Cung cấp điện", deadline=days(-5)
    )
    made["unrelated"] = PartFactory(directive=unrelated, agency=other_agency)
    return made


def listed(response, key="page"):
    return [row["id"] for row in response.context[key].object_list] if key == "page" else None


def test_my_tasks_lists_the_agency_tasks_most_urgent_first(client, agency_head, tasks):
    client.force_login(agency_head)
    response = client.get(reverse("directives:my_tasks"))
    led = [row["id"] for row in response.context["led"].object_list]
    assert led == [tasks[key].pk for key in ["overdue_long", "overdue_short", "soon", "later", "ongoing"]]
    assert [row["id"] for row in response.context["supported"]] == [tasks["supported"].pk]
    page = response.content.decode()
    assert "quá hạn 30 ngày" in page

    with_finished = client.get(reverse("directives:my_tasks"), {"show": "all"})
    assert tasks["done"].pk in [row["id"] for row in with_finished.context["led"].object_list]


def test_my_tasks_page_and_api_list_the_same_parts_led_and_supported(client, agency_head, tasks):
    from rest_framework.test import APIClient

    client.force_login(agency_head)
    page = client.get(reverse("directives:my_tasks"), {"show": "all"}).context
    api = APIClient()
    api.force_authenticate(agency_head)
    for role, listed_on_page in [("lead", page["led"]), ("support", page["supported"])]:
        from_api = api.get("/api/v1/me/tasks/", {"role": role}).json()["results"]
        assert sorted(row["id"] for row in from_api) == sorted(row["id"] for row in listed_on_page), role
    assert len(page["led"].object_list) == 6
    assert [row["id"] for row in page["supported"]] == [tasks["supported"].pk]


def test_the_home_page_takes_each_user_to_their_work(client, agency_head, office_staff, leader):
    for user, target in [
        (agency_head, "directives:my_tasks"),
        (office_staff, "reporting:dashboard"),
        (leader, "reporting:dashboard"),
    ]:
        client.force_login(user)
        assert client.get("/")["Location"] == reverse(target)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "tieu thoat nuoc"}, ["overdue_long"]),
        ({"q": "TIÊU THOÁT"}, ["overdue_long"]),
        ({"timeliness": "overdue"}, ["overdue_long", "unrelated", "overdue_short"]),
        ({"status": ["done", "not_started"]}, ["overdue_short", "later", "done", "supported", "unrelated"]),
        (
            {"deadline_after": days(1).strftime("%d/%m/%Y"), "deadline_before": days(6).strftime("%d/%m/%Y")},
            ["soon", "supported"],
        ),
        ({"supporting_agency": "AGENCY"}, ["supported"]),
        ({"recurrence": [Recurrence.NONE], "timeliness": "no_deadline"}, ["ongoing"]),
    ],
)
def test_the_task_list_filters(client, office_staff, tasks, agency, params, expected):
    params = {key: (str(agency.pk) if value == "AGENCY" else value) for key, value in params.items()}
    client.force_login(office_staff)
    response = client.get(reverse("directives:directive_list"), params)
    assert response.status_code == 200
    assert sorted(listed(response)) == sorted(tasks[key].pk for key in expected)


def test_the_task_list_sorts_and_keeps_filters_in_the_url(client, office_staff, tasks, agency):
    client.force_login(office_staff)
    response = client.get(
        reverse("directives:directive_list"), {"agency": agency.pk, "ordering": "-deadline"}
    )
    deadlines = [
        row["effective_deadline"] for row in response.context["page"].object_list if row["effective_deadline"]
    ]
    assert deadlines == sorted(deadlines, reverse=True)
    assert f"agency={agency.pk}" in response.context["query"]
    assert f"agency={agency.pk}&amp;ordering=deadline" in response.content.decode()


@pytest.mark.parametrize(
    ("ordering", "order_by"),
    [
        ("agency", ("agency__name", "pk")),
        ("-agency", ("-agency__name", "pk")),
        ("status,-deadline", ("status", "-effective_deadline", "pk")),
    ],
)
def test_a_sorted_task_list_breaks_ties_by_id(ordering, order_by):
    """Rows that sort alike (one agency's parts, one status) come in one order whatever plan the database
    picks (a parallel plan at 1M gave another), so paging through them neither repeats nor skips a row."""
    filtered = PartFilterSet({"ordering": ordering}, queryset=Part.objects.all()).qs
    assert filtered.query.order_by == order_by


def test_an_unsorted_task_list_keeps_its_own_order():
    by_urgency = Part.objects.by_urgency()
    assert PartFilterSet({}, queryset=by_urgency).qs.query.order_by == by_urgency.query.order_by


def test_an_agency_sees_only_what_it_leads_or_supports_in_the_list(client, agency_staff, tasks):
    client.force_login(agency_staff)
    response = client.get(reverse("directives:directive_list"))
    assert tasks["unrelated"].pk not in listed(response)
    assert tasks["supported"].pk in listed(response)


def test_a_bad_filter_is_shown_not_a_server_error(client, office_staff, tasks):
    client.force_login(office_staff)
    response = client.get(
        reverse("directives:directive_list"), {"deadline_after": "31/02/2024", "agency": "x"}
    )
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_the_export_is_the_filtered_list_in_csv_for_excel(client, office_staff, tasks):
    client.force_login(office_staff)
    response = client.get(reverse("directives:directive_export"), {"timeliness": "overdue"})
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0][0] == "Thông báo"
    assert len(rows) == 1 + 3
    assert {row[2] for row in rows[1:]} == {"Đề án tiêu thoát nước", "Quy hoạch phân khu", "Cung cấp điện"}
    assert all(row[8] == "Quá hạn" for row in rows[1:])


def progress_data(part, **changes):
    return {
        f"part{part.pk}-status": TaskStatus.IN_PROGRESS,
        f"part{part.pk}-note": "Đã họp với các sở",
        f"part{part.pk}-version": part.version,
        **{f"part{part.pk}-{key}": value for key, value in changes.items()},
    }


def progress_url(part):
    return reverse("directives:part_progress", args=[part.directive_id, part.pk])


def test_an_agency_updates_its_task_in_place_and_sees_it_in_the_history(client, agency_staff, tasks):
    part = tasks["soon"]
    client.force_login(agency_staff)
    response = client.post(progress_url(part), progress_data(part), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.templates[0].name == "directives/includes/directive_work.html"
    assert "Đã họp với các sở" in response.content.decode()
    update = ProgressUpdate.objects.get(part=part)
    assert (update.author, update.agency, update.kind) == (
        agency_staff,
        agency_staff.agency,
        UpdateKind.PROGRESS,
    )


def test_without_htmx_the_update_redirects_back_to_the_task(client, agency_staff, tasks):
    part = tasks["soon"]
    client.force_login(agency_staff)
    response = client.post(progress_url(part), progress_data(part, status=TaskStatus.REPORTED_DONE))
    assert response.status_code == 302
    assert Part.objects.get(pk=part.pk).status == TaskStatus.REPORTED_DONE


def test_an_invalid_update_comes_back_with_what_was_typed(client, agency_staff, tasks):
    part = tasks["soon"]
    client.force_login(agency_staff)
    bad_file = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        progress_url(part), progress_data(part, evidence=bad_file, note="Ghi chú dài của tôi")
    )
    assert response.status_code == 400
    assert "Ghi chú dài của tôi" in response.content.decode()
    assert not ProgressUpdate.objects.filter(part=part).exists()


def test_two_people_updating_at_once_the_second_is_asked_to_review(client, agency_staff, agency_head, tasks):
    part = tasks["soon"]
    seen = progress_data(part, note="Bản của người thứ hai")
    client.force_login(agency_head)
    client.post(progress_url(part), progress_data(part, note="Bản của người thứ nhất"))
    client.force_login(agency_staff)
    response = client.post(progress_url(part), seen)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bản của người thứ hai" in page
    assert "Người khác vừa cập nhật" in page
    assert list(ProgressUpdate.objects.filter(part=part).values_list("note", flat=True)) == [
        "Bản của người thứ nhất"
    ]


def test_the_office_accepts_a_reported_completion_and_records_an_extension(
    client, office_staff, agency_head, tasks
):
    part = tasks["soon"]
    client.force_login(agency_head)
    client.post(progress_url(part), progress_data(part, status=TaskStatus.REPORTED_DONE, note="Xong"))
    part.refresh_from_db()
    client.force_login(office_staff)
    client.post(progress_url(part), progress_data(part, status=TaskStatus.DONE, note=""))
    part.refresh_from_db()
    assert (part.status, part.completed_on) == (TaskStatus.DONE, TODAY)

    later = tasks["later"]
    response = client.post(
        reverse("directives:part_extend", args=[later.directive_id, later.pk]),
        {
            f"extend{later.pk}-new_deadline": days(90).strftime("%d/%m/%Y"),
            f"extend{later.pk}-note": "CV 1",
            f"extend{later.pk}-version": later.version,
        },
    )
    assert response.status_code == 302
    assert Part.objects.get(pk=later.pk).extended_deadline == days(90)


def test_the_office_corrects_a_task_and_a_stale_form_is_refused(client, office_staff, tasks):
    directive = tasks["later"].directive
    url = reverse("directives:directive_edit", args=[directive.pk])
    client.force_login(office_staff)
    data = {
        "title": "Đào tạo tiếng Anh",
        "text": directive.text,
        "deadline": "31/12/2030",
        "recurrence": "none",
        "version": 0,
    }
    assert client.post(url, data).status_code == 302
    directive.refresh_from_db()
    assert (directive.title, directive.deadline, directive.version) == (
        "Đào tạo tiếng Anh",
        date(2030, 12, 31),
        1,
    )
    assert ProgressUpdate.objects.filter(kind=UpdateKind.TASK_CORRECTED, part=tasks["later"]).exists()
    stale = client.post(url, {**data, "title": "Bản cũ"})
    assert stale.status_code == 400
    directive.refresh_from_db()
    assert directive.title == "Đào tạo tiếng Anh"


def test_the_dashboard_counts_match_the_list(client, office_staff, tasks):
    client.force_login(office_staff)
    response = client.get(reverse("reporting:dashboard"))
    counts = {code: count for code, _label, count, _url, _share in response.context["counts"]}
    assert counts == {
        "completed_on_time": 1,
        "completed_late": 0,
        "in_progress_on_time": 3,
        "overdue": 3,
        "no_deadline": 1,
    }
    for _code, _label, count, url, _share in response.context["counts"]:
        assert client.get(url).context["page"].paginator.count == count
    first = response.context["per_agency"][0]
    assert first["agency__name"] == "Ban Quản lý các khu công nghiệp tỉnh"
    assert next(part.pk for part in response.context["overdue"]) == tasks["overdue_long"].pk


def test_the_dashboard_period_filter(client, office_staff, tasks, agency):
    old = PartFactory(
        directive=DirectiveFactory(
            notice=NoticeFactory(issued_on=date(2020, 5, 1)), deadline=date(2020, 6, 1)
        ),
        agency=agency,
    )
    client.force_login(office_staff)
    response = client.get(
        reverse("reporting:dashboard"), {"period": "custom", "start": "01/01/2020", "end": "31/12/2020"}
    )
    assert response.context["total"] == 1
    assert [part.pk for part in response.context["overdue"]] == [old.pk]
    bad = client.get(
        reverse("reporting:dashboard"), {"period": "custom", "start": "31/12/2020", "end": "01/01/2020"}
    )
    assert bad.status_code == 200
    assert bad.context["period"].errors


def grow(agency, other_agency, count):
    notice = NoticeFactory()
    for index in range(count):
        directive = DirectiveFactory(notice=notice, deadline=days(index - count // 2))
        directive.supporting_agencies.add(other_agency)
        PartFactory(directive=directive, agency=agency)
        PartFactory(directive=directive, agency=AgencyFactory())


@pytest.mark.parametrize(
    ("user_fixture", "url"),
    [
        ("office_staff", "/dashboard/"),
        ("office_staff", "/directives/"),
        ("office_staff", "/directives/?q=khu&timeliness=overdue&ordering=-deadline"),
        ("agency_head", "/my-tasks/"),
        ("agency_head", "/directives/"),
        ("office_staff", "/notices/"),
    ],
)
def test_list_pages_run_a_constant_number_of_queries(
    client, request, agency, other_agency, user_fixture, url
):
    client.force_login(request.getfixturevalue(user_fixture))
    grow(agency, other_agency, 3)
    client.get(url)
    cache.clear()  # the dashboard's figures are counted afresh for both, not taken from the cache
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(agency, other_agency, 25)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_task_page_runs_a_constant_number_of_queries_whatever_its_history(
    client, office_staff, agency_staff, tasks
):
    part = tasks["soon"]
    url = reverse("directives:directive_detail", args=[part.directive_id])
    client.force_login(office_staff)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(10):
        part.refresh_from_db()
        from directives.services import record_progress

        record_progress(
            part_id=part.pk, user=agency_staff, status=TaskStatus.IN_PROGRESS, note=f"Lần {index}"
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_vietnamese_whatever_the_browser_says_until_english_is_chosen(client, office_staff):
    client.force_login(office_staff)
    page = client.get(
        reverse("directives:notice_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert "Chưa có thông báo nào." in page
    client.post(reverse("set_language"), {"language": "en", "next": "/notices/"})
    assert "No notices yet." in client.get(reverse("directives:notice_list")).content.decode()


def test_the_dashboard_queues_escalations_for_the_office_to_acknowledge(client, office_staff, tasks):
    from notifications.models import Escalation
    from notifications.services import run_sweep

    run_sweep(TODAY, dry_run=False)
    client.force_login(office_staff)
    page = client.get(reverse("reporting:dashboard"))
    queue = Escalation.objects.in_bulk([row["id"] for row in page.context["escalations"]])  # read as values
    assert {escalation.part_id for escalation in queue.values()} == {
        tasks[key].pk for key in ["overdue_long", "overdue_short", "unrelated"]
    }
    assert "escalation-queue" in page.content.decode()
    first = queue[page.context["escalations"][0]["id"]]
    response = client.post(
        reverse("notifications:escalation_acknowledge", args=[first.pk]),
        {"note": "Đã gọi điện đôn đốc", "next": reverse("reporting:dashboard")},
    )
    assert response["Location"] == reverse("reporting:dashboard")
    first = Escalation.objects.get(pk=first.pk)
    assert (first.acknowledged_by, first.acknowledgement_note) == (office_staff, "Đã gọi điện đôn đốc")
