"""A scan or a photo uploaded for import: read by OCR in a Celery job, its progress shown, then reviewed."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directives.choices import ReadingState
from directives.models import DocumentReading
from directives.readings import run_document_reading
from reading import ocr
from tasktracker.celery import app
from tests.reading.scans import DPI, scanned_png, seed_excerpt

IMPORT_URL = "/notices/import/"
needs_ocr = pytest.mark.skipif(
    bool(ocr.missing_ocr_tools()), reason="OCR needs tesseract-ocr, tesseract-ocr-vie, poppler-utils"
)


@pytest.fixture
def office_client(client, office_staff):
    client.force_login(office_staff)
    return client


def reading_url(reading) -> str:
    return reverse("directives:notice_import_reading", args=[reading.pk])


@needs_ocr
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_photo_is_read_by_a_real_worker_and_goes_on_to_the_review(office_client, registry, monkeypatch):
    monkeypatch.setattr(ocr, "OCR_DPI", DPI)
    photo = SimpleUploadedFile("anh-chup-thong-bao.png", scanned_png(seed_excerpt()))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        response = office_client.post(IMPORT_URL, {"document": photo})
        reading = DocumentReading.objects.get()
        assert response.status_code == 302 and response["Location"] == reading_url(reading)
        first = office_client.get(reading_url(reading))
        assert "Đang đọc bản quét" in first.content.decode()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            poll = office_client.get(reading_url(reading), HTTP_HX_REQUEST="true")
            if poll.get("HX-Redirect"):
                break
            assert 'hx-trigger="every 1s"' in poll.content.decode()
            time.sleep(0.5)
    assert poll["HX-Redirect"] == reading_url(reading)

    review = office_client.get(reading_url(reading)).content.decode()
    assert "Rà soát thông báo nhập vào" in review
    assert "125/TB-UBND" in review
    assert "Sở Công Thương chủ trì, phối hợp với cơ quan liên quan" in review
    reading.refresh_from_db()
    assert (reading.state, reading.pages_done, reading.pages_total, bytes(reading.content)) == (
        ReadingState.DONE,
        1,
        1,
        b"",
    )
    assert run_document_reading(reading.pk) == ReadingState.DONE  # run twice: nothing read again


@pytest.mark.django_db
def test_while_reading_the_page_shows_the_pages_read(office_client, office_staff):
    reading = DocumentReading.objects.create(
        uploaded_by=office_staff, filename="scan.pdf", state=ReadingState.RUNNING, pages_done=1, pages_total=3
    )
    fragment = office_client.get(reading_url(reading), HTTP_HX_REQUEST="true").content.decode()
    assert "Đã đọc 1/3 trang" in fragment
    assert '<progress max="3" value="1"' in fragment
    assert "<html" not in fragment
    page = office_client.get(reading_url(reading)).content.decode()
    assert "<html" in page and 'http-equiv="refresh"' in page  # without JavaScript the page reloads itself


@pytest.mark.django_db
def test_a_failed_reading_says_why(office_client, office_staff):
    reading = DocumentReading.objects.create(
        uploaded_by=office_staff,
        filename="scan.pdf",
        state=ReadingState.FAILED,
        error="Không nhận dạng được chữ (OCR) trong bản quét.",
    )
    page = office_client.get(reading_url(reading)).content.decode()
    assert "Không nhận dạng được chữ (OCR) trong bản quét." in page
    assert 'hx-trigger="every 1s"' not in page


@pytest.mark.django_db
def test_a_text_that_is_no_notice_is_told_after_reading(office_client, office_staff):
    reading = DocumentReading.objects.create(
        uploaded_by=office_staff, filename="anh.jpg", state=ReadingState.DONE, text="Ảnh chụp phong cảnh."
    )
    response = office_client.get(reading_url(reading))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Văn bản này không giao nhiệm vụ cho cơ quan nào" in page
    assert f'href="{reverse("directives:notice_new")}"' in page


@pytest.mark.django_db
def test_nobody_else_sees_a_reading(client, office_staff, roles, office):
    from accounts.models import Role
    from tests.factories import UserFactory

    reading = DocumentReading.objects.create(uploaded_by=office_staff, filename="scan.pdf", text="bí mật")
    colleague = UserFactory(username="vanphong2", agency=office, role=roles[Role.OFFICE_STAFF])
    client.force_login(colleague)
    assert client.get(reading_url(reading)).status_code == 404


@pytest.mark.django_db
def test_without_tesseract_the_upload_says_so_and_queues_nothing(office_client, monkeypatch):
    monkeypatch.setattr(ocr, "missing_ocr_tools", lambda: ("tesseract-ocr", "tesseract-ocr-vie"))
    response = office_client.post(
        IMPORT_URL, {"document": SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "máy chủ chưa cài" in page and "tesseract-ocr-vie" in page
    assert not DocumentReading.objects.exists()
