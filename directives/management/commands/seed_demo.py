import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Role, User
from agencies.models import Agency
from agencies.services import load_registry

REGISTRY_FILE = Path(__file__).resolve().parents[3] / "agencies" / "data" / "bac_giang_2024.json"
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


class Command(BaseCommand):
    help = "Load the demo agencies (Bắc Giang, 2024) and one demo user per role. Safe to run again."

    def handle(self, *args, **options):
        rows = json.loads(REGISTRY_FILE.read_text(encoding="utf-8"))
        with transaction.atomic():
            created, updated = load_registry(rows)
            users_created = self.create_demo_users()
        self.stdout.write(
            f"Agencies: {created} created, {updated} updated. Demo users: {users_created} created "
            f"(password for each: {DEMO_PASSWORD})."
        )

    def create_demo_users(self) -> int:
        roles = {role.code: role for role in Role.objects.all()}
        agencies = {
            agency.name: agency for agency in Agency.objects.filter(name__in=[u[3] for u in DEMO_USERS])
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
