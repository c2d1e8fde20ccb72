"""Agencies merged, renamed, split and abolished: preview, then everything at once, history kept."""

from datetime import date

import pytest
from django.urls import reverse

from agencies.choices import AgencyKind
from agencies.exceptions import AgencyError
from agencies.models import Agency
from directives.choices import TaskStatus, UpdateKind
from directives.models import Part
from directives.reorganisation import divide_agency, merge_agencies, rename_agency
from tests.factories import AgencyFactory, DirectiveFactory, PartFactory

pytestmark = pytest.mark.django_db

ON = "01/07/2025"


@pytest.fixture
def district(db):
    """A district People's Committee abolished in 2025, with two open tasks, one finished, one supported."""
    hiep_hoa = AgencyFactory(name="UBND huyện Hiệp Hòa", kind=AgencyKind.DISTRICT_COMMITTEE)
    open_a = PartFactory(agency=hiep_hoa, directive=DirectiveFactory(title="Giải phóng mặt bằng KCN"))
    open_b = PartFactory(agency=hiep_hoa, directive=DirectiveFactory(title="Tái định cư"))
    done = PartFactory(agency=hiep_hoa, status=TaskStatus.DONE, completed_on=date(2025, 5, 1))
    supported = DirectiveFactory(title="Cấp điện KCN")
    PartFactory(directive=supported)
    supported.supporting_agencies.add(hiep_hoa)
    return {"agency": hiep_hoa, "open_a": open_a, "open_b": open_b, "done": done, "supported": supported}


def test_an_abolished_district_s_tasks_go_each_to_the_commune_chosen(district, office_staff):
    commune_1 = AgencyFactory(name="UBND xã Hiệp Hòa", kind=AgencyKind.COMMUNE_COMMITTEE)
    commune_2 = AgencyFactory(name="UBND xã Xuân Cẩm", kind=AgencyKind.COMMUNE_COMMITTEE)
    choices = {
        district["open_a"].directive_id: commune_1.pk,
        district["open_b"].directive_id: commune_2.pk,
        district["supported"].pk: commune_2.pk,
    }
    moved = divide_agency(
        agency_id=district["agency"].pk, successors_by_task=choices, on=date(2025, 7, 1), user=office_staff
    )
    assert moved == 2
    parts = Part.objects.in_bulk([district[key].pk for key in ("open_a", "open_b", "done")])
    assert parts[district["open_a"].pk].agency == commune_1
    assert parts[district["open_b"].pk].agency == commune_2
    assert parts[district["done"].pk].agency == district["agency"]
    assert commune_2 in district["supported"].supporting_agencies.all()
    transfer = parts[district["open_a"].pk].updates.get(kind=UpdateKind.TRANSFERRED)
    assert (transfer.agency, transfer.author) == (district["agency"], office_staff)
    retired = Agency.objects.get(pk=district["agency"].pk)
    assert (retired.is_active, retired.successor, retired.dissolved_on) == (False, None, date(2025, 7, 1))


def test_a_split_with_a_task_left_unchosen_changes_nothing(district):
    other = AgencyFactory()
    with pytest.raises(AgencyError):
        divide_agency(
            agency_id=district["agency"].pk,
            successors_by_task={district["open_a"].directive_id: other.pk},
            on=date(2025, 7, 1),
        )
    assert Part.objects.get(pk=district["open_a"].pk).agency == district["agency"]
    assert Agency.objects.get(pk=district["agency"].pk).is_active


def test_two_departments_merge_into_a_third_in_one_go(agency, other_agency):
    merged = AgencyFactory(name="Sở Nông nghiệp và Môi trường")
    parts = [PartFactory(agency=agency), PartFactory(agency=other_agency)]
    assert (
        merge_agencies(agency_ids=[agency.pk, other_agency.pk], successor_id=merged.pk, on=date(2025, 3, 1))
        == 2
    )
    assert set(Part.objects.filter(pk__in=[p.pk for p in parts]).values_list("agency", flat=True)) == {
        merged.pk
    }
    assert set(Agency.objects.filter(successor=merged).values_list("pk", flat=True)) == {
        agency.pk,
        other_agency.pk,
    }


