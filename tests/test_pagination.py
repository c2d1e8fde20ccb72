"""Lists that count their rows only as far as a page needs (`tasktracker.pagination`): the task list, my
tasks and the API's lists say "more than 1,000" past the cap and still page forward and back."""

from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from directives import views
from directives.choices import TaskStatus
from directives.models import Directive, Part
from tasktracker.pagination import CappedCountPaginator, IdsFirstPaginator, ListedPage
from tests.factories import NoticeFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def make_parts(agency, count, *, supporting=None, overdue=True):
    """`count` tasks of one notice, each with one part led by `agency` (overdue unless told), all bulk."""
    notice = NoticeFactory()
    deadline = TODAY - timedelta(days=3) if overdue else TODAY + timedelta(days=30)
    directives = Directive.objects.bulk_create(
        Directive(
            notice=notice,
            number=str(index + 1),
            position=index,
            title=f"Nhiệm vụ số {index + 1}",
            text="Rà soát quy hoạch",
            deadline=deadline,
            search_text=f"{index + 1} nhiem vu so {index + 1} ra soat quy hoach",
        )
        for index in range(count)
    )
    if supporting is not None:
        Directive.supporting_agencies.through.objects.bulk_create(
            Directive.supporting_agencies.through(directive=directive, agency=supporting)
            for directive in directives
        )
    Part.objects.bulk_create(
        Part(directive=directive, agency=agency, status=TaskStatus.IN_PROGRESS) for directive in directives
    )
    return directives


@pytest.fixture
def parts(agency):
    make_parts(agency, 23)
    return Part.objects.for_listing(TODAY).by_urgency()


# ---------------------------------------------------------------------------------------------------
# The paginator


def test_a_capped_count_says_more_than_the_cap_and_pages_like_a_plain_paginator(parts):
    plain = Paginator(parts, 4)
    for number in plain.page_range:
        capped = CappedCountPaginator(parts, 4, count_cap=10)
        page = capped.page(number)
        assert [part.pk for part in page] == [part.pk for part in plain.page(number)]
        assert page.has_previous() == (number > 1)
        assert page.has_next() == (number < plain.num_pages), number
        # Counted as far as the cap or the page asked for: exact only once the end is within reach.
        assert capped.count_is_exact == (number * 4 >= 23), number
        if not capped.count_is_exact:
            assert capped.count == capped.count_floor + 1
            assert capped.count_floor == max(10, number * 4)
        else:
            assert capped.count == 23
            assert capped.num_pages == plain.num_pages


def test_a_page_past_the_end_is_the_last_page_counted_exactly(parts):
    capped = IdsFirstPaginator(parts, 4, count_cap=10)
    page = capped.get_page(999)
    assert capped.count_is_exact and capped.count == 23
    assert page.number == 6 and not page.has_next()
    assert [part.pk for part in page] == [part.pk for part in Paginator(parts, 4).page(6)]
    assert IdsFirstPaginator(parts, 4, count_cap=10).get_page("no number").number == 1


@pytest.mark.parametrize("orphans", [0, 3])
def test_orphans_never_hide_the_next_page_of_a_capped_count(parts, orphans):
    plain = Paginator(parts, 4, orphans=orphans)
    for number in plain.page_range:
        page = IdsFirstPaginator(parts, 4, orphans=orphans, count_cap=5).page(number)
        assert [part.pk for part in page] == [part.pk for part in plain.page(number)]
        assert page.has_next() == plain.page(number).has_next()


def test_the_count_stops_at_the_cap_in_sql(parts):
    with CaptureQueriesContext(connection) as queries:
        assert CappedCountPaginator(parts, 4, count_cap=10).count == 11
    (count,) = queries.captured_queries
    assert "LIMIT 11" in count["sql"] and count["sql"].startswith("SELECT COUNT(*) FROM (SELECT")


def test_a_page_iterates_its_rows_as_django_s_page_indexes_them(parts, django_assert_num_queries):
    plain = Paginator(parts, 4)
    for number in (1, 3):
        page, plain_page = CappedCountPaginator(parts, 4, count_cap=10).page(number), plain.page(number)
        assert isinstance(page, ListedPage)
        with django_assert_num_queries(1):  # a queryset's page is read once, then kept as a list
            iterated = list(page)
            assert list(page) == iterated
        assert iterated == [plain_page[index] for index in range(len(plain_page))] == list(plain_page)
        assert page[1:3] == iterated[1:3] and len(iterated) == 4
    rows = CappedCountPaginator(list(range(30)), 4).page(2)
    assert list(rows) == [4, 5, 6, 7] and list(reversed(rows)) == [7, 6, 5, 4] and 5 in rows


def test_a_list_that_is_not_a_queryset_is_counted_whole():
    paginator = CappedCountPaginator(list(range(30)), 4, count_cap=10)
    assert paginator.count == 30 and paginator.count_is_exact is True


# ---------------------------------------------------------------------------------------------------
# The pages


def test_the_task_list_says_more_than_the_cap_and_pages_on(
    client, office_staff, agency, settings, monkeypatch
):
    settings.LIST_COUNT_CAP = 5
    monkeypatch.setattr(views, "TASKS_PER_PAGE", 3)
    make_parts(agency, 12)
    client.force_login(office_staff)
    url = reverse("directives:directive_list")

    page = client.get(url, {"timeliness": "overdue"}).content.decode()
    assert "hơn 5 phần việc" in page
    assert "Trang 1<" in page and "Trang 1/" not in page  # no total: it is not known
    assert "timeliness=overdue&amp;page=2" in page and "Trang cuối" not in page

    page = client.get(url, {"timeliness": "overdue", "page": 3}).content.decode()
    assert "page=2" in page and "page=4" in page  # previous and next, past the cap
    assert "hơn 9 phần việc" in page  # counted as far as this page and one row more

    page = client.get(url, {"timeliness": "overdue", "page": 4}).content.decode()
    assert "12 phần việc" in page and "Trang 4/4" in page  # the end reached: counted exactly


