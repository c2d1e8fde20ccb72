"""Every page of the app, for every role, against one declared table: a page without a rule fails."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import ApiToken
from directives.choices import ReadingState, TaskStatus, UpdateKind
from directives.extensions import request_extension
from directives.models import DocumentReading, Notice, ProgressUpdate
from tests.factories import DirectiveFactory, NoticeFactory, PartFactory
from workdays.calendar import add_working_days

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "office_staff", "leader", "agency_head", "agency_staff", "other_agency_head"]
# Outside the table: the admin (tests/test_admin.py), the language switch and the health check.
# Uploaded files have no URL of their own (MEDIA_URL is not served): only views that check who asks.
UNLISTED_PREFIXES = ("admin/", "i18n/", "healthz", "static/")
OK, LOGIN, DENIED, MISSING, NOT_GET, REDIRECT = 200, "login", 403, 404, 405, 302


def rule(anonymous, office_staff, leader, agency_head, agency_staff, other_agency_head):
    """The expected answer to a GET, role by role, in the order of ROLES."""
    return dict(
        zip(
            ROLES,
            [anonymous, office_staff, leader, agency_head, agency_staff, other_agency_head],
            strict=True,
        )
    )


EVERYONE_SIGNED_IN = rule(LOGIN, OK, OK, OK, OK, OK)
OFFICE_ONLY = rule(LOGIN, OK, DENIED, DENIED, DENIED, DENIED)
# The task led by the agency of agency_head and agency_staff; other_agency_head's agency has no part in it.
THE_TASK = rule(LOGIN, OK, OK, OK, OK, MISSING)

# url name → (how to build its URL from the scenario, expected answer per role).
PAGES = {
    "home": (lambda s: reverse("home"), rule(LOGIN, *[REDIRECT] * 5)),
    "login": (lambda s: reverse("login"), rule(OK, *[REDIRECT] * 5)),
    "logout": (lambda s: reverse("logout"), rule(*[NOT_GET] * 6)),
    "password_change": (lambda s: reverse("password_change"), EVERYONE_SIGNED_IN),
    "password_change_done": (lambda s: reverse("password_change_done"), EVERYONE_SIGNED_IN),
    # The province's for the office and leaders, an agency's own for its people (reporting/test_dashboard.py).
    "reporting:dashboard": (lambda s: reverse("reporting:dashboard"), EVERYONE_SIGNED_IN),
    "reporting:dashboard_export": (lambda s: reverse("reporting:dashboard_export"), EVERYONE_SIGNED_IN),
    # Agencies see their own agency's line only (tests/reporting/test_reports.py).
    "reporting:agency_report": (lambda s: reverse("reporting:agency_report"), EVERYONE_SIGNED_IN),
    "reporting:agency_report_export": (
        lambda s: reverse("reporting:agency_report_export"),
        EVERYONE_SIGNED_IN,
    ),
    "directives:my_tasks": (lambda s: reverse("directives:my_tasks"), EVERYONE_SIGNED_IN),
    "reporting:workday_calendar_now": (
        lambda s: reverse("reporting:workday_calendar_now"),
        EVERYONE_SIGNED_IN,
    ),
    "reporting:workday_calendar": (
        lambda s: reverse("reporting:workday_calendar", args=[2026]),
        EVERYONE_SIGNED_IN,
    ),
    "directives:completions_to_accept": (
        lambda s: reverse("directives:completions_to_accept"),
        OFFICE_ONLY,
    ),
    "directives:saved_filter_save": (
        lambda s: reverse("directives:saved_filter_save"),
        rule(LOGIN, *[NOT_GET] * 5),
    ),
    "directives:saved_filter_delete": (
        lambda s: reverse("directives:saved_filter_delete", args=[1]),
        rule(LOGIN, *[NOT_GET] * 5),
    ),
    "directives:agency_list": (lambda s: reverse("directives:agency_list"), OFFICE_ONLY),
    "directives:agency_reorganise": (
        lambda s: reverse("directives:agency_reorganise", args=[s["part"].agency_id]),
        OFFICE_ONLY,
    ),
    "directives:my_calendar": (lambda s: reverse("directives:my_calendar"), EVERYONE_SIGNED_IN),
    # The address is the key: an unknown one is not found, whoever asks (see test_calendar_feed.py).
    "directives:calendar_feed": (
        lambda s: reverse("directives:calendar_feed", args=["unknown-secret"]),
        rule(*[MISSING] * 6),
    ),
    "directives:directive_list": (lambda s: reverse("directives:directive_list"), EVERYONE_SIGNED_IN),
    "directives:directive_export": (lambda s: reverse("directives:directive_export"), EVERYONE_SIGNED_IN),
    "directives:directive_export_xlsx": (
        lambda s: reverse("directives:directive_export_xlsx"),
        EVERYONE_SIGNED_IN,
    ),
    "directives:directive_detail": (
        lambda s: reverse("directives:directive_detail", args=[s["task"].pk]),
        THE_TASK,
    ),
    "directives:directive_edit": (
        lambda s: reverse("directives:directive_edit", args=[s["task"].pk]),
        OFFICE_ONLY,
    ),
    "directives:part_progress": (
        lambda s: reverse("directives:part_progress", args=[s["task"].pk, s["part"].pk]),
        rule(LOGIN, *[NOT_GET] * 5),
    ),
    "directives:part_extend": (
        lambda s: reverse("directives:part_extend", args=[s["task"].pk, s["part"].pk]),
        rule(LOGIN, NOT_GET, DENIED, DENIED, DENIED, DENIED),
    ),
    "directives:part_extension_request": (
        lambda s: reverse("directives:part_extension_request", args=[s["dated_task"].pk, s["dated_part"].pk]),
        rule(LOGIN, *[NOT_GET] * 5),
    ),
    "directives:extension_approve": (
        lambda s: reverse("directives:extension_approve", args=[s["extension_request"].pk]),
        rule(LOGIN, NOT_GET, DENIED, DENIED, DENIED, DENIED),
    ),
    "directives:extension_refuse": (
        lambda s: reverse("directives:extension_refuse", args=[s["extension_request"].pk]),
        rule(LOGIN, NOT_GET, DENIED, DENIED, DENIED, DENIED),
    ),
    "directives:evidence_download": (
        lambda s: reverse("directives:evidence_download", args=[s["evidence"].pk]),
        THE_TASK,
    ),
    "directives:notice_list": (lambda s: reverse("directives:notice_list"), EVERYONE_SIGNED_IN),
    "directives:notice_detail": (
        lambda s: reverse("directives:notice_detail", args=[s["notice"].pk]),
        THE_TASK,
    ),
    "directives:notice_source_download": (
        lambda s: reverse("directives:notice_source_download", args=[s["notice"].pk]),
        THE_TASK,
    ),
    # Everyone manages their own API tokens; a token is found only among its owner's (agency_head's).
    "accounts:token_list": (lambda s: reverse("accounts:token_list"), EVERYONE_SIGNED_IN),
    "accounts:token_revoke": (
        lambda s: reverse("accounts:token_revoke", args=[s["token"].token_key]),
        rule(LOGIN, *[NOT_GET] * 5),
    ),
    "directives:notice_import": (lambda s: reverse("directives:notice_import"), OFFICE_ONLY),
    "directives:notice_new": (lambda s: reverse("directives:notice_new"), OFFICE_ONLY),
    "directives:notice_import_reading": (
        lambda s: reverse("directives:notice_import_reading", args=[s["reading"].pk]),
        OFFICE_ONLY,  # and only the one who uploaded it (tests/directives/test_document_reading.py)
    ),
    "directives:notice_import_confirm": (
        lambda s: reverse("directives:notice_import_confirm"),
        rule(LOGIN, NOT_GET, DENIED, DENIED, DENIED, DENIED),
    ),
    "notifications:list": (lambda s: reverse("notifications:list"), EVERYONE_SIGNED_IN),
    "notifications:mark_all_read": (
        lambda s: reverse("notifications:mark_all_read"),
        rule(LOGIN, *[NOT_GET] * 5),
    ),
    "notifications:preferences": (
        lambda s: reverse("notifications:preferences"),
        rule(LOGIN, *[NOT_GET] * 5),
    ),
    # POST only, office only (tests/notifications/test_escalations.py posts to it); a GET is refused
    # before any escalation is looked up.
    "notifications:escalation_acknowledge": (
        lambda s: reverse("notifications:escalation_acknowledge", args=[1]),
        rule(LOGIN, NOT_GET, DENIED, DENIED, DENIED, DENIED),
    ),
}

API_USER = rule(401, OK, OK, OK, OK, OK)
API_THE_TASK = rule(401, OK, OK, OK, OK, MISSING)
PAGES.update(
    {
        "api:api-root": (lambda s: "/api/v1/", API_USER),
        # The schema and its documentation are for signed-in people only.
        "api:schema": (lambda s: reverse("api:schema"), API_USER),
        "api:docs": (lambda s: reverse("api:docs"), API_USER),
        "api:redoc": (lambda s: reverse("api:redoc"), API_USER),
        "api:notice-list": (lambda s: reverse("api:notice-list"), API_USER),
        "api:notice-detail": (lambda s: reverse("api:notice-detail", args=[s["notice"].pk]), API_THE_TASK),
        "api:directive-list": (lambda s: reverse("api:directive-list"), API_USER),
        "api:directive-detail": (
            lambda s: reverse("api:directive-detail", args=[s["task"].pk]),
            API_THE_TASK,
        ),
        "api:part-list": (lambda s: reverse("api:part-list"), API_USER),
        "api:part-detail": (lambda s: reverse("api:part-detail", args=[s["part"].pk]), API_THE_TASK),
        "api:task-list": (lambda s: reverse("api:task-list"), API_USER),
        "api:task-detail": (lambda s: reverse("api:task-detail", args=[s["part"].pk]), API_THE_TASK),
        "api:progress-update-list": (lambda s: reverse("api:progress-update-list"), API_USER),
        "api:progress-update-detail": (
            lambda s: reverse("api:progress-update-detail", args=[s["evidence"].pk]),
            API_THE_TASK,
        ),
        "api:agency-list": (lambda s: reverse("api:agency-list"), API_USER),
        "api:agency-detail": (lambda s: reverse("api:agency-detail", args=[s["part"].agency_id]), API_USER),
        "api:my-tasks": (lambda s: reverse("api:my-tasks"), API_USER),
        "api:extension-request-list": (lambda s: reverse("api:extension-request-list"), API_USER),
        "api:extension-request-detail": (
            lambda s: reverse("api:extension-request-detail", args=[s["extension_request"].pk]),
            API_THE_TASK,
        ),
        "api:extension-request-approve": (
            lambda s: reverse("api:extension-request-approve", args=[s["extension_request"].pk]),
            rule(
                401, *[NOT_GET] * 5
            ),  # POST only; who may is checked in tests/api/test_extension_requests.py
        ),
        "api:extension-request-refuse": (
            lambda s: reverse("api:extension-request-refuse", args=[s["extension_request"].pk]),
            rule(
                401, *[NOT_GET] * 5
            ),  # POST only; who may is checked in tests/api/test_extension_requests.py
        ),
        "api:dashboard": (lambda s: reverse("api:dashboard"), rule(401, OK, OK, DENIED, DENIED, DENIED)),
    }
)

# Changes, posted by every role: who may, and what the others get. Checked with the data unchanged after.
CHANGES = {
    "directives:part_progress": (
        lambda s: reverse("directives:part_progress", args=[s["task"].pk, s["part"].pk]),
        rule(LOGIN, REDIRECT, DENIED, REDIRECT, REDIRECT, MISSING),
    ),
    "directives:part_extend": (
        lambda s: reverse("directives:part_extend", args=[s["task"].pk, s["part"].pk]),
        rule(LOGIN, REDIRECT, DENIED, DENIED, DENIED, DENIED),
    ),
    "directives:directive_edit": (
        lambda s: reverse("directives:directive_edit", args=[s["task"].pk]),
        rule(LOGIN, REDIRECT, DENIED, DENIED, DENIED, DENIED),
    ),
    # The lead agency asks; the office decides (it never asks), a leader only reads.
    "directives:part_extension_request": (
        lambda s: reverse("directives:part_extension_request", args=[s["dated_task"].pk, s["dated_part"].pk]),
        rule(LOGIN, DENIED, DENIED, REDIRECT, REDIRECT, MISSING),
    ),
    "directives:extension_approve": (
        lambda s: reverse("directives:extension_approve", args=[s["extension_request"].pk]),
        rule(LOGIN, REDIRECT, DENIED, DENIED, DENIED, DENIED),
    ),
    "directives:extension_refuse": (
        lambda s: reverse("directives:extension_refuse", args=[s["extension_request"].pk]),
        rule(LOGIN, REDIRECT, DENIED, DENIED, DENIED, DENIED),
    ),
    # Only its owner (agency_head) revokes a token; for anyone else it does not exist, the office included.
    "accounts:token_revoke": (
        lambda s: reverse("accounts:token_revoke", args=[s["token"].token_key]),
        rule(LOGIN, MISSING, MISSING, REDIRECT, MISSING, MISSING),
    ),
}


def app_url_names():
    """The names of every URL pattern of the app, outside the unlisted prefixes."""
    names = set()

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(UNLISTED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return names


def test_every_page_has_a_declared_rule():
    assert app_url_names() == set(PAGES)


@pytest.fixture
def scenario(agency, other_agency, office_staff, agency_head):
    notice = NoticeFactory(source_file=ContentFile(b"THONG BAO", name="thong-bao.txt"))
    task = DirectiveFactory(notice=notice, deadline=None)
    part = PartFactory(directive=task, agency=agency, status=TaskStatus.IN_PROGRESS)
    evidence = ProgressUpdate.objects.create(
        part=part,
        kind=UpdateKind.PROGRESS,
        status_before=TaskStatus.NOT_STARTED,
        status_after=TaskStatus.IN_PROGRESS,
        note="Bắt đầu",
        evidence=ContentFile(b"%PDF-1.4", name="bao-cao.pdf"),
    )
    # Another notice, of another agency only, that agency users must not see.
    PartFactory(directive=DirectiveFactory(notice=NoticeFactory()), agency=other_agency)
    reading = DocumentReading.objects.create(
        uploaded_by=office_staff, filename="scan.pdf", state=ReadingState.FAILED, error="Không đọc được."
    )
    token, _key = ApiToken.objects.create(user=agency_head, name="Hệ thống một cửa")
    # Two dated tasks of the agency: one to ask about, one whose request waits for the office.
    due = add_working_days(timezone.localdate(), 30)
    dated_task = DirectiveFactory(notice=notice, deadline=due)
    dated_part = PartFactory(directive=dated_task, agency=agency, status=TaskStatus.IN_PROGRESS)
    asked_part = PartFactory(directive=DirectiveFactory(notice=notice, deadline=due), agency=agency)
    extension_request = request_extension(
        part_id=asked_part.pk,
        user=agency_head,
        reason="Chờ ý kiến của Bộ",
        proposed_deadline=due + timedelta(days=30),
        evidence=ContentFile(b"%PDF-1.4", name="de-nghi.pdf"),
    )
    return {
        "dated_task": dated_task,
        "dated_part": dated_part,
        "extension_request": extension_request,
        "notice": notice,
        "task": task,
        "part": part,
        "evidence": evidence,
        "token": token,
        "reading": reading,
    }


def expect(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access(client, request, scenario, role, name):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    build_url, expected = PAGES[name]
    response = client.get(build_url(scenario))
    expect(response, expected[role])
    assert Notice.objects.count() == 2


VALID_CHANGE = {
    "directives:part_progress": lambda s: {
        f"part{s['part'].pk}-status": TaskStatus.IN_PROGRESS,
        f"part{s['part'].pk}-note": "Đã làm thêm",
        f"part{s['part'].pk}-version": s["part"].version,
    },
    "directives:part_extend": lambda s: {
        f"extend{s['part'].pk}-new_deadline": "30/06/2030",
        f"extend{s['part'].pk}-note": "Văn bản số 1",
        f"extend{s['part'].pk}-version": s["part"].version,
    },
    "directives:directive_edit": lambda s: {
        "title": "Tên đã sửa",
        "text": s["task"].text,
        "recurrence": "none",
        "version": s["task"].version,
    },
    "directives:part_extension_request": lambda s: {
        f"ask{s['dated_part'].pk}-proposed_deadline": (
            s["dated_task"].deadline + timedelta(days=20)
        ).strftime("%d/%m/%Y"),
        f"ask{s['dated_part'].pk}-reason": "Chờ ý kiến thẩm định",
        f"ask{s['dated_part'].pk}-evidence": SimpleUploadedFile("de-nghi.pdf", b"%PDF-1.4"),
        f"ask{s['dated_part'].pk}-version": s["dated_part"].version,
    },
    "directives:extension_approve": lambda s: {
        f"approve{s['extension_request'].pk}-granted_deadline": s[
            "extension_request"
        ].proposed_deadline.strftime("%d/%m/%Y"),
        f"approve{s['extension_request'].pk}-note": "Văn bản số 2",
        f"approve{s['extension_request'].pk}-version": s["extension_request"].part.version,
    },
    "directives:extension_refuse": lambda s: {
        f"refuse{s['extension_request'].pk}-reason": "Không đủ căn cứ",
        f"refuse{s['extension_request'].pk}-version": s["extension_request"].part.version,
    },
    "accounts:token_revoke": lambda s: {},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(CHANGES))
def test_change_access(client, request, scenario, role, name):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    build_url, expected = CHANGES[name]
    updates_before = ProgressUpdate.objects.count()
    response = client.post(build_url(scenario), VALID_CHANGE[name](scenario))
    expect(response, expected[role])
    changed = (
        ProgressUpdate.objects.count() != updates_before
        or scenario["task"].__class__.objects.filter(title="Tên đã sửa").exists()
        or not ApiToken.objects.filter(pk=scenario["token"].pk).exists()
    )
    assert changed == (expected[role] == REDIRECT)
