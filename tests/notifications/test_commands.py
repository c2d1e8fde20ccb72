"""`notify` and `digest`: the sweep and the digest from the command line, with --dry-run and JSON."""

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from agencies.models import Agency
from directives.management.commands.seed_demo import DEMO_NOTICE_FILE
from directives.models import Directive
from notifications.models import Escalation, Notification, OutboxMessage

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seed_notice(registry):
    """The seed notice (Bắc Giang, March 2024) imported, with nothing reported yet."""
    call_command("import_notice", str(DEMO_NOTICE_FILE), stdout=StringIO())


def test_the_dry_run_on_the_seed_lists_the_reminders_of_the_tasks_due_31_march(seed_notice):
    result = json.loads(run("notify", "--as-of", "2024-03-25", "--dry-run", "--format", "json"))
    assert result["as_of"] == "2024-03-25"
    notifications = result["notifications"]
    assert {entry["task"] for entry in notifications} == {"6.3", "6.4"}
    assert {entry["kind"] for entry in notifications} == {"reminder"}
    assert {entry["level"] for entry in notifications} == {None}
    assert {entry["agency"] for entry in notifications} == {"Sở Tài nguyên và Môi trường", "Sở Tài chính"}
    assert all(
        set(entry) == {"kind", "task", "notice", "agency", "recipient", "level"} for entry in notifications
    )
    assert {entry["notice"] for entry in notifications} == {Directive.objects.get(number="6.3").notice_id}
    assert not OutboxMessage.objects.exists()
    assert not Notification.objects.exists()
    assert not Escalation.objects.exists()


def test_notify_writes_sends_and_reports_once(seed_notice):
    first = json.loads(run("notify", "--as-of", "2024-03-25", "--format", "json"))
    assert {entry["task"] for entry in first["notifications"]} == {"6.3", "6.4"}
    assert OutboxMessage.objects.filter(status="sent").count() == len(first["notifications"])
    assert len(mail.outbox) == len(first["notifications"])
    again = json.loads(run("notify", "--as-of", "2024-03-25", "--format", "json"))
    assert again["notifications"] == []
    assert len(mail.outbox) == len(first["notifications"])


def test_notify_escalates_the_seed_once_overdue(seed_notice):
    result = json.loads(run("notify", "--as-of", "2024-04-01", "--no-send", "--format", "json"))
    assert {(entry["kind"], entry["task"], entry["level"]) for entry in result["notifications"]} == {
        ("escalation", "6.3", 1),
        ("escalation", "6.4", 1),
    }
    assert mail.outbox == []
    text = run("notify", "--as-of", "2024-04-01", "--dry-run")
    assert "Would send 0 notification(s) as of 2024-04-01." in text


def test_notify_refuses_a_bad_date(db):
    with pytest.raises(CommandError):
        call_command("notify", "--as-of", "25/03/2024")


def test_the_digest_command(seed_notice):
    dry = json.loads(run("digest", "--as-of", "2024-03-25", "--dry-run", "--format", "json"))
    assert dry["week"] == "2024-03-25"
    # The seed has no users with addresses: the agencies' mailboxes receive their digests.
    agencies = {entry["agency"] for entry in dry["notifications"]}
    assert {"Sở Tài nguyên và Môi trường", "Sở Tài chính"} <= agencies
    assert not OutboxMessage.objects.exists()
    text = run("digest", "--as-of", "2024-03-25")
    assert "digest(s) for the week of 2024-03-25" in text
    assert len(mail.outbox) == len(dry["notifications"])


def test_the_digest_command_for_one_agency(seed_notice):
    finance = Agency.objects.get(name="Sở Tài chính")
    result = json.loads(
        run("digest", "--as-of", "2024-03-25", "--agency", str(finance.pk), "--dry-run", "--format", "json")
    )
    assert {entry["agency"] for entry in result["notifications"]} == {"Sở Tài chính"}
    with pytest.raises(CommandError):
        call_command("digest", "--agency", "999999", stdout=StringIO())


# ---------------------------------------------------------------------------------------------------
# Exit codes a supervisor reads


def exit_code(*args) -> int:
    try:
        call_command(*args, stdout=StringIO(), stderr=StringIO())
    except CommandError as error:
        return error.returncode
    return 0


def test_notify_tells_a_supervisor_what_happened(seed_notice, settings):
    settings.EMAIL_BACKEND = "tests.notifications.mail_backends.UnreachableBackend"
    assert exit_code("notify", "--as-of", "2024-03-25") == 75  # written; the server is down
    assert OutboxMessage.objects.filter(status="pending", attempts=0).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert exit_code("notify", "--as-of", "2024-03-25", "--time-limit", "0") == 4  # out of time, mail due
    assert exit_code("notify", "--as-of", "2024-03-25") == 0
    assert len(mail.outbox) == OutboxMessage.objects.count() > 0
    assert exit_code("digest", "--as-of", "2024-03-25", "--dry-run") == 0


def test_notify_exits_3_when_a_message_was_refused_for_good(seed_notice, settings, monkeypatch):
    from tests.notifications.mail_backends import RefusingBackend

    call_command("notify", "--as-of", "2024-03-25", "--no-send", stdout=StringIO())
    monkeypatch.setattr(RefusingBackend, "refused", {OutboxMessage.objects.first().recipient_email})
    settings.EMAIL_BACKEND = "tests.notifications.mail_backends.RefusingBackend"
    assert exit_code("notify", "--as-of", "2024-03-25") == 3
    assert OutboxMessage.objects.filter(status="failed", last_error__startswith="550").count() >= 1
