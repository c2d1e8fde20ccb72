"""Background jobs of the directives app. Thin: each calls one service."""

from celery import shared_task

from directives import readings


@shared_task(name="directives.read_document", acks_late=True, soft_time_limit=14 * 60, time_limit=15 * 60)
def read_document(reading_id: int) -> str:
    """Read an uploaded scan by OCR (directives.readings); returns the state it ends in."""
    return readings.run_document_reading(reading_id)


@shared_task(
    name="directives.delete_stale_readings", acks_late=True, soft_time_limit=5 * 60, time_limit=6 * 60
)
def delete_stale_readings() -> int:
    """Daily: delete the scans' readings never confirmed within the retention period; returns how many."""
    return readings.delete_stale_readings()
