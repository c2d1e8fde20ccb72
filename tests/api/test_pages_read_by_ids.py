"""The API's pages of parts read by their ids alone (`tasktracker.api.pagination.PagesReadByIds` with
`directives.api.serializers.part_rows`, a statement compiled once) are the rows of the list's own queryset:
the same parts, in the list's order, with the same values, whatever the page, its size and the orphans."""

import pytest
from django.utils import timezone

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
