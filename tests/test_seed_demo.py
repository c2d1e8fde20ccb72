"""`seed_demo` gives `make run` a living system, and can run again without harm."""

import json

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory, override_settings

from accounts.models import User
from agencies.models import Agency
from directives.choices import TaskStatus
from directives.models import Notice, Part, ProgressUpdate
from tests.factories import parts_off_their_notice_date

pytestmark = pytest.mark.django_db


def sign_in(username, password):
    """Check a password as the login page does (the login throttle needs the request)."""
    return authenticate(RequestFactory().post("/login/"), username=username, password=password)


def test_seed_demo_creates_the_agencies_and_one_user_per_role_once(roles):
    call_command("seed_demo")
    agencies, users = Agency.objects.count(), User.objects.count()
    call_command("seed_demo")
    assert (Agency.objects.count(), User.objects.count()) == (agencies, users)

    names = set(Agency.objects.values_list("name", flat=True))
    # From the notice's text and from its distribution list (Nơi nhận).
    assert {
        "Ban Quản lý các khu công nghiệp tỉnh",
        "Sở Kế hoạch và Đầu tư",
        "Sở Công Thương",
        "UBND thị xã Việt Yên",
        "Công an tỉnh",
        "Công ty TNHH MTV Khai thác công trình thủy lợi Bắc Sông Thương",
    } <= names
    role_codes = set(User.objects.exclude(role=None).values_list("role__code", flat=True))
    assert role_codes == {"office_staff", "agency_head", "agency_staff", "leader"}
    assert sign_in("bqlkcn", "demo12345").agency.short_name == "BQL KCN"
    assert sign_in("admin", "demo12345").is_superuser

    # The seed notice, imported once through the importer, with some progress to look at.
    notice = Notice.objects.get()
    assert notice.directives.tasks().count() == 15
    assert ProgressUpdate.objects.filter(part__directive__notice=notice).count() == 3
    # Reported, waiting for the office to accept it.
    assert Part.objects.get(directive__number="6.4").status == TaskStatus.REPORTED_DONE
    assert set(Part.objects.values_list("notice_date", flat=True)) == {notice.dated_on}
    assert parts_off_their_notice_date() == []


def test_seed_demo_keeps_a_password_someone_changed(roles):
    call_command("seed_demo")
    user = User.objects.get(username="vanphong")
    user.set_password("a-new-pass-2024")
    user.save()
    call_command("seed_demo")
    assert sign_in("vanphong", "a-new-pass-2024") is not None


def test_the_demo_reminds_the_tasks_due_at_the_end_of_march_2024(roles, capsys):
    call_command("seed_demo")
    capsys.readouterr()
    call_command("notify", "--as-of", "2024-03-25", "--dry-run", "--format", "json")
    result = json.loads(capsys.readouterr().out)
    assert result["as_of"] == "2024-03-25"
    assert {row["task"] for row in result["notifications"]} == {"6.3", "6.4"}
    assert {row["kind"] for row in result["notifications"]} == {"reminder"}


@override_settings(DEBUG=False, DEMO_DATA_ALLOWED=False)
def test_seed_demo_refuses_outside_debug_unless_told(roles):
    with pytest.raises(CommandError, match="--allow-outside-debug"):
        call_command("seed_demo")
    assert not User.objects.filter(username="admin").exists()
    call_command("seed_demo", allow_outside_debug=True)
    assert User.objects.get(username="admin").is_superuser
