"""In real Chromium: the Content-Security-Policy blocks nothing the app needs, and a locked login says so."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from directives.models import Directive
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "demo12345"


@pytest.fixture
def demo(roles):
    call_command("seed_demo")


@pytest.fixture
def csp_violations(page):
    """Every message Chromium writes about something the policy refused."""
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return refused


def test_the_pages_of_the_office_run_under_the_policy(page, demo, csp_violations):
    log_in(page, "vanphong", PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Bảng điều hành"))).to_be_visible()
    task = Directive.objects.tasks().get(number="4.2")
    for url in [
        reverse("directives:directive_list"),
        reverse("directives:directive_detail", args=[task.pk]),
        reverse("directives:notice_import"),
        reverse("accounts:token_list"),
        reverse("admin:index"),
        reverse("admin:directives_directive_change", args=[task.pk]),
        reverse("api:docs"),
        reverse("api:redoc"),
    ]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    # The language menu works without inline handlers (static/js/app.js), in the admin too.
    page.goto(reverse("admin:index"))
    page.locator("#language-switch").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # Only what comes from elsewhere was refused (ReDoc's logo from its CDN): nothing the app itself needs.
    assert [text for text in csp_violations if "cdn.redoc.ly" not in text] == []


def test_a_person_creates_a_token_and_sees_it_once(page, demo, csp_violations):
    log_in(page, "bqlkcn", PASSWORD)
    page.goto(reverse("accounts:token_list"))
    page.get_by_label("Dùng cho việc gì?").fill("Hệ thống một cửa")
    page.get_by_role("button", name="Tạo mã").click()
    token = page.locator(".token-value").inner_text()
    assert len(token) > 60
    page.goto(reverse("accounts:token_list"))
    expect(page.get_by_text("Hệ thống một cửa")).to_be_visible()
    assert token not in page.content()
    assert csp_violations == []


def test_the_sixth_wrong_password_shows_the_lockout_page(page, demo):
    for _attempt in range(5):
        log_in(page, "lanhdao", "sai-mat-khau")
        expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    log_in(page, "lanhdao", "sai-mat-khau")
    expect(page.get_by_role("heading", name="Tạm khóa đăng nhập")).to_be_visible()
    expect(page.get_by_text("15 phút")).to_be_visible()
    log_in(page, "lanhdao", PASSWORD)
    expect(page.get_by_role("heading", name="Tạm khóa đăng nhập")).to_be_visible()
