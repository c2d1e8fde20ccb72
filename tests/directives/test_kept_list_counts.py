"""The counts of the task list, my tasks and the API's lists of parts kept until a change is committed
(`directives.counts.kept_counts`), and the task list's page read without parallel workers
(`tasktracker.pagination.without_parallel_workers`)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from directives.choices import TaskStatus
from directives.services import record_progress
from tasktracker.pagination import without_parallel_workers
from tests.factories import DirectiveFactory, PartFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SEARCH = {"q": "giải phóng mặt bằng", "timeliness": "overdue"}


@pytest.fixture
def overdue_clearance(agency, other_agency):
    """Three overdue parts of site-clearance tasks (two of `agency`, one of `other_agency`), and one task of
    other words."""
    late = TODAY - timedelta(days=5)
    parts = [
        PartFactory(
            directive=DirectiveFactory(title="Giải phóng mặt bằng khu A", deadline=late), agency=agency
        )
        for _ in range(2)
    ]
    parts.append(
        PartFactory(
            directive=DirectiveFactory(title="Giải phóng mặt bằng khu B", deadline=late), agency=other_agency
        )
    )
    PartFactory(directive=DirectiveFactory(title="Rà soát quy hoạch", deadline=late), agency=agency)
    return parts


def count_queries(captured) -> int:
    """The list's counting queries (not the bell's count of unread notifications, on every page)."""
    return sum(
        query["sql"].startswith("SELECT COUNT(*) FROM (SELECT") and 'FROM "directives_part"' in query["sql"]
        for query in captured.captured_queries
    )


def listed(client, query=SEARCH) -> tuple[str, int]:
    """The task list's page for `query`, and how many counting queries it ran."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("directives:directive_list"), query)
    assert response.status_code == 200
    return response.content.decode(), count_queries(captured)


def test_a_list_opened_again_takes_its_count_from_the_cache(client, office_staff, overdue_clearance):
    client.force_login(office_staff)
    first, counted = listed(client)
    assert "3 phần việc" in first and counted == 1
    again, counted = listed(client)
    assert "3 phần việc" in again and counted == 0
    other, counted = listed(client, {"q": "khu A", "timeliness": "overdue"})  # another search: its own count
    assert "2 phần việc" in other and counted == 1


def test_a_committed_change_is_counted_on_the_next_view(
    client, office_staff, agency_staff, overdue_clearance, committed
):
    client.force_login(office_staff)
    assert "3 phần việc" in listed(client)[0]
    committed(
        lambda: record_progress(
            part_id=overdue_clearance[0].pk, user=agency_staff, status=TaskStatus.REPORTED_DONE, note="Xong."
        )
    )
    assert "3 phần việc" in listed(client)[0]  # reported done, not accepted: still open and overdue
    committed(
        lambda: PartFactory(directive=overdue_clearance[0].directive, agency=overdue_clearance[2].agency)
    )
    page, counted = listed(client)
    assert "4 phần việc" in page and counted == 1


def test_each_person_gets_the_count_of_what_they_may_see(
    client, office_staff, agency_head, other_agency_head, overdue_clearance
):
    for user, expected in [
        (office_staff, "3 phần việc"),
        (agency_head, "2 phần việc"),
        (other_agency_head, "1 phần việc"),
    ]:
        client.force_login(user)
        assert expected in listed(client)[0], user


def test_the_list_is_read_without_parallel_workers_and_the_setting_restored_after():
    with CaptureQueriesContext(connection) as captured, without_parallel_workers("default"):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW max_parallel_workers_per_gather")
                assert cursor.fetchone()[0] == "0"
    statements = [query["sql"] for query in captured.captured_queries]
    if connection.vendor != "postgresql":
        assert statements == []  # nothing to set elsewhere
        return
    assert statements[0] == "SET max_parallel_workers_per_gather = 0"
    assert statements[-1] == "RESET max_parallel_workers_per_gather"
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] != "0"


def my_tasks(client) -> tuple[tuple[int, int], int]:
    """My tasks' counts (the parts the agency leads, and those of the tasks it supports), and how many
    counting queries the page ran."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("directives:my_tasks"))
    assert response.status_code == 200
    counted = (response.context["led"].paginator.count, response.context["supported"].paginator.count)
    return counted, count_queries(captured)


def test_my_tasks_take_their_counts_from_the_cache_until_a_change_is_committed(
    client, agency_head, other_agency_head, agency, overdue_clearance, committed
):
    supported = DirectiveFactory(title="Hỗ trợ giải phóng mặt bằng")
    supported.supporting_agencies.add(agency)
    PartFactory(directive=supported, agency=overdue_clearance[2].agency)
    client.force_login(agency_head)
    assert my_tasks(client) == ((3, 1), 2)
    assert my_tasks(client) == ((3, 1), 0)
    client.force_login(other_agency_head)  # another agency: its own counts, never the first one's
    assert my_tasks(client) == ((2, 0), 2)
    client.force_login(agency_head)
    committed(lambda: PartFactory(directive=DirectiveFactory(), agency=agency))
    assert my_tasks(client) == ((4, 1), 2)
    assert my_tasks(client) == ((4, 1), 0)


def api_parts(user, path="api:part-list", query=SEARCH) -> tuple[int, int]:
    """The count an API list of parts gives `user`, and how many counting queries it ran."""
    client = APIClient()
    client.force_authenticate(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(path), query)
    assert response.status_code == 200
    return response.json()["count"], count_queries(captured)


def test_the_api_lists_of_parts_keep_their_counts_per_person_until_a_change_is_committed(
    office_staff, agency_head, other_agency_head, overdue_clearance, committed
):
    assert api_parts(office_staff) == (3, 1)
    assert api_parts(office_staff) == (3, 0)
    assert api_parts(agency_head) == (2, 1)  # who sees less: their own count, never the office's
    assert api_parts(other_agency_head) == (1, 1)
    assert api_parts(agency_head, "api:my-tasks", {}) == (3, 1)
    assert api_parts(agency_head, "api:my-tasks", {}) == (3, 0)
    task_a, other_agency = overdue_clearance[0].directive, overdue_clearance[2].agency
    committed(lambda: PartFactory(directive=task_a, agency=other_agency))
    assert api_parts(office_staff) == (4, 1)
    assert api_parts(other_agency_head) == (3, 1)  # now a lead of task A too: sees its two parts


def test_a_person_of_no_agency_gets_empty_lists_not_an_error(client, roles, overdue_clearance):
    """My tasks for a system administrator (no agency), and every list for someone whose role sees only their
    agency's tasks but who has none yet: lists that can hold nothing, counted without a query."""
    from accounts.models import Role
    from tests.factories import UserFactory

    administrator = UserFactory(username="quantri", agency=None, is_superuser=True, is_staff=True)
    client.force_login(administrator)
    assert my_tasks(client) == ((0, 0), 0)
    newcomer = UserFactory(username="moivao", agency=None, role=roles[Role.AGENCY_STAFF])
    client.force_login(newcomer)
    assert my_tasks(client) == ((0, 0), 0)
    _page, counting_queries = listed(client)
    assert counting_queries == 0
    assert api_parts(newcomer) == (0, 0)
