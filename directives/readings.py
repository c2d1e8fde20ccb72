"""Scans and photos of notices, read by OCR in a background job: queued on upload, run by the worker;
marked confirmed when a notice is saved from their review, deleted when never confirmed."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from directives.choices import ReadingState
from directives.models import DocumentReading
from reading.documents import UnreadableDocument, read_notice_document

logger = logging.getLogger(__name__)

# An upload waits for its publish: one retry, not Celery's three, against a broker that does not answer
# (each try takes up to the broker's socket timeout, 5 s).
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def queue_document_reading(user, filename: str, content: bytes) -> DocumentReading:
    """Keep the uploaded scan and queue its reading once the upload is committed."""
    reading = DocumentReading.objects.create(uploaded_by=user, filename=filename[:255], content=content)
    transaction.on_commit(lambda: send_to_reader(reading.pk))
    return reading


def send_to_reader(reading_id: int) -> bool:
    """Put a waiting reading's job on the queue; returns whether this call did.

    While the queue (the broker) cannot be reached the reading waits, kept, with no `queued_at`: its page,
    which polls, tries again (`send_waiting_to_reader`). Taking `queued_at` first makes two polls at once
    queue it once.
    """
    from directives.tasks import read_document

    claimed = DocumentReading.objects.filter(
        pk=reading_id, queued_at__isnull=True, state=ReadingState.QUEUED
    ).update(queued_at=timezone.now())
    if not claimed:
        return False
    try:
        read_document.apply_async((reading_id,), retry_policy=PUBLISH_RETRY_POLICY)
    except OperationalError as error:
        logger.warning("Reading %s waits: the queue cannot be reached (%s)", reading_id, error)
        DocumentReading.objects.filter(pk=reading_id).update(queued_at=None)
        return False
    return True


def send_waiting_to_reader(reading: DocumentReading) -> None:
    """Queue a reading whose job could not be queued yet (the broker was down), as its page polls."""
    if reading.state == ReadingState.QUEUED and reading.queued_at is None and send_to_reader(reading.pk):
        reading.queued_at = timezone.now()


def run_document_reading(reading_id: int) -> str:
    """Read a queued scan by OCR, noting each page done; returns the state it ends in.

    Safe to run twice: a reading already done or failed is left alone, and a redelivered one is read
    again from its file (which is kept until the text is saved).
    """
    with transaction.atomic():
        reading = (
            DocumentReading.objects.select_for_update(skip_locked=True)
            .filter(pk=reading_id, state__in=[ReadingState.QUEUED, ReadingState.RUNNING])
            .first()
        )
        if reading is None:
            return DocumentReading.objects.filter(pk=reading_id).values_list("state", flat=True).first() or ""
        reading.state = ReadingState.RUNNING
        reading.save(update_fields=["state", "updated_at"])
    content = bytes(reading.content)

    def progress(done: int, total: int) -> None:
        DocumentReading.objects.filter(pk=reading_id).update(pages_done=done, pages_total=total)

    try:
        text = read_notice_document(reading.filename, content, ocr=True, progress=progress)
    except UnreadableDocument as error:
        _finish(reading_id, state=ReadingState.FAILED, error=error.message)
        return ReadingState.FAILED
    except Exception:
        _finish(reading_id, state=ReadingState.FAILED, error=_("The scan could not be read."))
        raise
    _finish(reading_id, state=ReadingState.DONE, text=text)
    return ReadingState.DONE


def _finish(reading_id: int, **fields) -> None:
    DocumentReading.objects.filter(pk=reading_id).update(content=b"", **fields)


def confirm_document_reading(reading_id: int | None, user) -> bool:
    """Note that a notice was saved from the review of `user`'s reading `reading_id` (kept, not cleaned up).

    Returns whether a reading was marked; an unknown id, another person's reading or one already confirmed
    is left alone.
    """
    if not reading_id:
        return False
    marked = (
        DocumentReading.objects.of(user)
        .filter(pk=reading_id, confirmed_at__isnull=True)
        .update(confirmed_at=timezone.now())
    )
    return bool(marked)


def delete_stale_readings(now: datetime | None = None, days: int | None = None) -> int:
    """Delete the readings never confirmed that were uploaded more than `days` ago (the setting
    DOCUMENT_READING_RETENTION_DAYS by default), with the file and text they keep; returns how many.

    Safe to run twice or beside a worker: a reading a worker holds locked is left for the next run.
    """
    days = settings.DOCUMENT_READING_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    with transaction.atomic():
        stale = list(
            DocumentReading.objects.never_confirmed_since(cutoff)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        deleted, _by_model = DocumentReading.objects.filter(pk__in=stale).delete()
    return deleted
