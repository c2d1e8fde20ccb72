"""Saved filters, accepting several reported completions at once, and the due-soon marker."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directives.choices import TaskStatus, UpdateKind
from directives.models import Part, ProgressUpdate, SavedFilter
from tests.factories import DirectiveFactory, PartFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def reported(agency, other_agency):
    return [
        PartFactory(
            agency=agency_,
            status=TaskStatus.REPORTED_DONE,
            directive=DirectiveFactory(title=f"Báo cáo {n}", deadline=TODAY + timedelta(days=n)),
        )
        for n, agency_ in enumerate([agency, agency, other_agency])
    ]


def test_a_person_saves_a_filter_and_opens_it_again(client, agency_head, agency):
    client.force_login(agency_head)
    query = f"agency={agency.pk}&timeliness=overdue&page=3"
    response = client.post(
        reverse("directives:saved_filter_save"), {"name": "Quá hạn của Ban", "query": query}
    )
    assert response.status_code == 302
    saved = SavedFilter.objects.get(user=agency_head)
    assert saved.query == f"agency={agency.pk}&timeliness=overdue"
    page = client.get(reverse("directives:directive_list"), {"agency": agency.pk})
    assert [item.name for item in page.context["saved_filters"]] == ["Quá hạn của Ban"]
    assert f'href="?agency={agency.pk}&amp;timeliness=overdue"' in page.content.decode()


def test_saving_under_the_same_name_replaces_and_only_the_owner_removes(client, agency_head, agency_staff):
    client.force_login(agency_head)
    for query in ("status=in_progress", "status=not_started"):
        client.post(reverse("directives:saved_filter_save"), {"name": "Của tôi", "query": query})
    saved = SavedFilter.objects.get()
    assert saved.query == "status=not_started"
    client.force_login(agency_staff)
    assert client.post(reverse("directives:saved_filter_delete", args=[saved.pk])).status_code == 404
    client.force_login(agency_head)
    client.post(reverse("directives:saved_filter_delete", args=[saved.pk]))
    assert not SavedFilter.objects.exists()


@pytest.mark.parametrize("name", ["", "x" * 81])
def test_a_filter_without_a_proper_name_is_refused_and_the_filter_kept(client, agency_head, name):
    client.force_login(agency_head)
    response = client.post(reverse("directives:saved_filter_save"), {"name": name, "query": "status=done"})
    assert response["Location"].endswith("?status=done")
    assert not SavedFilter.objects.exists()


def test_the_office_accepts_several_completions_at_once(client, office_staff, reported):
    client.force_login(office_staff)
    page = client.get(reverse("directives:completions_to_accept"))
    assert {part.pk for part in page.context["page"].object_list} == {part.pk for part in reported}
    chosen = [f"{part.pk}:{part.version}" for part in reported[:2]]
    response = client.post(reverse("directives:completions_to_accept"), {"parts": chosen})
    assert response.status_code == 302
    statuses = dict(Part.objects.values_list("pk", "status"))
    assert [statuses[part.pk] for part in reported] == [
        TaskStatus.DONE,
        TaskStatus.DONE,
        TaskStatus.REPORTED_DONE,
    ]
    assert ProgressUpdate.objects.filter(kind=UpdateKind.COMPLETION_ACCEPTED).count() == 2


def test_a_stale_row_refuses_the_whole_batch_and_names_its_task(client, office_staff, agency_head, reported):
    client.force_login(office_staff)
    chosen = [f"{part.pk}:{part.version}" for part in reported]
    stale = reported[1]
    stale.version += 1
    stale.save()
    response = client.post(reverse("directives:completions_to_accept"), {"parts": chosen})
    assert response.status_code == 400
    assert "Báo cáo 1" in str(response.context["form"].non_field_errors())
    assert not Part.objects.filter(status=TaskStatus.DONE).exists()


@pytest.mark.parametrize("parts", [[], ["abc"], ["1:2:3"], ["99999999:0"], ["-1:0"]])
def test_malformed_or_unknown_choices_are_explained(client, office_staff, reported, parts):
    client.force_login(office_staff)
    response = client.post(reverse("directives:completions_to_accept"), {"parts": parts})
    assert response.status_code == 400
    assert not Part.objects.filter(status=TaskStatus.DONE).exists()


def test_agencies_and_leaders_cannot_accept_completions(client, agency_head, leader, reported):
    for user in (agency_head, leader):
        client.force_login(user)
        chosen = [f"{reported[0].pk}:{reported[0].version}"]
        assert client.post(reverse("directives:completions_to_accept"), {"parts": chosen}).status_code == 403
    assert not Part.objects.filter(status=TaskStatus.DONE).exists()


def test_the_completions_page_runs_a_fixed_number_of_queries(client, office_staff, reported, agency):
    client.force_login(office_staff)
    url = reverse("directives:completions_to_accept")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        PartFactory(agency=agency, status=TaskStatus.REPORTED_DONE)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_task_list_marks_tasks_due_within_a_week(client, office_staff, agency):
    for title, days in [("Kênh tiêu nước", 7), ("Đào tạo ngoại ngữ", 8), ("Quy hoạch phân khu", -1)]:
        PartFactory(agency=agency, directive=DirectiveFactory(title=title, deadline=TODAY + timedelta(days)))
    client.force_login(office_staff)
    page = client.get(reverse("directives:directive_list")).content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")
    marked = {
        title
        for title in ("Kênh tiêu nước", "Đào tạo ngoại ngữ", "Quy hoạch phân khu")
        for row in rows
        if title in row and "Sắp đến hạn" in row
    }
    assert marked == {"Kênh tiêu nước"}


def test_a_notice_s_page_links_each_task_to_its_own_page(client, agency_head, agency):
    heading = DirectiveFactory(title="Về quy hoạch", text="Về quy hoạch", is_heading=True)
    task = DirectiveFactory(notice=heading.notice, title="Rà soát quy hoạch", text="Rà soát quy hoạch")
    PartFactory(directive=task, agency=agency)
    client.force_login(agency_head)
    page = client.get(reverse("directives:notice_detail", args=[task.notice_id])).content.decode()
    assert f'href="{reverse("directives:directive_detail", args=[task.pk])}"' in page
    assert f'href="{reverse("directives:directive_detail", args=[heading.pk])}"' not in page


def test_the_notice_list_counts_tasks_of_the_notices_shown_only(client, office_staff):
    heading = DirectiveFactory(is_heading=True)
    DirectiveFactory.create_batch(3, notice=heading.notice)
    client.force_login(office_staff)
    url = reverse("directives:notice_list")
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert [notice.task_count for notice in page.context["page"].object_list] == [3]
    for _ in range(4):
        DirectiveFactory()
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(five) == len(one)
