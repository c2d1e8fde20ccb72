"""Extension requests (đề nghị gia hạn): asked by the lead agency, decided by the office, in the history."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from directives.choices import ExtensionRequestStatus, TaskStatus, Timeliness, UpdateKind
from directives.exceptions import EditConflict, ExtensionNotPermitted, ExtensionRejected
from directives.extensions import approve_extension, refuse_extension, request_extension
from directives.models import ExtensionPolicy, ExtensionRequest, Part, ProgressUpdate
from directives.services import record_progress
from tests.factories import DirectiveFactory, PartFactory
from workdays.calendar import add_working_days, working_days_between

pytestmark = pytest.mark.django_db

REASON = (
    "Chờ Bộ Xây dựng có ý kiến thẩm định quy hoạch phân khu KCN Yên Lư mở rộng "
    "(Công văn số 245/BQL-QHXD ngày 02/4/2024)."
)


def evidence(name="cong-van-245-bql-qhxd.pdf", content=b"%PDF-1.4 Cong van 245/BQL-QHXD"):
    return ContentFile(content, name=name)


@pytest.fixture(autouse=True)
def in_english():
    """The refusals are matched by their English words (users read them in Vietnamese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def part(agency, today):
    """A task of the Board due in 20 working days."""
    task = DirectiveFactory(deadline=add_working_days(today, 20), deadline_text="xong trong 20 ngày làm việc")
    return PartFactory(directive=task, agency=agency, status=TaskStatus.IN_PROGRESS)


def ask(part, user, *, proposed=None, version=None, **overrides):
    arguments = {
        "part_id": part.pk,
        "user": user,
        "reason": REASON,
        "proposed_deadline": proposed or part.directive.deadline + timedelta(days=30),
        "evidence": evidence(),
        "expected_version": part.version if version is None else version,
    }
    return request_extension(**{**arguments, **overrides})


def test_the_lead_agency_asks_and_the_history_shows_it(part, agency_head):
    proposed = part.directive.deadline + timedelta(days=30)
    extension_request = ask(part, agency_head, proposed=proposed)
    part.refresh_from_db()
    assert extension_request.status == ExtensionRequestStatus.PENDING
    assert extension_request.deadline_when_requested == part.directive.deadline
    assert part.version == 1 and part.extended_deadline is None  # asking moves nothing
    entry = ProgressUpdate.objects.get(part=part)
    assert entry.kind == UpdateKind.EXTENSION_REQUESTED
    assert (entry.deadline_before, entry.deadline_after) == (part.directive.deadline, proposed)
    assert entry.note == REASON and entry.author == agency_head
    assert entry.evidence_filename == "cong-van-245-bql-qhxd.pdf"
    assert extension_request.evidence.read() == b"%PDF-1.4 Cong van 245/BQL-QHXD"


def test_agency_staff_ask_too(part, agency_staff):
    assert ask(part, agency_staff).requested_by == agency_staff


@pytest.mark.parametrize("who", ["office_staff", "leader", "other_agency_head"])
def test_only_the_lead_agency_asks(request, part, who):
    with pytest.raises(ExtensionNotPermitted):
        ask(part, request.getfixturevalue(who))
    assert not ExtensionRequest.objects.exists()


def test_a_request_comes_at_least_the_policys_working_days_before_the_deadline(agency, agency_head, today):
    task = DirectiveFactory(deadline=add_working_days(today, 4))
    late = PartFactory(directive=task, agency=agency)
    with pytest.raises(ExtensionRejected, match="5 working days"):
        ask(late, agency_head)
    assert not ProgressUpdate.objects.exists()
    # Exactly five working days ahead is in time.
    task.deadline = add_working_days(today, 5)
    task.save()
    assert working_days_between(today, task.deadline) == 5
    assert ask(Part.objects.get(pk=late.pk), agency_head).is_pending


def test_the_office_sets_how_early_in_the_admins_policy(agency, agency_head, today):
    late = PartFactory(directive=DirectiveFactory(deadline=add_working_days(today, 4)), agency=agency)
    policy = ExtensionPolicy.current()
    assert policy.min_working_days_before == 5
    policy.min_working_days_before = 3
    policy.save()
    assert ask(late, agency_head).is_pending


def test_one_request_waits_per_part_at_a_time(part, agency_head, agency_staff):
    ask(part, agency_head)
    part.refresh_from_db()
    with pytest.raises(ExtensionRejected, match="already waiting"):
        ask(part, agency_staff)
    assert ExtensionRequest.objects.count() == 1


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"reason": "   "}, "Write why"),
        ({"evidence": None}, "Attach the document"),
        ({"evidence": evidence(name="gia-han.exe")}, "cannot be attached"),
    ],
)
def test_a_request_needs_a_reason_and_evidence(part, agency_head, overrides, message):
    with pytest.raises(ExtensionRejected, match=message):
        ask(part, agency_head, **overrides)
    part.refresh_from_db()
    assert part.version == 0 and not ProgressUpdate.objects.exists()


