"""Office staff import the seed notice in the browser: upload, edit a deadline on the review page, confirm."""

from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from agencies.models import Agency
from directives.management.commands.seed_demo import DEMO_NOTICE_FILE
from directives.models import Notice
from tests.browser.conftest import ARTIFACTS, PHONE, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SEED = DEMO_NOTICE_FILE


@pytest.fixture
def office_user(roles, registry):
    return UserFactory(
        username="vanphong",
        agency=Agency.objects.get(name="Văn phòng UBND tỉnh"),
        role=roles[Role.OFFICE_STAFF],
        password="mat-khau-2024",
    )


def test_upload_edit_a_deadline_confirm_and_see_the_tasks(page, office_user):
    log_in(page, "vanphong", "mat-khau-2024")
    page.get_by_role("link", name="Nhập thông báo").first.click()
    page.get_by_label("Tệp thông báo").set_input_files(str(SEED))
    page.get_by_role("button", name="Đọc thông báo").click()

    expect(page.get_by_role("heading", name="Rà soát thông báo nhập vào")).to_be_visible()
    item = page.locator('[data-item="6.2"]')
    expect(item.get_by_text("Thời hạn không rõ ràng: cần đặt ngày")).to_be_visible()
    item.get_by_label("Thời hạn", exact=True).fill("30/06/2024")
    page.screenshot(path=str(ARTIFACTS / "import-review.png"), full_page=False)
    page.get_by_role("button", name="Lưu thông báo").click()

    expect(page.get_by_text("Đã nhập thông báo với 15 nhiệm vụ.")).to_be_visible()
    expect(page.locator("#item-6\\.5")).to_contain_text("UBND thị xã Việt Yên")
    expect(page.locator("#item-6\\.2")).to_contain_text("30/06/2024")
    expect(page.locator("#item-4\\.2")).to_contain_text("30/06/2024")
    notice = Notice.objects.get()
    assert notice.directives.get(number="6.2").deadline == date(2024, 6, 30)
    assert notice.directives.tasks().count() == 15


def test_cancel_saves_nothing(page, office_user):
    log_in(page, "vanphong", "mat-khau-2024")
    page.goto("/notices/import/")
    page.get_by_label("Tệp thông báo").set_input_files(str(SEED))
    page.get_by_role("button", name="Đọc thông báo").click()
    page.get_by_role("link", name="Hủy").last.click()
    expect(page.get_by_role("heading", name="Nhập thông báo")).to_be_visible()
    assert not Notice.objects.exists()


def test_the_review_page_fits_a_phone(page, office_user):
    page.set_viewport_size(PHONE)
    log_in(page, "vanphong", "mat-khau-2024")
    page.goto("/notices/import/")
    page.get_by_label("Tệp thông báo").set_input_files(str(SEED))
    page.get_by_role("button", name="Đọc thông báo").click()
    expect(page.get_by_role("heading", name="Rà soát thông báo nhập vào")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
