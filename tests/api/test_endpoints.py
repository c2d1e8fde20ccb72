"""REST API v1: the same visibility and rules as the pages, one error shape, constant queries."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from accounts.models import ApiToken
from directives.choices import TaskStatus
from directives.filtersets import PartFilterSet
from directives.models import Part, ProgressUpdate
from tests.factories import AgencyFactory, DirectiveFactory, NoticeFactory, PartFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def tasks(agency, other_agency):
    notice = NoticeFactory(number="7/TB-UBND")
    mine = PartFactory(
        directive=DirectiveFactory(notice=notice, title="Tiêu thoát nước", text="Đề án tiêu thoát nước"),
        agency=agency,
        status=TaskStatus.IN_PROGRESS,
    )
    supported = DirectiveFactory(notice=notice, title="Dự toán", text="Hướng dẫn dự toán", deadline=TODAY)
    supported.supporting_agencies.add(agency)
    theirs = PartFactory(directive=supported, agency=other_agency)
    hidden = PartFactory(directive=DirectiveFactory(notice=NoticeFactory()), agency=other_agency)
    return {"mine": mine, "supported": theirs, "hidden": hidden}


def api(user=None, token=False):
    client = APIClient()
    if user is not None and token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.objects.create(user=user, name='test')[1]}")
    elif user is not None:
        client.force_authenticate(user)
    return client


def ids(response):
    return sorted(row["id"] for row in response.json()["results"])


def test_anonymous_calls_are_refused_with_the_error_shape(tasks):
    response = api().get("/api/v1/parts/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert set(response.json()["error"]) == {"status", "code", "message", "fields"}


def test_an_agency_token_sees_only_its_tasks(agency_staff, tasks):
    client = api(agency_staff, token=True)
    assert ids(client.get("/api/v1/parts/")) == sorted([tasks["mine"].pk, tasks["supported"].pk])
    assert client.get(f"/api/v1/parts/{tasks['hidden'].pk}/").status_code == 404
    assert client.get(f"/api/v1/directives/{tasks['hidden'].directive_id}/").status_code == 404
    assert len(client.get("/api/v1/notices/").json()["results"]) == 1
    assert client.get("/api/v1/dashboard/").status_code == 403


@pytest.mark.parametrize("user_fixture", ["office_staff", "leader"])
def test_the_office_and_leaders_see_everything(request, user_fixture, tasks):
    client = api(request.getfixturevalue(user_fixture))
    assert len(ids(client.get("/api/v1/parts/"))) == 3
    dashboard = client.get("/api/v1/dashboard/").json()
    assert sum(dashboard["overall"].values()) == 3
    assert {row["agency"]["name"] for row in dashboard["by_agency"]} == {
        "Ban Quản lý các khu công nghiệp tỉnh",
        "Sở Tài chính",
    }


def test_the_task_filters_are_the_pages_filters(office_staff, tasks, agency):
    client = api(office_staff)
    assert ids(client.get("/api/v1/parts/", {"q": "tieu thoat"})) == [tasks["mine"].pk]
    assert ids(client.get("/api/v1/parts/", {"agency": agency.pk})) == [tasks["mine"].pk]
    assert ids(client.get("/api/v1/parts/", {"supporting_agency": agency.pk})) == [tasks["supported"].pk]
    assert ids(client.get("/api/v1/parts/", {"status": ["in_progress"]})) == [tasks["mine"].pk]
    assert ids(client.get("/api/v1/parts/", {"agency": 999999})) == []
    day = TODAY.isoformat()
    assert ids(client.get("/api/v1/parts/", {"deadline_after": day, "deadline_before": day})) == [
        tasks["supported"].pk
    ]


def test_a_list_asked_for_no_filter_builds_no_filter_set(office_staff, tasks, monkeypatch):
    built = []
    original_init = PartFilterSet.__init__

    def recording_init(self, *args, **kwargs):
        built.append(kwargs.get("data"))
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(PartFilterSet, "__init__", recording_init)
    client = api(office_staff)
    every_part = sorted(part.pk for part in tasks.values())
    assert ids(client.get("/api/v1/parts/", {"page": 1, "page_size": 10})) == every_part
    assert built == []
    assert ids(client.get("/api/v1/parts/", {"deadline_after": TODAY.isoformat()})) == [tasks["supported"].pk]
    assert len(built) == 1


def test_my_tasks_lead_and_support(agency_head, tasks):
    client = api(agency_head)
    assert ids(client.get("/api/v1/me/tasks/")) == [tasks["mine"].pk]
    assert ids(client.get("/api/v1/me/tasks/", {"role": "support"})) == [tasks["supported"].pk]
    assert client.get("/api/v1/me/tasks/", {"role": "boss"}).status_code == 400


def test_a_progress_report_through_the_api_follows_the_page_rules(agency_staff, tasks):
    client = api(agency_staff, token=True)
    part = tasks["mine"]
    response = client.post(
        "/api/v1/progress-updates/",
        {"part": part.pk, "status": "reported_done", "note": "Đã trình đề án", "version": part.version},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status_after"] == "reported_done"
    assert Part.objects.get(pk=part.pk).status == TaskStatus.REPORTED_DONE
    # The agency may not close its own task: the workflow refuses it (409), and nothing is written.
    refused = client.post(
        "/api/v1/progress-updates/", {"part": part.pk, "status": "done", "note": "x"}, format="json"
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "conflict"
    stale = client.post(
        "/api/v1/progress-updates/",
        {"part": part.pk, "status": "in_progress", "note": "y", "version": 0},
        format="json",
    )
    assert stale.status_code == 409
    assert ProgressUpdate.objects.filter(part=part).count() == 1


def test_reports_on_other_agencies_tasks_are_refused(agency_staff, leader, tasks):
    client = api(agency_staff)
    supported = client.post(
        "/api/v1/progress-updates/",
        {"part": tasks["supported"].pk, "status": "in_progress", "note": "z"},
        format="json",
    )
    assert supported.status_code == 403
    hidden = client.post(
        "/api/v1/progress-updates/",
        {"part": tasks["hidden"].pk, "status": "in_progress", "note": "z"},
        format="json",
    )
    assert hidden.status_code == 404
    as_leader = api(leader).post(
        "/api/v1/progress-updates/",
        {"part": tasks["mine"].pk, "status": "in_progress", "note": "z"},
        format="json",
    )
    assert as_leader.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_the_api_and_the_page_refuse_a_report_with_the_same_words(client, agency_staff, tasks):
    from django.urls import reverse

    part = tasks["mine"]
    client.force_login(agency_staff)
    on_page = client.post(
        reverse("directives:part_progress", args=[part.directive_id, part.pk]),
        {f"part{part.pk}-status": "in_progress", f"part{part.pk}-note": "", f"part{part.pk}-version": 0},
    )
    through_api = api(agency_staff).post(
        "/api/v1/progress-updates/", {"part": part.pk, "status": "in_progress", "note": ""}, format="json"
    )
    # A report without a note or evidence: the service refuses it, the page on the form, the API with 409.
    assert on_page.status_code == 400
    assert through_api.status_code == 409
    page_errors = on_page.context["parts"][0].progress_form.non_field_errors()
    assert list(page_errors) == [through_api.json()["error"]["message"]]
    assert not ProgressUpdate.objects.filter(part=part).exists()


def test_domain_refusals_are_answered_by_the_exception_handler():
    from directives.exceptions import EditConflict, ProgressNotPermitted, ProgressRejected
    from tasktracker.api.exceptions import api_exception_handler

    for error, status_code, code in [
        (ProgressNotPermitted("Không được cập nhật"), 403, "permission_denied"),
        (ProgressRejected("Không thể chuyển"), 409, "conflict"),
        (EditConflict("Đã có người sửa"), 409, "conflict"),
    ]:
        response = api_exception_handler(error, {})
        assert response.status_code == status_code
        assert response.data["error"]["code"] == code
        assert response.data["error"]["message"] == error.message


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "in_progress"}, "part"),
        ({"part": "abc", "status": "in_progress"}, "part"),
        ({"task": "abc", "status": "in_progress"}, "task"),  # the former name: the error names what was sent
        ({"part": "MINE", "status": "flying"}, "status"),
        ({"part": "MINE", "status": "in_progress", "completed_on": "31/02/2024"}, "completed_on"),
        ({"part": "MINE", "status": "in_progress", "note": "x" * 5001}, "note"),
    ],
)
def test_bad_input_gets_field_messages_never_a_server_error(agency_staff, tasks, body, field):
    body = {key: (tasks["mine"].pk if value == "MINE" else value) for key, value in body.items()}
    response = api(agency_staff).post("/api/v1/progress-updates/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_evidence_is_checked_like_on_the_page(agency_staff, tasks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    part = tasks["mine"]
    bad = SimpleUploadedFile("run.exe", b"MZ")
    response = api(agency_staff).post(
        "/api/v1/progress-updates/",
        {"part": part.pk, "status": "in_progress", "evidence": bad},
        format="multipart",
    )
    assert response.status_code == 400
    assert "evidence" in response.json()["error"]["fields"]
    good = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4")
    response = api(agency_staff).post(
        "/api/v1/progress-updates/",
        {"part": part.pk, "status": "in_progress", "evidence": good},
        format="multipart",
    )
    assert response.status_code == 201
    assert response.json()["evidence_url"].startswith("/evidence/")


@pytest.mark.parametrize(
    "query",
    [
        {"page": "0"},
        {"page_size": "1000"},
        {"page_size": "abc"},
        {"agency": ""},
        {"agency": ["1", "2"]},
        {"deadline_after": "2024-13-01"},
        {"status": "flying"},
    ],
)
def test_bad_query_parameters_are_400s(office_staff, tasks, query):
    response = api(office_staff).get("/api/v1/parts/", query)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]


def test_an_unknown_api_address_answers_in_json(office_staff):
    response = api(office_staff).get("/api/v1/parts/0.5/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_pages_are_stable_and_complete(office_staff, agency):
    notice = NoticeFactory()
    for _ in range(7):
        PartFactory(directive=DirectiveFactory(notice=notice, deadline=TODAY), agency=agency)
    client = api(office_staff)
    seen = []
    for page in (1, 2, 3):
        seen += ids(client.get("/api/v1/parts/", {"page_size": 3, "page": page, "ordering": "deadline"}))
    assert len(seen) == len(set(seen)) == 7


def test_throttling_per_user(office_staff, monkeypatch):
    cache.clear()
    monkeypatch.setitem(UserRateThrottle.THROTTLE_RATES, "user", "3/minute")
    client = api(office_staff)
    statuses = [client.get("/api/v1/agencies/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    cache.clear()


def grow(agency, other_agency, count):
    notice = NoticeFactory()
    for index in range(count):
        directive = DirectiveFactory(notice=notice, deadline=TODAY + timedelta(days=index))
        directive.supporting_agencies.add(other_agency)
        PartFactory(directive=directive, agency=agency)
        ProgressUpdate.objects.create(
            part=PartFactory(directive=directive, agency=AgencyFactory()),
            status_before="not_started",
            status_after="in_progress",
            note="x",
        )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/parts/",
        "/api/v1/tasks/",
        "/api/v1/directives/",
        "/api/v1/notices/",
        "/api/v1/agencies/",
        "/api/v1/progress-updates/",
        "/api/v1/me/tasks/",
        "/api/v1/dashboard/",
    ],
)
def test_list_endpoints_run_a_constant_number_of_queries(office_staff, agency, other_agency, url):
    client = api(office_staff)
    grow(agency, other_agency, 3)
    client.get(url)
    cache.clear()  # the dashboard's figures are counted afresh for both, not taken from the cache
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(agency, other_agency, 20)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_schema_and_its_documentation_are_served_by_the_app(office_staff):
    client = api(office_staff)
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/parts/", "/api/v1/progress-updates/", "/api/v1/dashboard/", "/api/v1/me/tasks/"} <= set(
        paths
    )
    parameters = {parameter["name"] for parameter in paths["/api/v1/parts/"]["get"]["parameters"]}
    assert {"q", "agency", "timeliness", "deadline_after", "ordering", "page"} <= parameters
    docs = client.get("/api/v1/docs/").content.decode()
    assert "drf_spectacular_sidecar" in docs or "/static/" in docs
    assert "cdn" not in docs.lower()


# ---------------------------------------------------------------------------------------------------
# `/api/v1/tasks/`: the parts' endpoint before issue #16 named it after them, kept as a deprecated alias

# The fields `/api/v1/tasks/` answered with before the rename: its clients read these.
FIELDS_OF_THE_TASKS_ENDPOINT = {
    "id",
    "directive",
    "number",
    "title",
    "notice",
    "agency",
    "supporting_agencies",
    "status",
    "deadline",
    "deadline_text",
    "extended_deadline",
    "recurrence",
    "timeliness",
    "completed_on",
    "version",
    "url",
}


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "tieu thoat"},
        {"supporting_agency": "AGENCY"},
        {"status": ["in_progress"], "ordering": "-deadline"},
    ],
)
def test_the_former_tasks_endpoint_answers_as_the_parts_one_and_names_its_successor(
    agency_staff, agency, tasks, query
):
    client = api(agency_staff, token=True)
    query = {key: (agency.pk if value == "AGENCY" else value) for key, value in query.items()}
    old, new = client.get("/api/v1/tasks/", query), client.get("/api/v1/parts/", query)
    assert old.status_code == new.status_code == 200
    assert old.json() == new.json() and old.json()["results"]
    assert all(set(row) == FIELDS_OF_THE_TASKS_ENDPOINT for row in old.json()["results"])
    assert old["Deprecation"] == "true"
    assert old["Link"] == '</api/v1/parts/>; rel="successor-version"'
    assert "Deprecation" not in new and "Link" not in new


def test_a_part_read_through_the_former_address_links_to_its_new_one(agency_staff, tasks):
    client = api(agency_staff)
    part = tasks["mine"]
    old, new = client.get(f"/api/v1/tasks/{part.pk}/"), client.get(f"/api/v1/parts/{part.pk}/")
    assert old.json() == new.json() and old.json()["id"] == part.pk
    assert old["Link"] == f'</api/v1/parts/{part.pk}/>; rel="successor-version"'
    # Refusals keep the answer they had, and say where to go as well.
    hidden = client.get(f"/api/v1/tasks/{tasks['hidden'].pk}/")
    assert hidden.status_code == 404 and hidden["Deprecation"] == "true"
    assert client.get("/api/v1/tasks/", {"status": "flying"}).status_code == 400


def test_a_progress_report_names_the_part_and_older_clients_still_send_task(agency_staff, tasks):
    client = api(agency_staff)
    part = tasks["mine"]
    sent_as_before = client.post(
        "/api/v1/progress-updates/",
        {"task": part.pk, "status": "in_progress", "note": "Gửi như trước"},
        format="json",
    )
    assert sent_as_before.status_code == 201, sent_as_before.json()
    assert sent_as_before.json()["part"] == sent_as_before.json()["task"] == part.pk
    # `part` is read first when a client sends both.
    both = client.post(
        "/api/v1/progress-updates/",
        {"part": part.pk, "task": tasks["hidden"].pk, "status": "in_progress", "note": "Cả hai"},
        format="json",
    )
    assert both.status_code == 201 and both.json()["part"] == part.pk
    assert list(ProgressUpdate.objects.filter(part=part).values_list("note", flat=True)) == [
        "Gửi như trước",
        "Cả hai",
    ]


def test_the_schema_shows_the_alias_and_the_former_field_as_deprecated(office_staff):
    schema = api(office_staff).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert paths["/api/v1/tasks/"]["get"]["deprecated"] is True
    assert paths["/api/v1/tasks/{id}/"]["get"]["deprecated"] is True
    assert "deprecated" not in paths["/api/v1/parts/"]["get"]
    assert "deprecated" not in paths["/api/v1/parts/{id}/"]["get"]
    parts_parameters = {parameter["name"] for parameter in paths["/api/v1/parts/"]["get"]["parameters"]}
    tasks_parameters = {parameter["name"] for parameter in paths["/api/v1/tasks/"]["get"]["parameters"]}
    assert parts_parameters == tasks_parameters
    components = schema["components"]["schemas"]
    for answer in ("ProgressUpdate", "ExtensionRequest"):
        assert components[answer]["properties"]["task"]["deprecated"] is True
        assert "deprecated" not in components[answer]["properties"]["part"]
    assert "part" in components["ProgressReportRequest"]["required"]
    assert "part" in components["ExtensionAskRequest"]["required"]