def test_the_proposed_date_is_later_than_the_deadline(part, agency_head):
    with pytest.raises(ExtensionRejected, match="later than the current"):
        ask(part, agency_head, proposed=part.directive.deadline)


def test_no_request_on_a_task_without_deadline_or_finished(agency, agency_head):
    undated = PartFactory(directive=DirectiveFactory(deadline=None), agency=agency)
    with pytest.raises(ExtensionRejected, match="without a deadline"):
        ask(undated, agency_head, proposed=timezone.localdate() + timedelta(days=90))
    done = PartFactory(
        directive=DirectiveFactory(deadline=add_working_days(timezone.localdate(), 30)),
        agency=agency,
        status=TaskStatus.DONE,
        completed_on=timezone.localdate(),
    )
    with pytest.raises(ExtensionRejected, match="finished"):
        ask(done, agency_head)


def test_a_request_on_a_stale_page_is_refused(part, agency_head, agency_staff):
    record_progress(part_id=part.pk, user=agency_staff, status=TaskStatus.IN_PROGRESS, note="Đã họp")
    with pytest.raises(EditConflict):
        ask(part, agency_head, version=0)
    assert not ExtensionRequest.objects.exists()


def test_the_office_approves_with_the_date_it_decides(part, agency_head, office_staff):
    extension_request = ask(part, agency_head)
    part.refresh_from_db()
    granted = part.directive.deadline + timedelta(days=20)  # less than was asked
    approve_extension(
        request_id=extension_request.pk,
        user=office_staff,
        granted_deadline=granted,
        note="Văn bản số 1234/UBND-KTN đồng ý gia hạn.",
        expected_version=part.version,
    )
    part.refresh_from_db()
    extension_request.refresh_from_db()
    assert (part.extended_deadline, part.effective_deadline, part.version) == (granted, granted, 2)
    assert extension_request.status == ExtensionRequestStatus.APPROVED
    assert extension_request.granted_deadline == granted and extension_request.decided_by == office_staff
    decision = extension_request.decision_entry
    assert decision.kind == UpdateKind.EXTENSION_APPROVED
    assert (decision.deadline_before, decision.deadline_after) == (part.directive.deadline, granted)
    kinds = list(ProgressUpdate.objects.filter(part=part).values_list("kind", flat=True))
    assert kinds == [UpdateKind.EXTENSION_REQUESTED, UpdateKind.EXTENSION_APPROVED]


