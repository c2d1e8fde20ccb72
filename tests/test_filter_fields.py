"""The filter form's fields written by `tasktracker.filters.FilterSet.fields_html`, those left empty kept per
language, are what each field writes (`field_html`) for every query string, in either order."""

import pytest
from django.http import QueryDict
from django.utils import translation

from directives.filtersets import PartFilterSet
from tasktracker import filters
from tasktracker.form_renderer import field_html
from tests.factories import AgencyFactory, NoticeFactory

pytestmark = pytest.mark.django_db

QUERIES = [
    None,
    "",
    "q=gi%E1%BA%A3i+ph%C3%B3ng",
    "q=",
    "status=done&status=in_progress",
    "timeliness=overdue&ordering=-deadline",
    "timeliness=bogus",
    "deadline_after=01/01/2026&deadline_before=31/12/2026",
    "deadline_after=xx",
    "notice_date_before=31/03/2026",
    "recurrence=weekly",
    "agency=AGENCY&supporting_agency=abc",
    "notice=NOTICE&notice_number=75",
    "notice=abc",
    "page=2",
]


def written_field_by_field(filterset) -> str:
    """The fields as the template wrote them, one `{% form_field %}` each."""
    return "".join(field_html(field) for field in filterset.form if field.name != "ordering")


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("order", [1, -1])
def test_the_fields_are_what_each_field_writes(language, order):
    agency = AgencyFactory(name='Sở "A" & <B>')
    notice = NoticeFactory(title="Thông báo <i>kết luận</i>")
    filters._EMPTY_FIELDS.clear()
    queries = [
        None if query is None else query.replace("AGENCY", str(agency.pk)).replace("NOTICE", str(notice.pk))
        for query in QUERIES
    ]
    with translation.override(language):
        for query in queries[::order] * 2:  # the second time round, fields left empty are kept ones
            data = None if query is None else QueryDict(query)
            written = PartFilterSet(data).filters_html()
            assert written == written_field_by_field(PartFilterSet(data)), query
    assert filters._EMPTY_FIELDS
    assert {key[3] for key in filters._EMPTY_FIELDS} == {language}


def test_a_field_given_in_one_query_is_not_kept_for_the_next():
    filters._EMPTY_FIELDS.clear()
    chosen = PartFilterSet(QueryDict("status=done&q=abc")).filters_html()
    assert 'value="done" id="id_status_3" checked' in chosen and 'value="abc"' in chosen
    empty = PartFilterSet(QueryDict("page=2")).filters_html()
    assert "checked" not in empty and 'value="abc"' not in empty
