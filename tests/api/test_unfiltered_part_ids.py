"""The API's list of parts, unfiltered and in its own order, is read by statements compiled once for each
shape of `visibility_of` (`PartViewSet.unfiltered_parts`, a `VisibleParts`): the ids the list's own queryset
gives, page by page, and its count, for every person; a filter or an ordering keeps the queryset's way."""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from directives.api.views import PartViewSet, TaskViewSet, stably_ordered, task_parts_for
from tests.test_pagination import make_parts

pytestmark = pytest.mark.django_db


def unfiltered_for(user, query="", view_class=PartViewSet):
    request = Request(APIRequestFactory().get(f"/api/v1/parts/{query}"))
    request.user = user
    return view_class(action="list", request=request, format_kwarg=None).unfiltered_parts()


@pytest.mark.parametrize("person", ["office_staff", "leader", "agency_head", "agency_staff"])
def test_each_slice_is_the_list_s_ids_in_its_order(request, person, agency, other_agency):
    make_parts(agency, 7)
    make_parts(other_agency, 6, overdue=False, supporting=agency)
    make_parts(other_agency, 3)
    user = request.getfixturevalue(person)
    listed = list(stably_ordered(task_parts_for(user, paged_as_rows=True)).values_list("pk", flat=True))
    assert len(listed) == (16 if person in ("office_staff", "leader") else 13)
    parts = unfiltered_for(user)
    for start, stop in [(0, 5), (5, 10), (10, 16), (0, 50), (15, 20), (20, 30)]:
        assert parts.ids(start, stop) == listed[start:stop]
    assert unfiltered_for(user, view_class=TaskViewSet).ids(0, 50) == listed
    for limit in (1, 5, 13, 16, 17, 100):
        assert parts.count_up_to(limit) == min(limit, len(listed))
    rows = parts.rows(listed[:5])
    assert sorted(row["id"] for row in rows) == sorted(listed[:5])


@pytest.mark.parametrize(
    "query", ["?q=nhiem", "?ordering=-effective_deadline", "?ordering=", "?timeliness=overdue", "?agency=1"]
)
def test_a_filter_or_an_ordering_keeps_the_queryset_s_way(office_staff, query):
    assert unfiltered_for(office_staff, query) is None
    assert unfiltered_for(office_staff, "?page=2&page_size=7") is not None


def test_a_person_who_sees_nothing_keeps_the_queryset_s_way(roles, agency):
    from accounts.models import Role
    from tests.factories import UserFactory

    nobody = UserFactory(username="khongcoquan", agency=None, role=roles[Role.AGENCY_STAFF])
    make_parts(agency, 2)
    assert unfiltered_for(nobody) is None
