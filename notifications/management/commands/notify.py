import json
from datetime import date
from enum import IntEnum

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.exceptions import MailServerUnavailable
from notifications.services import SendReport, default_time_limit, run_sweep, send_due_messages


class ExitCode(IntEnum):
    """What `notify` and `digest` tell cron or a supervisor (the most pressing, when several apply)."""

    DONE = 0  # written, and everything due was sent (or left to the worker with --no-send)
    ERROR = 1  # bad arguments or an unexpected error: nothing may have been written
    SOME_FAILED = 3  # some messages failed for good this run (refused 5xx, undeliverable): see the dashboard
    OUT_OF_TIME = 4  # stopped at --time-limit with mail still due: run again
    MAIL_SERVER_UNAVAILABLE = 75  # EX_TEMPFAIL: the mail server could not be reached; nothing lost, retry


def send_within(command: BaseCommand, time_limit: float | None) -> tuple[SendReport | None, ExitCode]:
    """Send the outbox within `time_limit` seconds (the send task's by default); the report and the exit
    code it calls for."""
    time_limit = default_time_limit() if time_limit is None else time_limit
    try:
        report = send_due_messages(time_limit=time_limit)
    except MailServerUnavailable as error:
        command.stderr.write(f"The mail server is unavailable ({error}); the worker will retry.")
        return None, ExitCode.MAIL_SERVER_UNAVAILABLE
    if report.out_of_time:
        command.stderr.write(f"Stopped at the time limit ({time_limit:g} s) with mail still due.")
        return report, ExitCode.OUT_OF_TIME
    return report, ExitCode.SOME_FAILED if report.failed else ExitCode.DONE


def exit_with(code: ExitCode) -> None:
    """End the command with `code` (CommandError carries it to the process's exit status)."""
    if code != ExitCode.DONE:
        raise CommandError(f"exit {int(code)}: {code.name.lower().replace('_', ' ')}", returncode=code)


def add_sending_arguments(parser) -> None:
    parser.add_argument(
        "--no-send", action="store_true", help="Only write the outbox; leave sending to the worker."
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=None,
        help="Stop sending after this many seconds (default: the send task's limit); exit code 4 then.",
    )


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
        "outbox and the in-app lists, each once, then send the outbox. With --dry-run nothing is written. "
        "Exit codes: 0 done; 1 error; 3 some messages failed for good; 4 stopped at the time limit with "
        "mail still due; 75 the mail server is unavailable (retry later)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of", default=None, help="The day to sweep as of, YYYY-MM-DD (default: today)."
        )
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; write nothing.")
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="How to print the result."
        )
        add_sending_arguments(parser)

    def handle(self, *args, **options):
        as_of = as_of_date(options["as_of"])
        report = run_sweep(as_of, dry_run=options["dry_run"], itemized=True)
        sent, code = None, ExitCode.DONE
        if not options["dry_run"] and not options["no_send"]:
            sent, code = send_within(self, options["time_limit"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            exit_with(code)
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
        exit_with(code)