def test_an_exact_count_shows_the_total_and_a_link_to_the_last_page(
    client, office_staff, agency, settings, monkeypatch
):
    settings.LIST_COUNT_CAP = 100
    monkeypatch.setattr(views, "TASKS_PER_PAGE", 3)
    make_parts(agency, 12)
    client.force_login(office_staff)
    page = client.get(reverse("directives:directive_list")).content.decode()
    assert "12 phần việc" in page and "Trang 1/4" in page
    assert "page=4" in page and "Trang cuối" in page


@pytest.mark.parametrize(
    ("language", "expected"), [("vi", "hơn 1.000 phần việc"), ("en", "more than 1,000 task parts")]
)
def test_more_than_a_thousand_is_written_as_each_language_writes_numbers(
    client, office_staff, agency, language, expected
):
    make_parts(agency, 1001)
    client.force_login(office_staff)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("directives:directive_list"))
    assert expected in page.content.decode()


def test_my_tasks_pages_past_the_cap(client, agency_head, agency, other_agency, settings, monkeypatch):
    settings.LIST_COUNT_CAP = 4
    monkeypatch.setattr(views, "TASKS_PER_PAGE", 2)
    make_parts(agency, 9)
    make_parts(other_agency, 7, supporting=agency)
    client.force_login(agency_head)
    page = client.get(reverse("directives:my_tasks"), {"page": 3, "supported_page": 2}).content.decode()
    assert "page=2" in page and "page=4" in page and "Trang 3<" in page
    assert "supported_page=1" in page and "supported_page=3" in page and "Trang 2<" in page
    last = client.get(reverse("directives:my_tasks"), {"page": 5, "supported_page": 4}).content.decode()
    assert "Trang 5/5" in last and "Trang 4/4" in last


# ---------------------------------------------------------------------------------------------------
# The API


@pytest.mark.parametrize("path", ["/api/v1/tasks/", "/api/v1/directives/"])
def test_an_api_list_flags_a_capped_count_and_pages_past_it(office_staff, agency, settings, path):
    settings.LIST_COUNT_CAP = 5
    make_parts(agency, 12)
    client = APIClient()
    client.force_authenticate(office_staff)

    first = client.get(path, {"page_size": 2}).json()
    assert first["count"] == 6 and first["count_is_exact"] is False
    assert first["previous"] is None and "page=2" in first["next"]

    seen = [row["id"] for row in first["results"]]
    url = first["next"]
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 12  # every row once, walking the next links past the cap
    assert body["count"] == 12 and body["count_is_exact"] is True
    assert client.get(path, {"page_size": 2, "page": 7}).status_code == 404


def test_an_api_list_within_the_cap_counts_exactly_as_before(agency_staff, agency):
    make_parts(agency, 3)
    client = APIClient()
    client.force_authenticate(agency_staff)
    body = client.get("/api/v1/me/tasks/").json()
    assert (body["count"], body["count_is_exact"], body["next"]) == (3, True, None)


def test_the_schema_documents_the_count_flag(office_staff):
    client = APIClient()
    client.force_authenticate(office_staff)
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    page = schema["components"]["schemas"]["PaginatedPartList"]
    assert page["properties"]["count_is_exact"]["type"] == "boolean"
    assert "count_is_exact" in page["required"]
    assert "at least" in page["properties"]["count"]["description"]


def test_the_api_counts_the_tasks_of_the_notices_on_the_page_alone(office_staff, agency):
    make_parts(agency, 4)
    headings = make_parts(agency, 2)
    Directive.objects.filter(pk=headings[0].pk).update(is_heading=True)
    client = APIClient()
    client.force_authenticate(office_staff)
    with CaptureQueriesContext(connection) as few:
        listed = client.get("/api/v1/notices/").json()["results"]
    assert sorted(notice["task_count"] for notice in listed) == [1, 4]  # headings are not tasks
    one = listed[0]
    assert client.get(f"/api/v1/notices/{one['id']}/").json()["task_count"] == one["task_count"]
    for _more in range(3):
        make_parts(agency, 2)
    with CaptureQueriesContext(connection) as more:
        assert len(client.get("/api/v1/notices/").json()["results"]) == 5
    assert len(more.captured_queries) == len(few.captured_queries)  # one count for the page, not per notice
    assert not any("GROUP BY" in query["sql"] and "LIMIT" in query["sql"] for query in more.captured_queries)


def test_an_agency_sees_more_than_the_cap_of_notices_and_pages_on(
    client, agency_head, agency, settings, monkeypatch
):
    settings.LIST_COUNT_CAP = 2
    monkeypatch.setattr(views, "NOTICES_PER_PAGE", 1)
    for _notice in range(4):
        make_parts(agency, 1)
    client.force_login(agency_head)
    page = client.get(reverse("directives:notice_list")).content.decode()
    assert "Trang 1<" in page and "page=2" in page
    last = client.get(reverse("directives:notice_list"), {"page": 4}).content.decode()
    assert "Trang 4/4" in last and "page=3" in last
