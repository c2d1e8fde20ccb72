from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from directives.readings import delete_stale_readings


class Command(BaseCommand):
    help = (
        "Delete the readings of uploaded scans (their text and file) from which no notice was ever saved, "
        "once they are older than DOCUMENT_READING_RETENTION_DAYS days (or --days). "
        "Celery beat runs the same clean-up daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Keep readings younger than this many days (default: the setting, now "
            f"{settings.DOCUMENT_READING_RETENTION_DAYS}).",
        )

    def handle(self, *args, **options):
        days = options["days"]
        if days is not None and days < 0:
            raise CommandError("--days cannot be negative.")
        deleted = delete_stale_readings(days=days)
        self.stdout.write(f"Deleted {deleted} readings never confirmed.")
