import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directives.exceptions import ImportRejected
from directives.importing import parsed_as_json, read_notice, reviewed_as_parsed
from directives.services import import_notice
from reading.documents import UnreadableDocument
from reading.parser import NotANotice


class Command(BaseCommand):
    help = (
        "Import a conclusion notice (.docx, .pdf, .png, .jpg, .txt or .md; scans are read by OCR): "
        "its header and every task with lead and supporting "
        "agencies and deadlines. With --dry-run nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The notice: a .docx, .pdf, .png, .jpg, .txt or .md file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be imported; write nothing."
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="How to print the result."
        )
        parser.add_argument(
            "--create-agencies",
            action="store_true",
            help="Create the agencies not found in the registry (otherwise the import stops and lists them).",
        )
        parser.add_argument(
            "--user", default=None, help="The office user recorded as the one who entered the notice."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            source_text, parsed = read_notice(path.name, path.read_bytes())
        except (UnreadableDocument, NotANotice) as error:
            raise CommandError(str(getattr(error, "message", error))) from error

        if options["dry_run"]:
            self.print_result(parsed_as_json(parsed), options["format"])
            return
        user = self.importing_user(options["user"])
        reviewed = reviewed_as_parsed(parsed, source_text, create_unmatched=options["create_agencies"])
        missing = sorted(
            {ref for task in reviewed.tasks for ref in [*task.lead, *task.support] if isinstance(ref, str)}
        )
        if missing and not options["create_agencies"]:
            raise CommandError(
                "Not in the agency registry: "
                + "; ".join(missing)
                + ". Add them (or their aliases) in the admin, or pass --create-agencies."
            )
        try:
            with transaction.atomic():
                notice = import_notice(reviewed, user)
        except ImportRejected as error:
            raise CommandError(error.message) from error
        tasks = notice.directives.filter(is_heading=False).count()
        if options["format"] == "json":
            self.print_result({"notice_id": notice.pk, "tasks": tasks, **parsed_as_json(parsed)}, "json")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported notice #{notice.pk} with {tasks} tasks."))

    def importing_user(self, username):
        """The office user named with --user, recorded as the one who entered the notice; else nobody."""
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username}.")
        return user

    def print_result(self, result: dict, output_format: str):
        if output_format == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        notice = result["notice"]
        self.stdout.write(f"{notice['number'] or '(no number)'} — {notice['title']}")
        for item in result["directives"]:
            if item["is_heading"]:
                self.stdout.write(f"\n({item['number']}) {item['title']}")
                continue
            deadline = item["deadline"] or item["deadline_text"] or "-"
            flags = f"  [{', '.join(item['flags'])}]" if item["flags"] else ""
            self.stdout.write(
                f"  {item['number']}: {item['title']}\n"
                f"      lead: {'; '.join(item['lead']) or '-'} | support: {'; '.join(item['support']) or '-'}"
                f" | deadline: {deadline} | {item['recurrence']}{flags}"
            )
        if result["unmatched_agencies"]:
            self.stdout.write("\nNot in the registry: " + "; ".join(result["unmatched_agencies"]))
