"""A note without a status change, and a concurrent edit that keeps what the second person typed."""

from datetime import date

import pytest
from django.db.models import F
from django.urls import reverse

from directives.choices import TaskStatus, UpdateKind
from directives.forms import ProgressForm
from directives.models import Directive, Part
from directives.services import KEEP_STATUS, correct_directive, record_progress
from tests.factories import AgencyFactory, DirectiveFactory, PartFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def part(agency):
    return PartFactory(agency=agency, directive=DirectiveFactory(deadline=date(2024, 3, 31)))


def reported_done(part, user):
    record_progress(part_id=part.pk, user=user, status=TaskStatus.REPORTED_DONE, note="Đã xong")
    part.refresh_from_db()
    return part


@pytest.mark.parametrize("status", [TaskStatus.NOT_STARTED, TaskStatus.REPORTED_DONE, TaskStatus.DONE])
def test_the_progress_form_offers_keeping_the_status_first(part, agency_head, status):
    part.status = status
    part.completed_on = date(2024, 3, 20) if status == TaskStatus.DONE else None
    part.save()
    form = ProgressForm(part=part, user=agency_head)
    choices = [value for value, _label in form.fields["status"].choices]
    assert choices[0] == KEEP_STATUS
    assert form.fields["status"].initial == KEEP_STATUS
    assert status not in choices  # keeping it is the first choice, not offered twice


def test_a_note_on_a_reported_task_keeps_its_status(part, agency_head):
    part = reported_done(part, agency_head)
    version = part.version
    update = record_progress(
        part_id=part.pk,
        user=agency_head,
        status=KEEP_STATUS,
        note="Bổ sung biên bản nghiệm thu.",
        expected_version=version,
    )
    part.refresh_from_db()
    assert part.status == TaskStatus.REPORTED_DONE
    assert part.version == version + 1
    assert (update.kind, update.status_before, update.status_after) == (
        UpdateKind.PROGRESS,
        TaskStatus.REPORTED_DONE,
        TaskStatus.REPORTED_DONE,
    )


def test_a_note_on_a_completed_task_keeps_its_status_and_completion_date(part, agency_head, office_staff):
    part = reported_done(part, agency_head)
    record_progress(
        part_id=part.pk, user=office_staff, status=TaskStatus.DONE, completed_on=date(2024, 3, 20)
    )
    form = ProgressForm(
        {
            "status": KEEP_STATUS,
            "note": "Gửi thêm ảnh hiện trường.",
            "version": Part.objects.get().version,
        },
        part=Part.objects.get(),
        user=agency_head,
    )
    assert form.is_valid(), form.errors
    form.save()
    part.refresh_from_db()
    assert (part.status, part.completed_on) == (TaskStatus.DONE, date(2024, 3, 20))


