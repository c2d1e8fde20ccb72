import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role, User
from accounts.roles import ensure_standard_roles
from agencies.models import Agency
from agencies.services import load_registry
from directives.choices import TaskStatus
from directives.exceptions import DuplicateNotice
from directives.importing import read_notice, reviewed_as_parsed
from directives.models import Part
from directives.services import import_notice, record_progress

REGISTRY_FILE = Path(settings.BASE_DIR) / "agencies" / "data" / "bac_giang_2024.json"
DEMO_NOTICE_FILE = Path(settings.BASE_DIR) / "directives" / "data" / "bac_giang_2024_bql_kcn.txt"
DEMO_PASSWORD = "demo12345"
# One user per role (and a second agency head), so every way of using the app can be tried.
DEMO_USERS = [
    ("admin", "Quản trị hệ thống", None, None, True),
    ("vanphong", "Nguyễn Thị Thu Hà", "office_staff", "Văn phòng UBND tỉnh", False),
    ("lanhdao", "Trần Quang Minh", "leader", "Ủy ban nhân dân tỉnh Bắc Giang", False),
    ("bqlkcn", "Đỗ Văn Hùng", "agency_head", "Ban Quản lý các khu công nghiệp tỉnh", False),
    ("bqlkcn.cv", "Phạm Thị Lan", "agency_staff", "Ban Quản lý các khu công nghiệp tỉnh", False),
    ("sotaichinh", "Hoàng Văn Nam", "agency_head", "Sở Tài chính", False),
]
BQL = "Ban Quản lý các khu công nghiệp tỉnh"
# What was reported on the demo notice's tasks: (task, lead agency, by whom, new status, note).
DEMO_PROGRESS = [
    (
        "4.2",
        BQL,
        "bqlkcn.cv",
        TaskStatus.IN_PROGRESS,
        "Đã xây dựng dự thảo đề án tiêu thoát nước, đang lấy ý kiến.",
    ),
    (
        "6.4",
        "Sở Tài chính",
        "sotaichinh",
        TaskStatus.REPORTED_DONE,
        "Đã ban hành văn bản hướng dẫn lập dự toán.",
    ),
    ("3.3", BQL, "bqlkcn", TaskStatus.IN_PROGRESS, "Đã lập danh sách dự án trọng điểm tháng này."),
]


class Command(BaseCommand):
    help = (
        "Load the demo province (Bắc Giang, 2024): its agencies, one user per role and the conclusion notice "
        "the project was born from, with a little progress. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-outside-debug",
            action="store_true",
            help="Load the demo users (known passwords, a superuser) even though DEBUG is off.",
        )

    def handle(self, *args, **options):
        # The demo users have a published password and one is a superuser: never on a server by accident.
        allowed = settings.DEBUG or settings.DEMO_DATA_ALLOWED or options["allow_outside_debug"]
        if not allowed:
            raise CommandError(
                "seed_demo creates users with the published password and a superuser; DEBUG is off, so "
                "this looks like a server. Run it with --allow-outside-debug if you really mean it."
            )
        rows = json.loads(REGISTRY_FILE.read_text(encoding="utf-8"))
        with transaction.atomic():
            ensure_standard_roles(Role)
            created, updated = load_registry(rows)
            users_created = self.create_demo_users()
            notice_created = self.import_demo_notice()
        self.stdout.write(
            f"Agencies: {created} created, {updated} updated. Demo users: {users_created} created "
            f"(password for each: {DEMO_PASSWORD}). "
            + ("Demo notice imported." if notice_created else "Demo notice already there.")
        )

    def create_demo_users(self) -> int:
        # The administrator has neither role nor agency: looked up by None, they are None.
        roles: dict[str | None, Role] = {role.code: role for role in Role.objects.all()}
        agency_names = [agency_name for *_, agency_name, _ in DEMO_USERS]
        agencies: dict[str | None, Agency] = {
            agency.name: agency for agency in Agency.objects.filter(name__in=agency_names)
        }
        created = 0
        for username, full_name, role_code, agency_name, is_superuser in DEMO_USERS:
            user, was_created = User.objects.update_or_create(
                username=username,
                defaults={
                    "full_name": full_name,
                    "role": roles.get(role_code),
                    "agency": agencies.get(agency_name),
                    "is_superuser": is_superuser,
                    "is_staff": is_superuser,
                    "email": f"{username}@bacgiang.example",
                },
            )
            if was_created:
                # A demo password is set once: a password a person changed later is kept.
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                created += 1
        return created

    def import_demo_notice(self) -> bool:
        """Import the seed notice through the importer, then record some progress; once only."""
        source_text, parsed = read_notice(DEMO_NOTICE_FILE.name, DEMO_NOTICE_FILE.read_bytes())
        office = User.objects.get(username="vanphong")
        try:
            notice = import_notice(reviewed_as_parsed(parsed, source_text, create_unmatched=False), office)
        except DuplicateNotice:
            return False
        users = {
            user.username: user
            for user in User.objects.filter(username__in=[row[2] for row in DEMO_PROGRESS])
        }
        for number, agency_name, username, status, note in DEMO_PROGRESS:
            part = Part.objects.get(
                directive__notice=notice, directive__number=number, agency__name=agency_name
            )
            record_progress(part_id=part.pk, user=users[username], status=status, note=note)
        return True
