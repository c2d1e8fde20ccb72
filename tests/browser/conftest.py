"""Browser tests: real Chromium (Debian's package) driven by Playwright against Django's live server."""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 740}
# A browser test that takes longer than this hangs: it fails instead of holding up the suite.
TIMEOUT_SECONDS = 90


def pytest_collection_modifyitems(config, items):
    """Every test in this folder is a browser test: `make test-fast` leaves it out, and under pytest-xdist
    (`--dist loadgroup`) all of them run in one process, one Chromium at a time."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(TIMEOUT_SECONDS))


def chromium_path():
    """Chromium from CHROMIUM_PATH, else Debian's `chromium` on the PATH."""
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module; Playwright's event loop runs only while that module's tests do."""
    path = chromium_path()
    if not path:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package.")
        pytest.skip("Browser tests need Chromium (apt-get install chromium), or CHROMIUM_PATH.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread, inside which Django's ORM refuses to
    # run unless told: allowed here, while the browser runs, for the browser tests only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


def log_in(page, username, password):
    """Sign in through the login page, as a person would."""
    page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
