"""Background jobs of the directives app. Thin: each calls one service."""

from celery import shared_task

from directives import readings


@shared_task(name="directives.read_document", acks_late=True, soft_time_limit=14 * 60, time_limit=15 * 60)
def read_document(reading_id: int) -> str:
    """Read an uploaded scan by OCR (directives.readings); returns the state it ends in."""
    return readings.run_document_reading(reading_id)
