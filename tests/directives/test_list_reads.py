"""My tasks' lists and the task list's rows read by statements compiled once (`directives.list_reads`) give
what the querysets give: the same ids in the same order on every page, the same rows, the same counts."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directives import counts, list_reads, views
from directives.choices import TaskStatus
from directives.list_reads import AgencyTasks, agency_parts, rows_of
from directives.models import Part
from directives.querysets import AGENCY_ROLES, LEAD, SUPPORT
from tasktracker.pagination import IdsFirstPaginator, ListPaginator
from tasktracker.statements import CompiledIds
from tests.factories import DirectiveFactory, PartFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
PER_PAGE = 2


@pytest.fixture
def parts_of_two_agencies(agency, other_agency):
    """Parts `agency` leads (open and finished, with and without deadlines, some sharing a deadline) and
    parts `other_agency` leads of tasks `agency` supports."""
    statuses = [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CANCELLED]
    for index in range(11):
        deadline = None if index % 5 == 4 else TODAY + timedelta(days=(index % 4) * 10 - 15)
        task = DirectiveFactory(deadline=deadline)
        status = statuses[index % 4]
        completed_on = TODAY if status == TaskStatus.DONE else None
        PartFactory(directive=task, agency=agency, status=status, completed_on=completed_on)
        if index % 2:
            supported = DirectiveFactory(deadline=deadline)
            supported.supporting_agencies.add(agency)
            PartFactory(directive=supported, agency=other_agency, status=status, completed_on=completed_on)
    return agency


@pytest.mark.parametrize("role", AGENCY_ROLES)
@pytest.mark.parametrize("show_finished", [False, True])
def test_every_page_of_my_tasks_is_what_the_queryset_gives(parts_of_two_agencies, role, show_finished):
    agency_id = parts_of_two_agencies.pk
    parts = Part.objects.for_listing(TODAY).by_urgency()
    if not show_finished:
        parts = parts.open()
    expected = IdsFirstPaginator(
        parts.of_agency(agency_id, role), PER_PAGE, read_rows=lambda rows: rows.row_values()
    )
    prepared = ListPaginator(
        AgencyTasks(agency_id, role, show_finished, TODAY, counts.kept_counts()), PER_PAGE
    )
    assert prepared.count == expected.count > PER_PAGE
    for number in [*range(1, expected.num_pages + 2), "last", "abc"]:
        page, expected_page = prepared.get_page(number), expected.get_page(number)
        assert page.number == expected_page.number
        assert list(page.object_list) == list(expected_page.object_list)


def test_an_agency_with_no_tasks_has_one_empty_page(agency):
    paginator = ListPaginator(AgencyTasks(agency.pk, LEAD, False, TODAY, counts.kept_counts()), PER_PAGE)
    page = paginator.get_page(2)
    assert (page.number, list(page.object_list), paginator.count) == (1, [], 0)


def test_the_rows_of_ids_are_the_rows_the_queryset_gives(parts_of_two_agencies):
    ids = list(Part.objects.order_by("pk").values_list("pk", flat=True))
    expected = list(Part.objects.for_listing(TODAY).filter(pk__in=ids).order_by("pk").row_values())
    assert sorted(rows_of(TODAY, ids), key=lambda row: row["id"]) == expected
    assert rows_of(TODAY, []) == []


def test_the_statements_of_only_the_latest_pages_are_kept(parts_of_two_agencies):
    pages = list_reads._pages_of_ids[SUPPORT, True]
    for start in range(pages.KEPT + 5):
        pages(parts_of_two_agencies.pk, start, start + 1)
    assert len(pages._pages) == pages.KEPT
    assert (pages.KEPT + 4, pages.KEPT + 5) in pages._pages


def test_a_count_is_kept_under_its_agency_and_cap(parts_of_two_agencies, other_agency):
    kept = counts.kept_counts()
    lead = AgencyTasks(parts_of_two_agencies.pk, LEAD, True, TODAY, kept)
    with CaptureQueriesContext(connection) as captured:
        assert lead.count_up_to(1000) == 11
        assert lead.count_up_to(1000) == 11
        assert lead.count_up_to(5) == 5  # another cap: counted again
        assert AgencyTasks(other_agency.pk, LEAD, True, TODAY, kept).count_up_to(1000) == 5
    assert len(captured.captured_queries) == 3
    assert agency_parts(parts_of_two_agencies.pk, LEAD, True).count() == 11


def test_the_saved_filters_are_the_user_s_own_by_name(office_staff, agency_head):
    from directives.list_reads import saved_filters_of
    from directives.models import SavedFilter

    SavedFilter.objects.create(user=office_staff, name="Quá hạn", query="timeliness=overdue")
    SavedFilter.objects.create(user=office_staff, name="Đang làm", query="status=in_progress")
    SavedFilter.objects.create(user=agency_head, name="Của cơ quan", query="q=abc")
    saved = saved_filters_of(office_staff.pk)
    expected = list(SavedFilter.objects.filter(user=office_staff))
    assert [(item.pk, item.name, item.query) for item in saved] == [
        (item.pk, item.name, item.query) for item in expected
    ]
    assert saved_filters_of(agency_head.pk)[0].name == "Của cơ quan"


TASK_LIST_QUERIES = [
    {},
    {"page": "2"},
    {"status": [TaskStatus.NOT_STARTED, TaskStatus.DONE]},
    {"timeliness": ["overdue", "no_deadline"]},
    {"ordering": "-deadline"},
    {"ordering": "agency", "status": TaskStatus.IN_PROGRESS},
    {"ordering": "no-such-order"},
    {"deadline_after": "01/01/2000", "deadline_before": "not a date"},
    {"notice_number": "TB"},
    {"q": "RA SOAT quy hoạch", "timeliness": "in_progress_on_time"},
]


def task_list_request(rf, user, query):
    request = rf.get("/directives/", query)
    request.user = user
    return request


@pytest.mark.parametrize("query", TASK_LIST_QUERIES)
@pytest.mark.parametrize("who", ["office_staff", "agency_staff", "no_agency"])
def test_every_page_of_the_task_list_is_what_its_queryset_gives(
    rf, request, parts_of_two_agencies, other_agency, roles, query, who
):
    if who == "no_agency":
        from tests.factories import UserFactory

        user = UserFactory(agency=None, role=roles["agency_staff"])
    else:
        user = request.getfixturevalue(who)
    query = {**query, "supporting_agency": other_agency.pk} if "notice_number" in query else query
    _filterset, parts = views._filtered(task_list_request(rf, user, query), Part.objects.visible_to(user))
    expected = IdsFirstPaginator(parts, PER_PAGE, rows_of_ids=lambda ids: rows_of(TODAY, ids))
    _filters, tasks = views._task_list(task_list_request(rf, user, query), TODAY)
    prepared = ListPaginator(tasks, PER_PAGE)
    assert prepared.count == expected.count
    for number in [*range(1, expected.num_pages + 2), "last", "abc"]:
        page, expected_page = prepared.get_page(number), expected.get_page(number)
        assert page.number == expected_page.number
        assert list(page.object_list) == list(expected_page.object_list)


def test_a_task_list_met_again_is_read_by_its_kept_statement(rf, office_staff, parts_of_two_agencies):
    query = {"q": "quy hoạch", "status": TaskStatus.IN_PROGRESS}
    _filters, first = views._task_list(task_list_request(rf, office_staff, query), TODAY)
    expected = views.filtered_parts(task_list_request(rf, office_staff, query))[1].values_list(
        "pk", flat=True
    )
    assert first.ids(0, 5) == list(expected[:5]) and first.count_up_to(10) == expected.count() > 0
    _filters, again = views._task_list(task_list_request(rf, office_staff, query), TODAY)
    again.parts = None  # the queryset is not built again: its statement and its count are kept
    assert again.key == first.key and again.key in list_reads._task_lists
    assert again.ids(0, 5) == first.ids(0, 5) and again.count_up_to(10) == first.count_up_to(10)
    for other in ({**query, "q": "khác"}, {**query, "ordering": "deadline"}, {"q": "quy hoạch"}):
        _filterset, other_list = views._task_list(task_list_request(rf, office_staff, other), TODAY)
        assert other_list.key != first.key
    _filterset, tomorrow = views._task_list(task_list_request(rf, office_staff, query), TODAY + timedelta(1))
    assert tomorrow.key != first.key


def test_the_statements_of_only_the_latest_task_lists_are_kept(rf, office_staff, parts_of_two_agencies):
    for number in range(list_reads.TaskList.KEPT + 3):
        _filters, tasks = views._task_list(task_list_request(rf, office_staff, {"q": f"từ {number}"}), TODAY)
        tasks.ids(0, 1)
    assert len(list_reads._task_lists) == list_reads.TaskList.KEPT
    assert tasks.key in list_reads._task_lists


def test_compiled_ids_are_the_querysets_slices(parts_of_two_agencies):
    parts = Part.objects.open().by_urgency()
    compiled = CompiledIds(parts)
    every = list(parts.values_list("pk", flat=True))
    for start, stop in [(0, 3), (2, 5), (4, 4), (5, 2), (0, 100), (30, 40)]:
        assert compiled.slice(start, stop) == every[start:stop]
    assert CompiledIds(Part.objects.none()).slice(0, 10) == []
