"""A scan or a photo uploaded for import: read by OCR in a Celery job, its progress shown, then reviewed."""

import importlib
import time
from datetime import timedelta
from io import StringIO

import pytest
from celery.contrib.testing.worker import start_worker
from django.apps import apps as django_apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from kombu import Connection
from kombu.exceptions import OperationalError

from directives import tasks
from directives.choices import ReadingState
from directives.management.commands.seed_demo import DEMO_NOTICE_FILE
from directives.models import DocumentReading
from directives.readings import PUBLISH_RETRY_POLICY, delete_stale_readings, run_document_reading
from reading import ocr
from tasktracker.broker import RedisTransport
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


@needs_ocr
@pytest.mark.django_db
def test_with_the_queue_unreachable_the_scan_waits_and_is_queued_once_it_answers(office_client, monkeypatch):
    """The broker refusing connections makes Celery raise kombu's OperationalError (as from a Redis that is
    down): the upload is kept and its page says so; a poll once the broker answers queues it, once."""
    queued = []

    def broker_down(arguments, **options):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.read_document, "apply_async", broker_down)
    photo = SimpleUploadedFile("anh-chup-thong-bao.png", scanned_png(seed_excerpt()))
    response = office_client.post(IMPORT_URL, {"document": photo})
    reading = DocumentReading.objects.get()
    assert response.status_code == 302 and response["Location"] == reading_url(reading)
    assert reading.state == ReadingState.QUEUED and reading.queued_at is None and bytes(reading.content)
    page = office_client.get(reading_url(reading)).content.decode()
    assert "Chưa liên lạc được với hàng đợi đọc bản quét" in page and 'hx-trigger="every 1s"' in page

    monkeypatch.setattr(
        tasks.read_document, "apply_async", lambda arguments, **options: queued.append(arguments)
    )
    poll = office_client.get(reading_url(reading), HTTP_HX_REQUEST="true").content.decode()
    office_client.get(reading_url(reading), HTTP_HX_REQUEST="true")
    assert queued == [(reading.pk,)]
    assert "Chưa liên lạc được" not in poll and 'hx-trigger="every 1s"' in poll
    reading.refresh_from_db()
    assert reading.queued_at is not None


@pytest.mark.timeout(90)
def test_a_broker_that_stops_answering_fails_the_publish_in_seconds(own_redis):
    """A Redis broker frozen (SIGSTOP: what a cut-off network looks like) held a publish, and the upload
    with it, for good; with the settings' socket timeouts and the upload's retry policy it fails in about
    three of them."""
    options = settings.NETWORK_BROKER_OPTIONS
    with Connection(own_redis.url, transport=RedisTransport, transport_options=options) as connection:
        tasks.read_document.apply_async((1,), connection=connection, retry_policy=PUBLISH_RETRY_POLICY)
        own_redis.freeze()
        started = time.monotonic()
        with pytest.raises(OperationalError):
            tasks.read_document.apply_async((2,), connection=connection, retry_policy=PUBLISH_RETRY_POLICY)
        assert time.monotonic() - started < 4 * options["socket_timeout"]


# ---------------------------------------------------------------------------------------------------
# Clean-up: a reading from which no notice was ever saved does not keep its text and file forever


def _reading_uploaded_days_ago(user, days: int, **fields) -> DocumentReading:
    reading = DocumentReading.objects.create(uploaded_by=user, filename=f"scan-{days}.pdf", **fields)
    DocumentReading.objects.filter(pk=reading.pk).update(created_at=timezone.now() - timedelta(days=days))
    return reading


@pytest.fixture
def readings_of_all_ages(office_staff):
    """Readings of every kind around a 30-day retention, named by what the clean-up must do with them."""
    return {
        "old_never_confirmed": _reading_uploaded_days_ago(
            office_staff, 31, state=ReadingState.DONE, text="Thông báo đọc được"
        ),
        "old_failed": _reading_uploaded_days_ago(office_staff, 45, state=ReadingState.FAILED, error="x"),
        "old_queued_with_file": _reading_uploaded_days_ago(office_staff, 40, content=b"%PDF-1.4 scan"),
        "old_confirmed": _reading_uploaded_days_ago(
            office_staff, 90, state=ReadingState.DONE, text="Đã nhập", confirmed_at=timezone.now()
        ),
        "recent_never_confirmed": _reading_uploaded_days_ago(
            office_staff, 29, state=ReadingState.DONE, text="Còn chờ rà soát"
        ),
    }


