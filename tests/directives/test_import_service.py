"""Saving a reviewed notice: all of it or nothing, never twice."""

from datetime import date

import pytest

from agencies.models import Agency
from directives.choices import Recurrence
from directives.exceptions import DuplicateNotice, ImportRejected
from directives.importing import ReviewedNotice, ReviewedTask
from directives.models import Directive, Notice, Part
from directives.services import import_notice
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(agency, other_agency):
    return ReviewedNotice(
        title="Kết luận của Chủ tịch UBND tỉnh",
        place="Bắc Giang",
        meeting_on=date(2024, 3, 12),
        source_text="THÔNG BÁO\n(1) Nâng cao năng lực\n- Việc thứ nhất\n(2) Việc thứ hai",
        tasks=[
            ReviewedTask(
                number="1",
                title="Nâng cao năng lực",
                text="Nâng cao năng lực",
                is_heading=True,
                lead=[agency.pk],
            ),
            ReviewedTask(
                number="1.1", parent="1", title="Việc thứ nhất", text="Việc thứ nhất", lead=[agency.pk]
            ),
            ReviewedTask(
                number="2",
                title="Việc thứ hai",
                text="Việc thứ hai, xong trong tháng 6/2024",
                lead=[agency.pk, other_agency.pk, "UBND huyện Mới"],
                support=[other_agency.pk, "Sở Mới"],
                deadline=date(2024, 6, 30),
                deadline_text="xong trong tháng 6/2024",
                recurrence=Recurrence.NONE,
                review_flags=["unmatched_agency"],
            ),
        ],
        new_agencies={"UBND huyện Mới": "district_committee", "Sở Mới": "department"},
    )


def test_a_reviewed_notice_is_saved_with_its_items_parts_and_new_agencies(reviewed, office_staff, agency):
    notice = import_notice(reviewed, office_staff)

    assert notice.created_by == office_staff
    items = {d.number: d for d in notice.directives.all()}
    assert list(items) == ["1", "1.1", "2"]
    assert items["1.1"].parent == items["1"]
    assert items["1"].is_heading
    assert not items["1"].parts.exists()
    # A draft's parts are dated by its meeting.
    assert set(Part.objects.filter(directive__notice=notice).values_list("notice_date", flat=True)) == {
        date(2024, 3, 12)
    }
    assert [a.agency for a in items["1.1"].parts.all()] == [agency]
    second = items["2"]
    assert sorted(a.agency.name for a in second.parts.all()) == sorted(
        ["Ban Quản lý các khu công nghiệp tỉnh", "Sở Tài chính", "UBND huyện Mới"]
    )
    # An agency that leads is not listed as supporting the same task as well.
    assert [a.name for a in second.supporting_agencies.all()] == ["Sở Mới"]
    assert Agency.objects.get(name="UBND huyện Mới").kind == "district_committee"
    assert (second.deadline, second.deadline_text, second.review_flags) == (
        date(2024, 6, 30),
        "xong trong tháng 6/2024",
        ["unmatched_agency"],
    )
    assert second.search_text.startswith("2 viec thu hai")


def test_the_same_notice_is_recognised_by_its_text_when_it_has_no_number(reviewed, office_staff):
    first = import_notice(reviewed, office_staff)
    with pytest.raises(DuplicateNotice) as refused:
        import_notice(reviewed, office_staff)
    assert refused.value.existing == first
    assert Notice.objects.count() == 1


def test_the_same_notice_is_recognised_by_its_number(reviewed, office_staff):
    reviewed.number = "45/TB-UBND"
    reviewed.issued_on = date(2024, 3, 15)
    import_notice(reviewed, office_staff)
    reviewed.source_text += "\n(bản sửa chính tả)"
    with pytest.raises(DuplicateNotice):
        import_notice(reviewed, office_staff)
    # The same number in another year is another notice.
    reviewed.issued_on = date(2025, 1, 10)
    import_notice(reviewed, office_staff)
    assert Notice.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.tasks[2].lead.clear(), "cơ quan chủ trì"),
        (lambda r: setattr(r.tasks[2], "number", "1.1"), "trùng"),
        (lambda r: setattr(r.tasks[1], "parent", "9"), "không tồn tại"),
        (lambda r: r.new_agencies.pop("Sở Mới"), "Sở Mới"),
        (lambda r: r.tasks.__setitem__(slice(1, 3), []), "không có nhiệm vụ"),
    ],
)
def test_a_notice_that_cannot_be_tracked_is_refused_and_nothing_is_written(
    reviewed, office_staff, change, message
):
    change(reviewed)
    agencies_before = Agency.objects.count()
    with pytest.raises(ImportRejected) as refused:
        import_notice(reviewed, office_staff)
    assert message in refused.value.message
    assert (Notice.objects.count(), Directive.objects.count(), Part.objects.count()) == (0, 0, 0)
    assert Agency.objects.count() == agencies_before


def test_a_failure_half_way_leaves_nothing_behind(reviewed, office_staff, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Part.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        import_notice(reviewed, office_staff)
    assert not Notice.objects.exists()
    assert not Agency.objects.filter(name="UBND huyện Mới").exists()


@pytest.mark.parametrize("user_fixture", ["leader", "agency_head"])
def test_only_the_office_imports(request, reviewed, user_fixture):
    with pytest.raises(ImportRejected):
        import_notice(reviewed, request.getfixturevalue(user_fixture))
    assert not Notice.objects.exists()


def test_a_retired_agency_is_replaced_by_its_successor(reviewed, office_staff, agency):
    successor = AgencyFactory(name="Sở Tài chính mới")
    agency.is_active, agency.successor = False, successor
    agency.save()
    notice = import_notice(reviewed, office_staff)
    assert notice.directives.get(number="1.1").parts.get().agency == successor
