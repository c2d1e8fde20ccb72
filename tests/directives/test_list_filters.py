"""The task list's filters kept for a query string met again (`directives.list_filters`) are the filter set's
own: the same panel and the same values to filter by, in both languages, with and without errors."""

import pytest
from django.utils import translation

from directives import counts, list_filters
from directives.filtersets import PartFilterSet
from directives.list_filters import TaskListFilters
from directives.models import Part

pytestmark = pytest.mark.django_db

QUERIES = [
    {},
    {"page": "3"},
    {"q": "giải phóng mặt bằng", "timeliness": "overdue"},
    {"status": ["new", "in_progress"], "ordering": "-deadline"},
    {"deadline_after": "01/01/2026", "deadline_before": "31/02/2026"},
    {"agency": "x", "supporting_agency": "12"},
    {"timeliness": "bogus", "recurrence": ["none", "weekly"]},
]


def filters_for(rf, user, query):
    request = rf.get("/directives/", query)
    request.user = user
    return request, TaskListFilters(request, counts.kept_counts())


def written_afresh(request):
    filterset = PartFilterSet(
        request.GET or None, queryset=Part.objects.visible_to(request.user), request=request
    )
    errors = str(filterset.form.non_field_errors()) if filterset.is_bound else ""
    return filterset.is_bound, errors, filterset.filters_html(), filterset.values_key()


def shown(filters):
    return filters.is_bound, str(filters.non_field_errors), filters.filters_html(), filters.values_key()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("query", QUERIES)
def test_kept_filters_are_the_filter_sets_own(rf, office_staff, agency, other_agency, language, query):
    with translation.override(language):
        request, first = filters_for(rf, office_staff, query)
        assert shown(first) == written_afresh(request)
        request, again = filters_for(rf, office_staff, query)
        assert "filterset" not in again.__dict__  # read from what was kept: no filter set built
        assert shown(again) == written_afresh(request)


def test_filters_are_kept_per_language_and_until_a_change(rf, office_staff, agency, committed):
    query = {"q": "đường", "status": "new"}
    with translation.override("vi"):
        vietnamese = filters_for(rf, office_staff, query)[1].filters_html()
    with translation.override("en"):
        english = filters_for(rf, office_staff, query)[1]
        assert "filterset" in english.__dict__ and english.filters_html() != vietnamese
    with translation.override("vi"):
        assert "filterset" not in filters_for(rf, office_staff, query)[1].__dict__
        committed(lambda: counts.raise_after_commit())  # any change: the agencies may have changed
        assert "filterset" in filters_for(rf, office_staff, query)[1].__dict__


def test_a_chosen_notice_is_never_kept(rf, office_staff):
    for _ in range(2):
        filters = filters_for(rf, office_staff, {"notice": "7", "q": "x"})[1]
        filters.filters_html()
        assert "filterset" in filters.__dict__


def test_filters_are_not_kept_while_a_replica_may_lag(rf, office_staff):
    request = rf.get("/directives/", {"q": "cầu"})
    request.user = office_staff
    lagging = counts.KeptCounts(counts.kept_counts().version, replica_may_lag=True)
    for _ in range(2):
        filters = TaskListFilters(request, lagging)
        assert "filterset" in filters.__dict__
    assert "filterset" in TaskListFilters(request, counts.kept_counts()).__dict__  # nothing was kept


def test_anything_else_is_asked_of_the_filter_set(rf, office_staff):
    filters = filters_for(rf, office_staff, {"deadline_after": "xx"})[1]
    assert filters.errors == filters.filterset.errors and "deadline" in filters.form.errors
    assert isinstance(filters.filterset, PartFilterSet) and len(list_filters._written) >= 1