def _left() -> set[str]:
    return set(DocumentReading.objects.values_list("filename", flat=True))


@pytest.mark.django_db
def test_readings_never_confirmed_are_deleted_after_the_retention_with_their_file(readings_of_all_ages):
    deleted = delete_stale_readings()  # the setting's default: 30 days

    assert deleted == 3
    assert _left() == {
        readings_of_all_ages[name].filename for name in ("old_confirmed", "recent_never_confirmed")
    }
    assert delete_stale_readings() == 0  # run twice: nothing more to delete


@pytest.mark.django_db
def test_the_retention_is_a_setting(readings_of_all_ages, settings):
    settings.DOCUMENT_READING_RETENTION_DAYS = 60

    assert delete_stale_readings() == 0  # only the confirmed one is older than 60 days...
    assert len(_left()) == 5
    settings.DOCUMENT_READING_RETENTION_DAYS = 7
    assert delete_stale_readings() == 4  # ...but with 7 days every unconfirmed one goes
    assert _left() == {readings_of_all_ages["old_confirmed"].filename}


@pytest.mark.django_db
def test_the_command_and_the_beat_job_call_the_same_clean_up(readings_of_all_ages):
    from directives.tasks import delete_stale_readings as job

    out = StringIO()
    call_command("delete_stale_readings", "--days", "35", stdout=out)
    assert out.getvalue().strip() == "Deleted 2 readings never confirmed."  # the 40- and 45-day-old ones
    assert job.acks_late and job.soft_time_limit < job.time_limit
    assert job.apply().get() == 1  # the 31-day-old one, by the default of 30 days
    assert _left() == {
        readings_of_all_ages[name].filename for name in ("old_confirmed", "recent_never_confirmed")
    }


@pytest.mark.django_db
def test_the_command_refuses_a_negative_retention(readings_of_all_ages):
    with pytest.raises(CommandError, match="negative"):
        call_command("delete_stale_readings", "--days", "-1")
    assert len(_left()) == 5


@pytest.mark.django_db
def test_the_clean_up_is_in_the_beat_schedule_once():
    migration = importlib.import_module("directives.migrations.0017_stale_readings_schedule")
    migration.create_schedule(django_apps, None)
    migration.create_schedule(django_apps, None)  # and again: nothing twice

    entry = PeriodicTask.objects.get(task="directives.delete_stale_readings")
    assert (entry.crontab.minute, entry.crontab.hour, entry.crontab.day_of_week) == ("40", "3", "*")
    assert settings.CELERY_TASK_ROUTES["directives.delete_stale_readings"] == {"queue": "sweep"}


@pytest.mark.django_db
def test_saving_the_notice_from_a_reading_confirms_it_and_keeps_it_from_the_clean_up(
    registry, office_client, office_staff
):
    from tests.directives.test_import_views import CONFIRM_URL, form_data, task_index

    reading = _reading_uploaded_days_ago(
        office_staff, 40, state=ReadingState.DONE, text=DEMO_NOTICE_FILE.read_text(encoding="utf-8")
    )
    other = _reading_uploaded_days_ago(office_staff, 40, state=ReadingState.DONE, text="Một bản quét khác")
    response = office_client.get(reading_url(reading))
    review = response.context["review"]
    assert f'name="notice-reading" value="{reading.pk}"' in response.content.decode()

    data = form_data(review)
    data[f"task-{task_index(data, '6.2')}-deadline"] = "30/06/2024"  # the seed's vague deadline, set
    assert office_client.post(CONFIRM_URL, data).status_code == 302

    reading.refresh_from_db()
    assert reading.confirmed_at is not None
    assert delete_stale_readings() == 1
    assert _left() == {reading.filename}
    assert not DocumentReading.objects.filter(pk=other.pk).exists()


@pytest.mark.django_db
def test_a_forged_reading_id_confirms_nobody_elses_reading(roles, office, office_staff):
    from accounts.models import Role
    from directives.readings import confirm_document_reading
    from tests.factories import UserFactory

    reading = DocumentReading.objects.create(uploaded_by=office_staff, filename="scan.pdf")
    colleague = UserFactory(username="vanphong2", agency=office, role=roles[Role.OFFICE_STAFF])

    assert confirm_document_reading(reading.pk, colleague) is False
    assert confirm_document_reading(None, office_staff) is False
    assert confirm_document_reading(reading.pk, office_staff) is True
    assert confirm_document_reading(reading.pk, office_staff) is False  # already confirmed
