"""A part in the API, written out by `PartSerializer.to_representation`, is what its declared
fields give: the same keys in the same order and the same values, for every kind of part."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.test import APIClient

from directives.api.serializers import PartSerializer, iso_day
from directives.api.views import task_parts_for
from directives.choices import Recurrence, TaskStatus
from tests.factories import AgencyFactory, DirectiveFactory, NoticeFactory, PartFactory

pytestmark = pytest.mark.django_db


def by_declared_fields(part):
    """The representation DRF builds field by field from the declarations."""
    return serializers.ModelSerializer.to_representation(PartSerializer(part), part)


@pytest.fixture
def parts(agency, other_agency):
    today = timezone.localdate()
    draft = NoticeFactory(number="", issued_on=None, title='Dự thảo <kết luận> & "ghi chú"')
    dated = NoticeFactory(issued_on=today - timedelta(days=40))
    no_short_name = AgencyFactory(name="UBND huyện Hiệp Hòa", short_name="")
    ongoing = DirectiveFactory(notice=draft, deadline=None, deadline_text="thường xuyên")
    monthly = DirectiveFactory(
        notice=dated, deadline=today - timedelta(days=3), recurrence=Recurrence.MONTHLY
    )
    monthly.supporting_agencies.add(other_agency, no_short_name)
    return [
        PartFactory(directive=ongoing, agency=agency),
        PartFactory(directive=monthly, agency=agency, status=TaskStatus.IN_PROGRESS),
        PartFactory(
            directive=monthly,
            agency=no_short_name,
            status=TaskStatus.DONE,
            completed_on=today - timedelta(days=5),
        ),
        PartFactory(
            directive=DirectiveFactory(notice=dated, deadline=today + timedelta(days=2)),
            agency=other_agency,
            extended_deadline=today + timedelta(days=30),
        ),
    ]


def test_every_kind_of_part_reads_as_its_declared_fields(parts, office_staff):
    listed = list(task_parts_for(office_staff))
    assert len(listed) == len(parts)
    for part in listed:
        written, declared = PartSerializer(part).data, by_declared_fields(part)
        assert written == declared
        assert list(written) == list(declared)
        assert list(written["notice"]) == list(declared["notice"])
        assert [list(agency) for agency in written["supporting_agencies"]] == [
            list(agency) for agency in declared["supporting_agencies"]
        ]
    assert {part["timeliness"] for part in map(by_declared_fields, listed)} >= {"overdue", "no_deadline"}


def test_the_api_list_gives_the_written_representation(parts, office_staff):
    client = APIClient()
    client.force_authenticate(office_staff)
    results = client.get("/api/v1/parts/").json()["results"]
    expected = {part.pk: by_declared_fields(part) for part in task_parts_for(office_staff)}
    assert {row["id"]: row for row in results} == expected


def test_a_page_s_rows_hold_text_as_plain_str(parts):
    """`write_part` writes a row's text as it is: a CharField's representation (`str(value)`) is the value
    itself only for a plain `str` (or None), which is what the database gives."""
    from directives.api.serializers import part_rows

    rows = part_rows([part.pk for part in parts])
    assert len(rows) == len(parts)
    for row in rows:
        for name in ("directive__number", "directive__title", "directive__notice__number", "status"):
            assert type(row[name]) is str
        for name in ("directive__notice__title", "directive__deadline_text", "directive__recurrence"):
            assert row[name] is None or type(row[name]) is str
        assert type(row["timeliness"]) is str


def test_a_day_is_written_as_the_date_field_writes_it_and_kept():
    field = serializers.DateField()
    iso_day.cache_clear()
    days = [date(1, 1, 1), date(999, 1, 2), date(2026, 2, 28), date(2026, 12, 31), date(9999, 12, 31)]
    for day in days * 2:
        assert iso_day(day) == field.to_representation(day) == day.isoformat()
    assert iso_day.cache_info().hits == len(days)
