"""Scans and photos of notices, read by OCR in a background job: queued on upload, run by the worker."""

from django.db import transaction
from django.utils.translation import gettext as _

from directives.choices import ReadingState
from directives.models import DocumentReading
from reading.documents import UnreadableDocument, read_notice_document


def queue_document_reading(user, filename: str, content: bytes) -> DocumentReading:
    """Keep the uploaded scan and queue its reading once the upload is committed."""
    from directives.tasks import read_document

    reading = DocumentReading.objects.create(uploaded_by=user, filename=filename[:255], content=content)
    transaction.on_commit(lambda: read_document.delay(reading.pk))
    return reading


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
