"""Progress, completion and extensions go through the services, which keep the history."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from directives.choices import TaskStatus, UpdateKind
from directives.exceptions import ProgressRejected
from directives.models import Part, ProgressUpdate
from directives.services import (
    LEAD_AGENCY_MOVES,
    OFFICE_MOVES,
    allowed_statuses,
    extend_deadline,
    record_progress,
)
from tests.factories import DirectiveFactory, PartFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def part(agency):
    return PartFactory(agency=agency, directive=DirectiveFactory(deadline=date(2024, 3, 31)))


@pytest.mark.parametrize("status", TaskStatus.values)
def test_the_statuses_allowed_are_the_moves_in_the_order_of_the_choices(
    part, agency_head, office_staff, status
):
    part.status = status
    for user, moves in ((agency_head, LEAD_AGENCY_MOVES), (office_staff, OFFICE_MOVES)):
        allowed = allowed_statuses(user, part)
        assert allowed == [value for value in TaskStatus.values if value in moves[TaskStatus(status)]]
        allowed.append("changed by a caller")  # each call gets a list of its own
        assert "changed by a caller" not in allowed_statuses(user, part)
    part.status = "retired"  # not a status: refused as TaskStatus refuses it
    with pytest.raises(ValueError, match="'retired' is not a valid TaskStatus"):
        TaskStatus(part.status)
    for user in (agency_head, office_staff):
        with pytest.raises(ValueError, match="'retired' is not a valid TaskStatus"):
            allowed_statuses(user, part)


def test_a_lead_agency_reports_progress_and_completion(part, agency_staff):
    update = record_progress(
        part_id=part.pk, user=agency_staff, status=TaskStatus.IN_PROGRESS, note="Đã họp triển khai"
    )
    assert (update.kind, update.status_before, update.status_after) == (
        UpdateKind.PROGRESS,
        TaskStatus.NOT_STARTED,
        TaskStatus.IN_PROGRESS,
    )
    assert update.agency == agency_staff.agency
    evidence = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    report = record_progress(
        part_id=part.pk, user=agency_staff, status=TaskStatus.REPORTED_DONE, evidence=evidence
    )
    assert report.kind == UpdateKind.COMPLETION_REPORTED
    assert report.evidence.name.endswith(".pdf")
    part.refresh_from_db()
    assert part.status == TaskStatus.REPORTED_DONE
    assert part.completed_on is None


def test_the_office_accepts_completion_dated_the_day_it_was_reported(part, agency_head, office_staff):
    record_progress(part_id=part.pk, user=agency_head, status=TaskStatus.REPORTED_DONE, note="Xong")
    accepted = record_progress(part_id=part.pk, user=office_staff, status=TaskStatus.DONE)
    assert accepted.kind == UpdateKind.COMPLETION_ACCEPTED
    part.refresh_from_db()
    assert part.status == TaskStatus.DONE
    assert part.completed_on == timezone.localdate()


def test_the_office_rejects_a_reported_completion_with_a_reason(part, agency_head, office_staff):
    record_progress(part_id=part.pk, user=agency_head, status=TaskStatus.REPORTED_DONE, note="Xong")
    with pytest.raises(ProgressRejected):
        record_progress(part_id=part.pk, user=office_staff, status=TaskStatus.IN_PROGRESS)
    rejected = record_progress(
        part_id=part.pk, user=office_staff, status=TaskStatus.IN_PROGRESS, note="Thiếu báo cáo"
    )
    assert rejected.kind == UpdateKind.COMPLETION_REJECTED


@pytest.mark.parametrize("status", [TaskStatus.DONE, TaskStatus.CANCELLED])
def test_a_lead_agency_cannot_close_its_own_task(part, agency_head, status):
    with pytest.raises(ProgressRejected):
        record_progress(part_id=part.pk, user=agency_head, status=status, note="Tự đóng")
    part.refresh_from_db()
    assert part.status == TaskStatus.NOT_STARTED
    assert not part.updates.exists()


@pytest.mark.parametrize("user_fixture", ["other_agency_head", "leader"])
def test_others_cannot_update_an_agency_task(request, part, user_fixture):
    with pytest.raises(ProgressRejected):
        record_progress(
            part_id=part.pk,
            user=request.getfixturevalue(user_fixture),
            status=TaskStatus.IN_PROGRESS,
            note="Không phải việc của tôi",
        )
    assert not part.updates.exists()


def test_an_update_needs_a_note_or_evidence(part, agency_staff):
    with pytest.raises(ProgressRejected):
        record_progress(part_id=part.pk, user=agency_staff, status=TaskStatus.IN_PROGRESS, note="   ")


def test_a_future_completion_date_is_refused(part, office_staff):
    with pytest.raises(ProgressRejected):
        record_progress(
            part_id=part.pk,
            user=office_staff,
            status=TaskStatus.DONE,
            note="Hoàn thành",
            completed_on=timezone.localdate() + timedelta(days=1),
        )
    part.refresh_from_db()
    assert part.status == TaskStatus.NOT_STARTED


def test_history_is_append_only(part, agency_staff):
    update = record_progress(part_id=part.pk, user=agency_staff, status=TaskStatus.IN_PROGRESS, note="A")
    update.note = "Viết lại lịch sử"
    with pytest.raises(ValidationError):
        update.save()
    with pytest.raises(ValidationError):
        update.delete()
    with pytest.raises(TypeError):
        ProgressUpdate.objects.filter(pk=update.pk).update(note="B")
    with pytest.raises(TypeError):
        ProgressUpdate.objects.filter(pk=update.pk).delete()
    assert ProgressUpdate.objects.get(pk=update.pk).note == "A"


def test_the_office_extends_a_deadline(part, office_staff, agency_head):
    with pytest.raises(ProgressRejected):
        extend_deadline(part_id=part.pk, user=agency_head, new_deadline=date(2024, 4, 30), note="Xin gia hạn")
    with pytest.raises(ProgressRejected):
        extend_deadline(part_id=part.pk, user=office_staff, new_deadline=date(2024, 3, 1), note="Sớm hơn")
    entry = extend_deadline(
        part_id=part.pk, user=office_staff, new_deadline=date(2024, 4, 30), note="Theo Văn bản số 12"
    )
    assert (entry.deadline_before, entry.deadline_after) == (date(2024, 3, 31), date(2024, 4, 30))
    assert Part.objects.get(pk=part.pk).deadline == date(2024, 4, 30)
