"""Who sees which tasks, and free-text search that ignores diacritics."""

from datetime import date

import pytest

from directives.choices import FINISHED_STATUSES, OPEN_STATUSES, TaskStatus
from directives.models import Directive, Notice, Part
from tests.factories import DirectiveFactory, NoticeFactory, PartFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(agency, other_agency):
    notice = NoticeFactory()
    led = DirectiveFactory(notice=notice, number="1")
    PartFactory(directive=led, agency=agency)
    supported = DirectiveFactory(notice=notice, number="2")
    PartFactory(directive=supported, agency=other_agency)
    supported.supporting_agencies.add(agency)
    # Led by both: must appear once, not once per lead.
    shared = DirectiveFactory(notice=notice, number="3")
    PartFactory(directive=shared, agency=agency)
    PartFactory(directive=shared, agency=other_agency)
    unrelated = DirectiveFactory(notice=NoticeFactory(), number="1")
    PartFactory(directive=unrelated, agency=other_agency)
    return {"led": led, "supported": supported, "shared": shared, "unrelated": unrelated}


def test_an_agency_sees_what_it_leads_or_supports(agency_staff, tasks):
    visible = Directive.objects.visible_to(agency_staff)
    assert sorted(d.pk for d in visible) == sorted(
        [tasks["led"].pk, tasks["supported"].pk, tasks["shared"].pk]
    )
    assert list(Notice.objects.visible_to(agency_staff)) == [tasks["led"].notice]
    assert Part.objects.visible_to(agency_staff).count() == 4


@pytest.mark.parametrize("user_fixture", ["office_staff", "leader"])
def test_the_office_and_leaders_see_everything(request, tasks, user_fixture):
    user = request.getfixturevalue(user_fixture)
    assert Directive.objects.visible_to(user).count() == 4
    assert Notice.objects.visible_to(user).count() == 2


def test_users_without_an_agency_see_nothing(tasks, roles):
    from django.contrib.auth.models import AnonymousUser

    assert not Directive.objects.visible_to(AnonymousUser()).exists()
    assert not Directive.objects.visible_to(UserFactory(agency=None)).exists()


@pytest.mark.parametrize(
    "query", ["tiêu thoát nước", "tieu thoat nuoc", "TIEU  THOAT", "Tiêu Thoát Nước", "thoat nuoc cac khu"]
)
def test_search_ignores_case_diacritics_and_spacing(query):
    wanted = DirectiveFactory(
        title="Đề án tiêu thoát nước", text="Giải quyết vấn đề tiêu thoát nước các khu công nghiệp"
    )
    DirectiveFactory(title="Cung cấp điện", text="Đảm bảo cung cấp điện cho mùa hè")
    assert list(Directive.objects.search(query)) == [wanted]


def test_search_text_follows_edits():
    directive = DirectiveFactory(title="Cung cấp điện", text="Điện")
    directive.text = "Phòng cháy, chữa cháy"
    directive.save()
    assert list(Directive.objects.search("phong chay")) == [directive]
    assert list(Directive.objects.search("")) == [directive]


def test_finished_is_one_rule_for_the_open_parts_the_part_and_the_statuses(agency):
    parts = {
        status: PartFactory(
            agency=agency, status=status, completed_on=date(2024, 5, 2) if status == TaskStatus.DONE else None
        )
        for status in TaskStatus
    }
    assert set(OPEN_STATUSES) | set(FINISHED_STATUSES) == set(TaskStatus)
    assert not set(OPEN_STATUSES) & set(FINISHED_STATUSES)
    open_ids = set(Part.objects.open().values_list("pk", flat=True))
    for status, part in parts.items():
        assert part.is_finished == (status in FINISHED_STATUSES) == (part.pk not in open_ids), status
    assert {parts[status].pk for status in OPEN_STATUSES} == open_ids


def test_history_is_visible_with_its_task(agency_staff, office_staff, tasks):
    from directives.models import ProgressUpdate

    for directive in tasks.values():
        for part in directive.parts.all():
            ProgressUpdate.objects.create(part=part, status_before="not_started", status_after="in_progress")
    visible_tasks = set(Directive.objects.visible_to(agency_staff).values_list("pk", flat=True))
    seen = ProgressUpdate.objects.visible_to(agency_staff)
    assert {update.part.directive_id for update in seen} == visible_tasks
    assert seen.count() == 4
    assert ProgressUpdate.objects.visible_to(office_staff).count() == ProgressUpdate.objects.count() == 5
