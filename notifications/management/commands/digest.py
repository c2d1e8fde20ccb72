import json

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from notifications.management.commands.notify import (
    ExitCode,
    add_sending_arguments,
    as_of_date,
    exit_with,
    send_within,
)
from notifications.services import run_digest


class Command(BaseCommand):
    help = (
        "Write the weekly digests as of a day (today by default): each agency's overdue and upcoming tasks "
        "to its heads, the province-wide summary to the office and leaders; then send the outbox. "
        "Once per week and recipient. With --dry-run nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of", default=None, help="The day of the digest, YYYY-MM-DD (default: today)."
        )
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; write nothing.")
        parser.add_argument("--agency", type=int, default=None, help="Only this agency's digest (its id).")
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="How to print the result."
        )
        add_sending_arguments(parser)

    def handle(self, *args, **options):
        as_of = as_of_date(options["as_of"])
        agency_id = options["agency"]
        if agency_id is not None and not Agency.objects.filter(pk=agency_id).exists():
            raise CommandError(f"No agency with id {agency_id}.")
        report = run_digest(as_of, dry_run=options["dry_run"], agency_id=agency_id)
        sent, code = None, ExitCode.DONE
        if not options["dry_run"] and not options["no_send"]:
            sent, code = send_within(self, options["time_limit"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            exit_with(code)
            return
        verb = "Would send" if options["dry_run"] else "Wrote"
        self.stdout.write(
            f"{verb} {len(report.notifications)} digest(s) for the week of {report.week.isoformat()}."
        )
        for entry in report.notifications:
            self.stdout.write(f"  {entry['agency'] or 'province'} → {entry['recipient']}")
        if sent is not None:
            self.stdout.write(f"Sent {sent.sent} email(s); {sent.retrying} to retry, {sent.failed} failed.")
        exit_with(code)
