"""The API's pages of parts read by their ids alone (`tasktracker.api.pagination.PagesReadByIds` with
`directives.api.serializers.part_rows`, a statement compiled once) are the rows of the list's own queryset:
the same parts, in the list's order, with the same values, whatever the page, its size and the orphans."""

import pytest
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from rest_framework.test import APIClient

from directives.api import serializers
from directives.api.serializers import PART_ROW_VALUES, part_rows
from directives.api.views import task_parts_for
from directives.models import Part
from tasktracker.api.pagination import PagesReadByIds
from tests.test_pagination import make_parts

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("ordering", [(), ("-effective_deadline", "pk"), ("agency__name", "-pk")])
@pytest.mark.parametrize(("per_page", "orphans"), [(4, 0), (5, 2), (50, 0)])
def test_each_page_is_the_list_s_rows_in_its_order(
    office_staff, agency, other_agency, ordering, per_page, orphans
):
    make_parts(agency, 13)
    make_parts(other_agency, 9, overdue=False)
    parts = task_parts_for(office_staff, paged_as_rows=True)
    parts = parts.order_by(*ordering) if ordering else parts
    listed = list(parts.with_timeliness(timezone.localdate()).values(*PART_ROW_VALUES))
    pages = PagesReadByIds(parts, per_page, orphans=orphans, read_rows=part_rows)
    read = []
    for number in pages.page_range:
        read.extend(pages.page(number).object_list)
    assert read == listed and len(read) == 22


def test_the_rows_of_no_ids_are_none():
    assert part_rows([]) == []
    assert list(PagesReadByIds(Part.objects.order_by("pk"), 4, read_rows=part_rows).page(1).object_list) == []


def test_a_page_s_rows_and_supporting_agencies_are_read_by_one_statement_each_whatever_its_size(
    office_staff, agency, other_agency
):
    make_parts(agency, 60)
    for part in Part.objects.filter(agency=agency)[:3]:
        part.directive.supporting_agencies.add(other_agency)
    client = APIClient()
    client.force_authenticate(office_staff)
    for size in (1, 7, 50, 60, 200):
        assert len(client.get(f"/api/v1/parts/?page_size={size}").data["results"]) == min(size, 60)
    # psycopg parses a statement of more than 50 parameters again on every execution: the ids are one.
    for prepared in (serializers._parts_as_rows, serializers._supporting_links):
        assert list(prepared._statements) == [(DEFAULT_DB_ALIAS,)]  # one for every page size
        assert all(len(statement.params) <= 12 for statement in prepared._statements.values())
