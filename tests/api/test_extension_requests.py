"""/api/v1/extension-requests/: scoped as the task pages, asked by the lead agency (multipart, with its
evidence), decided by the office; refusals in the one error shape (403 who asks, 409 the task's state)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from directives.choices import ExtensionRequestStatus, TaskStatus, UpdateKind
from directives.models import ExtensionRequest, Part, ProgressUpdate
from tests.factories import DirectiveFactory, PartFactory
from workdays.calendar import add_working_days

pytestmark = pytest.mark.django_db

URL = "/api/v1/extension-requests/"


@pytest.fixture
def part(agency):
    task = DirectiveFactory(number="6.3", deadline=add_working_days(timezone.localdate(), 15))
    return PartFactory(directive=task, agency=agency, status=TaskStatus.IN_PROGRESS)


@pytest.fixture
def other_part(other_agency):
    task = DirectiveFactory(number="6.4", deadline=add_working_days(timezone.localdate(), 15))
    return PartFactory(directive=task, agency=other_agency)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def ask(user, part, /, **overrides):
    data = {
        "part": part.pk,
        "proposed_deadline": (part.directive.deadline + timedelta(days=30)).isoformat(),
        "reason": "Chờ kết quả đo đạc địa chính khu đất.",
        "evidence": SimpleUploadedFile("to-trinh-gia-han.pdf", b"%PDF-1.4 To trinh"),
        **overrides,
    }
    sent = {name: value for name, value in data.items() if value is not None}  # None: left out
    return api(user).post(URL, sent, format="multipart")


def test_the_lead_agency_asks_through_the_api(client, agency_head, part):
    response = ask(agency_head, part, version=0)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == ExtensionRequestStatus.PENDING and body["part"] == part.pk
    assert body["proposed_deadline"] == (part.directive.deadline + timedelta(days=30)).isoformat()
    client.force_login(agency_head)  # the evidence is a page's download, for those who see the task
    download = client.get(body["evidence_url"])
    assert b"".join(download.streaming_content) == b"%PDF-1.4 To trinh"
    entry = ProgressUpdate.objects.get(part=part)
    assert entry.kind == UpdateKind.EXTENSION_REQUESTED


def test_a_client_written_before_the_rename_asks_with_task_and_reads_task(agency_head, part):
    response = ask(agency_head, part, part=None, task=part.pk)
    assert response.status_code == 201, response.json()
    assert response.json()["task"] == response.json()["part"] == part.pk
    refused = ask(agency_head, part, part=None, task="abc")
    assert refused.status_code == 400 and set(refused.json()["error"]["fields"]) == {"task"}


def test_the_list_is_scoped_to_the_tasks_one_sees(
    agency_head, other_agency_head, office_staff, part, other_part
):
    ask(agency_head, part)
    ask(other_agency_head, other_part)
    mine = [row["part"] for row in api(agency_head).get(URL).json()["results"]]
    assert mine == [part.pk]
    assert sorted(row["part"] for row in api(office_staff).get(URL).json()["results"]) == sorted(
        [part.pk, other_part.pk]
    )
    theirs = ExtensionRequest.objects.get(part=other_part)
    assert api(agency_head).get(f"{URL}{theirs.pk}/").status_code == 404


def test_who_may_not_ask_gets_403_and_an_unseen_task_404(office_staff, leader, other_agency_head, part):
    for user in (office_staff, leader):
        response = ask(user, part)
        assert response.status_code == 403
        assert set(response.json()["error"]) == {"status", "code", "message", "fields"}
    assert ask(other_agency_head, part).status_code == 404
    assert not ExtensionRequest.objects.exists()


def test_bad_fields_are_400_and_refusals_409(agency_head, part):
    response = ask(agency_head, part, evidence=SimpleUploadedFile("gia-han.exe", b"MZ"))
    assert response.status_code == 400 and "evidence" in response.json()["error"]["fields"]
    response = ask(agency_head, part, proposed_deadline="30/02/2030")
    assert response.status_code == 400 and "proposed_deadline" in response.json()["error"]["fields"]
    response = ask(agency_head, part, proposed_deadline=part.directive.deadline.isoformat())
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert ask(agency_head, part).status_code == 201
    assert ask(agency_head, part).status_code == 409  # one request waits per part
    assert ExtensionRequest.objects.count() == 1


def test_the_office_approves_and_a_stale_decision_is_409(agency_head, office_staff, part):
    request_id = ask(agency_head, part).json()["id"]
    granted = (part.directive.deadline + timedelta(days=25)).isoformat()
    stale = api(office_staff).post(
        f"{URL}{request_id}/approve/",
        {"granted_deadline": granted, "note": "Đồng ý", "version": 0},
        format="json",
    )
    assert stale.status_code == 409
    assert Part.objects.get(pk=part.pk).extended_deadline is None
    version = Part.objects.get(pk=part.pk).version
    response = api(office_staff).post(
        f"{URL}{request_id}/approve/",
        {"granted_deadline": granted, "note": "Văn bản số 56/UBND-TH", "version": version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == ExtensionRequestStatus.APPROVED
    assert response.json()["granted_deadline"] == granted
    assert Part.objects.get(pk=part.pk).effective_deadline.isoformat() == granted
    again = api(office_staff).post(f"{URL}{request_id}/refuse/", {"reason": "Không"}, format="json")
    assert again.status_code == 409


def test_only_the_office_decides(agency_head, leader, office_staff, part):
    request_id = ask(agency_head, part).json()["id"]
    for user in (agency_head, leader):
        response = api(user).post(f"{URL}{request_id}/refuse/", {"reason": "Không"}, format="json")
        assert response.status_code == 403
    response = api(office_staff).post(f"{URL}{request_id}/refuse/", {"reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["error"]["fields"]
    response = api(office_staff).post(
        f"{URL}{request_id}/refuse/", {"reason": "Đề nghị hoàn thành đúng hạn."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == ExtensionRequestStatus.REFUSED
    assert response.json()["decision_note"] == "Đề nghị hoàn thành đúng hạn."
