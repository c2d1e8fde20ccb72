"""The API's JSON renderer writes a page of parts through `PartListSerializer.rows_as_json` (a template per
row): its bytes are DRF's JSONRenderer's for every kind of part and text, and anything else is left to DRF."""

import json
from datetime import date

import pytest
from rest_framework import renderers
from rest_framework.test import APIClient
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from directives.api.serializers import PartListSerializer, PartSerializer, part_as_json, write_part
from tasktracker.api.renderers import JSONRenderer
from tests.api.test_task_representation import parts  # noqa: F401 (a fixture: every kind of part)

pytestmark = pytest.mark.django_db

# Every character json.dumps escapes (without ensure_ascii), the two DRF escapes afterwards, and others.
AWKWARD_TEXTS = [
    "",
    'Dự thảo <kết luận> & "ghi chú"',
    "a\\b/c",
    "dòng một\ndòng hai\r\n\ttab\b\f",
    "".join(map(chr, range(32))) + "\x7f",
    "\u2028 và \u2029",
    "😀 \ud7ff \ue000 \ufffd ü ß",
    "Sở KH&ĐT",
]


def drf_json(data, media_type=None, context=None) -> bytes:
    return renderers.JSONRenderer().render(data, media_type, context)


def a_row(text: str, **changes) -> dict:
    row = {
        "id": 7,
        "directive_id": 11,
        "directive__number": text,
        "directive__title": text,
        "directive__notice_id": 3,
        "directive__notice__number": text,
        "directive__notice__title": text,
        "directive__notice__issued_on": date(2026, 1, 31),
        "agency_id": 5,
        "agency__name": text,
        "agency__short_name": text,
        "status": "in_progress",
        "effective_deadline": date(2026, 12, 1),
        "directive__deadline_text": text,
        "extended_deadline": None,
        "directive__recurrence": "monthly",
        "timeliness": "overdue",
        "completed_on": None,
        "version": 2**31 - 1,
    }
    return {**row, **changes}


def a_page(rows: list[dict]) -> dict:
    written = ReturnList(rows, serializer=PartSerializer(many=True))
    return {
        "count": len(rows),
        "count_is_exact": True,
        "next": None,
        "previous": "/x?page=1",
        "results": written,
    }


@pytest.mark.parametrize("text", AWKWARD_TEXTS)
def test_a_part_is_written_as_json_dumps_writes_it(text):
    supporting = [
        {"id": 9, "name": text, "short_name": ""},
        {"id": 10, "name": "Sở Tài chính", "short_name": text},
    ]
    for row in (a_row(text), a_row(text, directive__notice__issued_on=None, completed_on=date(2026, 2, 1))):
        for agencies in ([], supporting):
            part = write_part(row, agencies, f"/directives/{text}/")
            assert part_as_json(part) == json.dumps(part, ensure_ascii=False, separators=(",", ":"))
            page = a_page([part, part])
            assert JSONRenderer().render(page) == drf_json(page)


def test_every_kind_of_part_in_the_list_is_rendered_as_drf_renders_it(parts, office_staff, monkeypatch):  # noqa: F811
    written = []
    rows_as_json = PartListSerializer.rows_as_json
    monkeypatch.setattr(
        PartListSerializer,
        "rows_as_json",
        lambda self, rows: written.append(rows) or rows_as_json(self, rows),
    )
    client = APIClient()
    client.force_authenticate(office_staff)
    for url in (
        "/api/v1/parts/",
        "/api/v1/parts/?page_size=2&page=2",
        "/api/v1/tasks/",
        "/api/v1/parts/?q=x",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert isinstance(response.data["results"].serializer, PartListSerializer)
        assert response.content == drf_json(response.data)
    assert len(written) == 4  # each page's rows written by their serializer
    assert len(client.get("/api/v1/parts/").data["results"]) == len(parts)


def test_a_value_the_template_does_not_write_is_left_to_json_dumps():
    part = write_part(a_row("x"), [], "/directives/11/")
    for changes in ({"number": None}, {"title": 12}, {"version": None}, {"agency": {"id": 5}}):
        page = a_page([part, {**part, **changes}])
        assert JSONRenderer().render(page) == drf_json(page)


def test_what_is_not_a_page_of_rows_written_by_their_serializer_is_rendered_by_drf():
    part = write_part(a_row("x"), [], "/directives/11/")
    rendered_by_drf = [
        {"results": [part]},  # no serializer to write the rows
        {"results": ReturnList([part], serializer=object())},
        {"results": a_page([part])["results"], "count": 1},  # the rows not last
        ReturnDict(part, serializer=PartSerializer()),
        [part],
        None,
        {},
    ]
    for data in rendered_by_drf:
        assert JSONRenderer().render(data) == drf_json(data)


def test_indented_or_otherwise_configured_json_is_rendered_by_drf(settings):
    page = a_page([write_part(a_row("Sở \u2028"), [], "/directives/11/")])
    indented = "application/json; indent=4"
    assert JSONRenderer().render(page, indented) == drf_json(page, indented)
    assert JSONRenderer().render(page, None, {"indent": 2}) == drf_json(page, None, {"indent": 2})

    class AsciiOnly(JSONRenderer):
        ensure_ascii = True

    class Spaced(JSONRenderer):
        compact = False

    for configured in (AsciiOnly, Spaced):
        drf_configured = type("DRF", (renderers.JSONRenderer,), {"ensure_ascii": configured.ensure_ascii})
        drf_configured.compact = configured.compact
        assert configured().render(page) == drf_configured().render(page)