def test_the_office_refuses_with_a_reason(part, agency_head, office_staff):
    extension_request = ask(part, agency_head)
    part.refresh_from_db()
    with pytest.raises(ExtensionRejected, match="Write why"):
        refuse_extension(request_id=extension_request.pk, user=office_staff, reason=" ")
    refuse_extension(
        request_id=extension_request.pk,
        user=office_staff,
        reason="Lý do chưa thuyết phục; đề nghị tập trung hoàn thành đúng hạn.",
        expected_version=part.version,
    )
    part.refresh_from_db()
    extension_request.refresh_from_db()
    assert extension_request.status == ExtensionRequestStatus.REFUSED
    assert extension_request.decision_note.startswith("Lý do chưa thuyết phục")
    assert part.extended_deadline is None and part.effective_deadline == part.directive.deadline
    assert extension_request.decision_entry.kind == UpdateKind.EXTENSION_REFUSED
    # Once decided, the part may be asked about again.
    assert ask(part, agency_head).is_pending


def test_a_stale_decision_is_refused_and_nothing_is_lost(part, agency_head, agency_staff, office_staff):
    extension_request = ask(part, agency_head)
    part.refresh_from_db()
    seen = part.version
    record_progress(part_id=part.pk, user=agency_staff, status=TaskStatus.IN_PROGRESS, note="Đã có ý kiến Bộ")
    with pytest.raises(EditConflict):
        approve_extension(
            request_id=extension_request.pk,
            user=office_staff,
            granted_deadline=extension_request.proposed_deadline,
            note="Đồng ý",
            expected_version=seen,
        )
    with pytest.raises(EditConflict):
        refuse_extension(
            request_id=extension_request.pk, user=office_staff, reason="Không", expected_version=seen
        )
    part.refresh_from_db()
    extension_request.refresh_from_db()
    assert extension_request.is_pending and part.extended_deadline is None
    assert ProgressUpdate.objects.filter(part=part).count() == 2


def test_a_request_is_decided_once(part, agency_head, office_staff):
    extension_request = ask(part, agency_head)
    refuse_extension(request_id=extension_request.pk, user=office_staff, reason="Không đủ căn cứ")
    with pytest.raises(EditConflict, match="decided already"):
        approve_extension(
            request_id=extension_request.pk,
            user=office_staff,
            granted_deadline=extension_request.proposed_deadline,
            note="Đồng ý",
        )
    assert ExtensionRequest.objects.get().status == ExtensionRequestStatus.REFUSED


@pytest.mark.parametrize("who", ["agency_head", "leader"])
def test_only_the_office_decides(request, part, agency_head, who):
    extension_request = ask(part, agency_head)
    user = request.getfixturevalue(who)
    with pytest.raises(ExtensionNotPermitted):
        approve_extension(
            request_id=extension_request.pk,
            user=user,
            granted_deadline=extension_request.proposed_deadline,
            note="x",
        )
    with pytest.raises(ExtensionNotPermitted):
        refuse_extension(request_id=extension_request.pk, user=user, reason="x")
    assert ExtensionRequest.objects.get().is_pending


def test_completion_within_an_approved_extension_counts_on_time(part, agency_head, office_staff, today):
    """Done after the task's own deadline but before the granted one: on time, as the reports count it."""
    extension_request = ask(part, agency_head)
    granted = part.directive.deadline + timedelta(days=30)
    approve_extension(
        request_id=extension_request.pk, user=office_staff, granted_deadline=granted, note="Đồng ý gia hạn"
    )
    record_progress(part_id=part.pk, user=agency_head, status=TaskStatus.REPORTED_DONE, note="Xong")
    finished_on = part.directive.deadline + timedelta(days=10)
    Part.objects.filter(pk=part.pk).update(status=TaskStatus.DONE, completed_on=finished_on)
    counted = Part.objects.with_timeliness(granted + timedelta(days=60)).get(pk=part.pk)
    assert counted.timeliness == Timeliness.COMPLETED_ON_TIME
    # The same completion without the extension would have been late.
    refused = PartFactory(
        directive=DirectiveFactory(deadline=part.directive.deadline),
        agency=part.agency,
        status=TaskStatus.DONE,
        completed_on=finished_on,
    )
    late = Part.objects.with_timeliness(granted + timedelta(days=60)).get(pk=refused.pk)
    assert late.timeliness == Timeliness.COMPLETED_LATE
