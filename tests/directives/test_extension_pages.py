"""The task page's extension requests and the dashboard's queue, through the pages."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directives.choices import ExtensionRequestStatus, TaskStatus
from directives.extensions import request_extension
from directives.models import ExtensionRequest, Part, ProgressUpdate
from directives.services import record_progress
from tests.factories import DirectiveFactory, PartFactory
from workdays.calendar import add_working_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def part(agency):
    task = DirectiveFactory(
        number="3.2",
        title="Hoàn thiện hạ tầng KCN Quang Châu",
        deadline=add_working_days(timezone.localdate(), 12),
    )
    return PartFactory(directive=task, agency=agency, status=TaskStatus.IN_PROGRESS)


def task_url(part):
    return reverse("directives:directive_detail", args=[part.directive_id])


def pending(part, user):
    return request_extension(
        part_id=part.pk,
        user=user,
        reason="Vướng giải phóng mặt bằng 2,3 ha.",
        proposed_deadline=part.directive.deadline + timedelta(days=45),
        evidence=SimpleUploadedFile("bien-ban-gpmb.pdf", b"%PDF-1.4"),
    )


def test_the_lead_agency_is_offered_the_request_form_and_others_are_not(
    client, part, agency_head, office_staff, leader
):
    client.force_login(agency_head)
    assert b"extension-request-form" in client.get(task_url(part)).content
    for user in (office_staff, leader):
        client.force_login(user)
        assert b"extension-request-form" not in client.get(task_url(part)).content


def test_a_bad_date_is_explained_and_nothing_is_saved(client, part, agency_head):
    client.force_login(agency_head)
    prefix = f"ask{part.pk}"
    response = client.post(
        reverse("directives:part_extension_request", args=[part.directive_id, part.pk]),
        {
            f"{prefix}-proposed_deadline": "31/02/2030",
            f"{prefix}-reason": "Vướng giải phóng mặt bằng",
            f"{prefix}-evidence": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4"),
            f"{prefix}-version": part.version,
        },
    )
    assert response.status_code == 400
    assert response.context["parts"][0].request_form.errors["proposed_deadline"]
    assert not ExtensionRequest.objects.exists() and not ProgressUpdate.objects.exists()


def test_too_late_a_request_says_until_when_it_could_be_asked(client, agency, agency_head):
    late = PartFactory(
        directive=DirectiveFactory(deadline=add_working_days(timezone.localdate(), 2)), agency=agency
    )
    client.force_login(agency_head)
    prefix = f"ask{late.pk}"
    response = client.post(
        reverse("directives:part_extension_request", args=[late.directive_id, late.pk]),
        {
            f"{prefix}-proposed_deadline": (late.directive.deadline + timedelta(days=20)).strftime(
                "%d/%m/%Y"
            ),
            f"{prefix}-reason": "Vướng giải phóng mặt bằng",
            f"{prefix}-evidence": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4"),
            f"{prefix}-version": late.version,
        },
    )
    assert response.status_code == 400
    errors = response.context["parts"][0].request_form.non_field_errors()
    assert late.directive.deadline.strftime("%d/%m/%Y") in errors[0]
    assert not ExtensionRequest.objects.exists()


def test_a_stale_approval_keeps_what_was_typed_and_goes_through_when_sent_again(
    client, part, agency_head, agency_staff, office_staff
):
    extension_request = pending(part, agency_head)
    seen = Part.objects.get(pk=part.pk).version
    record_progress(part_id=part.pk, user=agency_staff, status=TaskStatus.IN_PROGRESS, note="Đã đo đạc")
    client.force_login(office_staff)
    prefix = f"approve{extension_request.pk}"
    granted = (part.directive.deadline + timedelta(days=30)).strftime("%d/%m/%Y")
    typed = {
        f"{prefix}-granted_deadline": granted,
        f"{prefix}-note": "Văn bản số 77/UBND-KTN",
        f"{prefix}-version": seen,
    }
    url = reverse("directives:extension_approve", args=[extension_request.pk])
    response = client.post(url, typed)
    assert response.status_code == 400
    form = response.context["parts"][0].approval_form
    assert form.non_field_errors() and form["note"].value() == "Văn bản số 77/UBND-KTN"
    assert int(form["version"].value()) == Part.objects.get(pk=part.pk).version
    assert ExtensionRequest.objects.get().is_pending
    # The office read the change beside its decision; sent again on top of it, it is recorded.
    response = client.post(url, {**typed, f"{prefix}-version": form["version"].value()})
    assert response.status_code == 302
    assert ExtensionRequest.objects.get().status == ExtensionRequestStatus.APPROVED
    page = client.get(task_url(part)).content.decode()
    assert "Văn bản số 77/UBND-KTN" in page


def test_the_dashboard_queues_the_pending_requests(client, part, agency_head, office_staff, leader):
    client.force_login(office_staff)
    assert list(client.get(reverse("reporting:dashboard")).context["extension_requests"]) == []
    extension_request = pending(part, agency_head)
    for user in (office_staff, leader):
        client.force_login(user)
        response = client.get(reverse("reporting:dashboard"))
        assert list(response.context["extension_requests"]) == [extension_request]
        assert f"#extension-request-{extension_request.pk}".encode() in response.content


def extension_request_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    # The requests' own query (the parts' query asks only whether one exists, in a subquery).
    return [
        query["sql"] for query in captured if query["sql"].startswith('SELECT "directives_extensionrequest"')
    ]


def test_the_task_page_reads_extension_requests_only_for_a_part_that_has_one_pending(
    client, part, agency, other_agency, agency_head, office_staff
):
    other = PartFactory(directive=part.directive, agency=other_agency, status=TaskStatus.IN_PROGRESS)
    client.force_login(office_staff)
    assert extension_request_queries(client, task_url(part)) == []  # the parts say none is pending

    request = pending(part, agency_head)
    content = client.get(task_url(part)).content.decode()
    assert f'id="extension-request-{request.pk}"' in content
    assert f'action="/extension-requests/{request.pk}/approve/"' in content
    assert len(extension_request_queries(client, task_url(part))) == 1

    request.status = ExtensionRequestStatus.REFUSED  # decided: no longer pending, no longer shown
    request.save(update_fields=["status"])
    assert f"extension-request-{request.pk}" not in client.get(task_url(other)).content.decode()
    assert extension_request_queries(client, task_url(part)) == []
