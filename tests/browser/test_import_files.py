"""Office staff import the files an office really receives: a Word file numbered by Word, a PDF with text,
and a scanned PDF read by OCR in a real Celery worker while the page shows its progress."""

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import expect

from accounts.models import Role
from agencies.models import Agency
from directives.management.commands.seed_demo import DEMO_NOTICE_FILE
from directives.models import Notice
from reading import ocr
from tasktracker.celery import app
from tests.browser.conftest import ARTIFACTS, log_in
from tests.factories import UserFactory
from tests.reading.pdfs import text_pdf
from tests.reading.scans import DPI, scanned_pdf, seed_excerpt
from tests.reading.word_builder import as_word_with_automatic_numbering

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def office_user(roles, registry):
    return UserFactory(
        username="vanphong",
        agency=Agency.objects.get(name="Văn phòng UBND tỉnh"),
        role=roles[Role.OFFICE_STAFF],
        password="mat-khau-2024",
    )


def upload(page, path):
    log_in(page, "vanphong", "mat-khau-2024")
    page.goto("/notices/import/")
    page.get_by_label("Tệp thông báo").set_input_files(str(path))
    page.get_by_role("button", name="Đọc thông báo").click()


def review_and_confirm(page, tasks: int):
    expect(page.get_by_role("heading", name="Rà soát thông báo nhập vào")).to_be_visible()
    page.get_by_role("button", name="Lưu thông báo").click()
    expect(page.get_by_text(f"Đã nhập thông báo với {tasks} nhiệm vụ.")).to_be_visible()


def test_a_word_file_numbered_by_word(page, office_user, tmp_path):
    document = tmp_path / "thong-bao-danh-so-tu-dong.docx"
    document.write_bytes(as_word_with_automatic_numbering(DEMO_NOTICE_FILE.read_text(encoding="utf-8")))
    upload(page, document)

    # Word's numbers, rebuilt: `(6)` and its bullets became items 6.1 … 6.5 to review.
    expect(page.locator('[data-item="6.2"]')).to_be_visible()
    review_and_confirm(page, 15)
    expect(page.locator("#item-6\\.5")).to_contain_text("UBND thị xã Việt Yên")
    assert Notice.objects.get().directives.tasks().count() == 15


def test_a_pdf_with_text(page, office_user, tmp_path):
    document = tmp_path / "thong-bao.pdf"
    document.write_bytes(text_pdf(DEMO_NOTICE_FILE.read_text(encoding="utf-8")))
    upload(page, document)

    review_and_confirm(page, 15)
    notice = Notice.objects.get()
    lead = notice.directives.get(number="4.2").lead_agencies.get()
    assert lead.name == "Ban Quản lý các khu công nghiệp tỉnh"


@pytest.mark.skipif(bool(ocr.missing_ocr_tools()), reason="OCR needs tesseract-ocr and tesseract-ocr-vie")
@pytest.mark.celery_worker
def test_a_scanned_pdf_read_by_ocr_with_its_progress(page, office_user, tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "OCR_DPI", DPI)
    scan = tmp_path / "ban-quet.pdf"
    scan.write_bytes(scanned_pdf(seed_excerpt()))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        upload(page, scan)
        expect(page.get_by_role("heading", name="Đang đọc bản quét")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "import-scan-progress.png"))
        # htmx polls the reading; once read, the page goes on to the review by itself.
        expect(page.get_by_role("heading", name="Rà soát thông báo nhập vào")).to_be_visible(timeout=120_000)

    review_and_confirm(page, 2)
    notice = Notice.objects.get()
    assert notice.number == "125/TB-UBND"
    tasks = {task.number: task for task in notice.directives.tasks()}
    assert [agency.name for agency in tasks["6.2"].lead_agencies.all()] == ["Sở Tài chính"]
    assert str(tasks["6.2"].deadline) == "2024-03-31"
    assert [agency.name for agency in tasks["6.1"].lead_agencies.all()] == ["Sở Công Thương"]