def test_a_merger_that_fails_for_one_agency_changes_none(agency, other_agency):
    merged = AgencyFactory()
    retired = AgencyFactory(is_active=False)
    part = PartFactory(agency=agency)
    with pytest.raises(AgencyError):
        merge_agencies(agency_ids=[agency.pk, retired.pk], successor_id=merged.pk, on=date(2025, 3, 1))
    assert Part.objects.get(pk=part.pk).agency == agency
    assert Agency.objects.get(pk=agency.pk).is_active


def test_a_renamed_agency_keeps_its_tasks_and_is_still_known_by_its_old_name(agency):
    part = PartFactory(agency=agency)
    renamed = rename_agency(
        agency_id=agency.pk, name="  Ban Quản lý  các KCN tỉnh Bắc Ninh ", short_name="BQL"
    )
    assert renamed.name == "Ban Quản lý các KCN tỉnh Bắc Ninh"
    assert "Ban Quản lý các khu công nghiệp tỉnh" in renamed.alias_list
    assert Part.objects.get(pk=part.pk).agency_id == agency.pk
    Agency.objects.create(name="Sở Tài chính")
    with pytest.raises(AgencyError):
        rename_agency(agency_id=agency.pk, name="sở tài chính")


def test_the_office_previews_a_merger_then_confirms_it(client, office_staff, agency):
    successor = AgencyFactory(name="Sở Tài chính")
    part = PartFactory(agency=agency, directive=DirectiveFactory(title="Quy hoạch phân khu"))
    client.force_login(office_staff)
    url = reverse("directives:agency_reorganise", args=[agency.pk])
    data = {"change": "merge", "successor": successor.pk, "on": ON, "step": "preview"}
    preview = client.post(url, data)
    assert preview.status_code == 200
    assert "Quy hoạch phân khu" in preview.content.decode()
    assert Part.objects.get(pk=part.pk).agency == agency
    done = client.post(url, {**data, "step": "confirm"})
    assert done.status_code == 302
    assert Part.objects.get(pk=part.pk).agency == successor


def test_an_abolition_asks_who_takes_each_task_and_keeps_what_was_chosen(client, office_staff, district):
    commune = AgencyFactory(name="UBND xã Hiệp Hòa")
    client.force_login(office_staff)
    url = reverse("directives:agency_reorganise", args=[district["agency"].pk])
    base = {"change": "abolish", "on": ON}
    preview = client.post(url, {**base, "step": "preview"})
    fields = set(preview.context["successors"].fields)
    assert fields == {f"task_{district[key].directive_id}" for key in ("open_a", "open_b")} | {
        f"task_{district['supported'].pk}"
    }
    partial = {**base, "step": "confirm", f"task_{district['open_a'].directive_id}": commune.pk}
    refused = client.post(url, partial)
    assert refused.status_code == 400
    assert refused.context["successors"][f"task_{district['open_a'].directive_id}"].value() == str(commune.pk)
    assert Agency.objects.get(pk=district["agency"].pk).is_active
    everything = {**partial, **dict.fromkeys(fields, commune.pk)}
    assert client.post(url, everything).status_code == 302
    assert not Part.objects.filter(agency=district["agency"], status=TaskStatus.IN_PROGRESS).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"change": "merge", "on": ON, "step": "confirm"},
        {"change": "merge", "successor": "999999", "on": ON, "step": "confirm"},
        {"change": "rename", "name": "   ", "step": "confirm"},
        {"change": "split", "step": "confirm"},
        {"change": "explode", "step": "confirm"},
        {"change": "merge", "successor": "abc", "on": "31/02/2025", "step": "confirm"},
    ],
)
def test_an_incomplete_change_is_explained_and_nothing_moves(client, office_staff, agency, data):
    part = PartFactory(agency=agency)
    client.force_login(office_staff)
    response = client.post(reverse("directives:agency_reorganise", args=[agency.pk]), data)
    assert response.status_code == 400
    assert Part.objects.get(pk=part.pk).agency == agency
    assert Agency.objects.get(pk=agency.pk).is_active
