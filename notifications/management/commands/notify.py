import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.exceptions import MailServerUnavailable
from notifications.services import run_sweep, send_due_messages


def as_of_date(value: str | None) -> date:
    """The --as-of day (YYYY-MM-DD), today in the site's time zone when not given."""
    if not value:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of takes a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Run the reminder and escalation sweep as of a day (today by default): write what is due to the "
        "outbox and the in-app lists, each once, then send the outbox. With --dry-run nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of", default=None, help="The day to sweep as of, YYYY-MM-DD (default: today)."
        )
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; write nothing.")
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="How to print the result."
        )
        parser.add_argument(
            "--no-send", action="store_true", help="Only write the outbox; leave sending to the worker."
        )

    def handle(self, *args, **options):
        as_of = as_of_date(options["as_of"])
        report = run_sweep(as_of, dry_run=options["dry_run"], itemized=True)
        sent = None
        if not options["dry_run"] and not options["no_send"]:
            try:
                sent = send_due_messages()
            except MailServerUnavailable as error:
                self.stderr.write(f"The mail server is unavailable ({error}); the worker will retry.")
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            return
        verb = "Would send" if options["dry_run"] else "Wrote"
        self.stdout.write(f"{verb} {report.written} notification(s) as of {as_of.isoformat()}.")
        for entry in report.notifications:
            level = f" level {entry['level']}" if entry["level"] else ""
            self.stdout.write(
                f"  {entry['kind']}{level}: task {entry['task']} ({entry['notice']}), {entry['agency']} "
                f"→ {entry['recipient']}"
            )
        if report.closed_escalations:
            self.stdout.write(f"Closed {report.closed_escalations} escalation(s).")
        if sent is not None:
            self.stdout.write(f"Sent {sent.sent} email(s); {sent.retrying} to retry, {sent.failed} failed.")