def test_the_api_records_a_note_without_a_status(client, part, agency_head):
    part = reported_done(part, agency_head)
    client.force_login(agency_head)
    response = client.post(
        "/api/v1/progress-updates/",
        {"part": part.pk, "note": "Bổ sung hồ sơ.", "version": part.version},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status_after"] == TaskStatus.REPORTED_DONE
    part.refresh_from_db()
    assert part.status == TaskStatus.REPORTED_DONE


def test_a_stale_note_is_still_refused(part, agency_head):
    from directives.exceptions import EditConflict

    with pytest.raises(EditConflict):
        record_progress(
            part_id=part.pk,
            user=agency_head,
            status=KEEP_STATUS,
            note="x",
            expected_version=part.version + 1,
        )


def test_a_stale_progress_report_shows_the_other_change_and_keeps_what_was_typed(
    client, part, agency_head, agency_staff
):
    seen = part.version
    record_progress(
        part_id=part.pk, user=agency_staff, status=TaskStatus.IN_PROGRESS, note="Đã họp tổ công tác"
    )
    client.force_login(agency_head)
    url = reverse("directives:part_progress", args=[part.directive_id, part.pk])
    prefix = f"part{part.pk}"
    mine = {
        f"{prefix}-status": TaskStatus.REPORTED_DONE,
        f"{prefix}-note": "Đã trình UBND tỉnh.",
        f"{prefix}-version": seen,
    }
    response = client.post(url, mine)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Đã họp tổ công tác" in page  # the other person's change, beside
    assert "Đã trình UBND tỉnh." in page  # what this person typed, kept
    form = next(p.progress_form for p in response.context["parts"] if p.pk == part.pk)
    part.refresh_from_db()
    assert form[("version")].value() == str(part.version)
    assert part.status == TaskStatus.IN_PROGRESS  # nothing of the stale report was saved

    resubmitted = {**mine, f"{prefix}-version": form["version"].value()}
    assert client.post(url, resubmitted).status_code == 302
    part.refresh_from_db()
    assert part.status == TaskStatus.REPORTED_DONE
    assert part.updates.latest("created_at", "id").note == "Đã trình UBND tỉnh."


def test_a_stale_progress_report_on_a_part_changed_without_history_keeps_what_was_typed(
    client, part, agency_head
):
    seen = part.version
    Part.objects.filter(pk=part.pk).update(version=F("version") + 1)  # as an edit in the admin leaves it
    assert not part.updates.exists()
    client.force_login(agency_head)
    url = reverse("directives:part_progress", args=[part.directive_id, part.pk])
    prefix = f"part{part.pk}"
    response = client.post(
        url,
        {
            f"{prefix}-status": TaskStatus.IN_PROGRESS,
            f"{prefix}-note": "Đã trình UBND tỉnh.",
            f"{prefix}-version": seen,
        },
    )
    assert response.status_code == 400
    assert "Đã trình UBND tỉnh." in response.content.decode()
    form = next(p.progress_form for p in response.context["parts"] if p.pk == part.pk)
    assert form["version"].value() == str(seen + 1)
    assert not part.updates.exists()


def test_a_stale_correction_shows_the_saved_values_beside_mine(client, office_staff):
    directive = DirectiveFactory(title="Đề án tiêu thoát nước", deadline=date(2024, 6, 30))
    PartFactory(directive=directive)
    seen = directive.version
    correct_directive(
        directive_id=directive.pk,
        user=office_staff,
        changes={"deadline": date(2024, 9, 30)},
        supporting_agencies=[AgencyFactory(name="Sở Xây dựng")],
    )
    client.force_login(office_staff)
    url = reverse("directives:directive_edit", args=[directive.pk])
    mine = {
        "title": "Đề án tiêu thoát nước các khu công nghiệp",
        "text": directive.text,
        "deadline": "30/06/2024",
        "recurrence": "none",
        "version": seen,
    }
    response = client.post(url, mine)
    assert response.status_code == 400
    differences = {label: (saved, yours) for label, saved, yours in response.context["differences"]}
    form = response.context["form"]
    labels = {name: str(form.fields[name].label) for name in ("title", "deadline", "supporting_agencies")}
    assert differences[labels["deadline"]] == ("30/09/2024", "30/06/2024")
    assert differences[labels["title"]] == (
        "Đề án tiêu thoát nước",
        "Đề án tiêu thoát nước các khu công nghiệp",
    )
    assert differences[labels["supporting_agencies"]] == ("Sở Xây dựng", "")
    assert form["title"].value() == "Đề án tiêu thoát nước các khu công nghiệp"
    assert form["version"].value() == str(Directive.objects.get().version)
    assert Directive.objects.get().title == "Đề án tiêu thoát nước"

    response = client.post(url, {**mine, "version": form["version"].value()})
    assert response.status_code == 302
    assert Directive.objects.get().title == "Đề án tiêu thoát nước các khu công nghiệp"


@pytest.mark.parametrize("empty", ["completed_on", "version"])
def test_the_api_refuses_an_empty_date_or_version_sent_as_form_data(client, part, office_staff, empty):
    client.force_login(office_staff)
    fields = {
        "part": part.pk,
        "note": "Bổ sung hồ sơ.",
        "completed_on": "2024-01-01",
        "version": part.version,
    }
    response = client.post("/api/v1/progress-updates/", {**fields, empty: ""})
    assert response.status_code == 400
    assert empty in str(response.json())
    assert not part.updates.exists()
    assert client.post("/api/v1/progress-updates/", fields).status_code == 201
