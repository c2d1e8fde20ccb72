"""On PostgreSQL the database fans each notification out to its recipients (`notifications.fanout`): it
writes and reports exactly what the writer's row-by-row path writes, and skips what another run wrote."""

from datetime import date

import pytest
from django.db import connection

from notifications import fanout, outbox
from notifications.models import EmailContent, Escalation, Notification, NotificationPreference, OutboxMessage
from notifications.services import run_sweep
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the fan-out is PostgreSQL's"),
]

AFTER_TET = date(2024, 2, 20)  # a Tuesday, four working days after Tết 2024


@pytest.fixture
def month_end(cast, make_part, policy, supporting_agency, roles):
    """Reminders to two agencies (one a supporting agency), a monthly task, escalations, a person who opted
    out of reminder emails and one without an address."""
    make_part(AFTER_TET, supporting=[supporting_agency])
    make_part(None, recurrence="monthly", issued_on=date(2023, 12, 1), supporting=[supporting_agency])
    make_part(date(2024, 2, 1))
    NotificationPreference.objects.create(user=cast["agency_staff"], email_reminders=False)
    UserFactory(
        username="khongthu", agency=cast["agency_head"].agency, role=cast["agency_staff"].role, email=""
    )
    return cast


def rows() -> tuple[set, set]:
    return (
        set(
            OutboxMessage.objects.values_list(
                "kind",
                "subject",
                "period",
                "step",
                "recipient_email",
                "recipient_user_id",
                "part_id",
                "agency_id",
            )
        ),
        set(
            Notification.objects.values_list(
                "recipient_id", "kind", "subject", "period", "step", "title", "link"
            )
        ),
    )


def test_the_database_writes_and_lists_what_the_row_by_row_writer_does(month_end, monkeypatch):
    fanned = run_sweep(AFTER_TET, dry_run=True, itemized=True)
    monkeypatch.setattr(outbox, "fans_out", lambda: False)
    row_by_row = run_sweep(AFTER_TET, itemized=True)
    written = rows()
    assert fanned.as_json() == row_by_row.as_json()
    assert fanned.reminders > 0 and fanned.escalations > 0
    # Listed by user name: the person without an address, and the one who takes reminders in the list only.
    recipients = {entry["recipient"] for entry in fanned.notifications}
    assert {"khongthu", month_end["agency_staff"].username} <= recipients
    assert "chuyenvien@bacgiang.example" not in recipients

    for model in (OutboxMessage, Notification, EmailContent, Escalation):
        model.objects.all().delete()
    monkeypatch.setattr(outbox, "fans_out", lambda: True)
    assert run_sweep(AFTER_TET).written == fanned.written
    assert rows() == written
    assert run_sweep(AFTER_TET).written == 0


def test_rows_another_run_wrote_after_the_check_are_skipped_and_their_contents_dropped(
    month_end, monkeypatch
):
    first = run_sweep(AFTER_TET)
    written = (rows(), EmailContent.objects.count())
    assert first.written > 0

    def all_lacking(notifications):
        lacking = stage(notifications)
        assert lacking == {}
        # As if another run wrote them all between this run's check and its inserts.
        return {
            each.index: fanout.Lacking(len(each.out_emails), bool(each.app_users)) for each in notifications
        }

    stage = fanout.stage
    monkeypatch.setattr(fanout, "stage", all_lacking)
    again = run_sweep(AFTER_TET, itemized=True)
    assert (again.reminders, again.escalations, again.notifications) == (0, 0, [])
    assert (rows(), EmailContent.objects.count()) == written


def test_addresses_and_users_are_staged_as_written(db):
    emails = ['a"b@x.example', "c\\d@x.example", "e,f{g}@x.example", "NULL", ""]
    fanout.stage(
        [
            fanout.Fanned(
                0, "reminder", "assignment:1", "2024-02", 1, None, None, "", emails, [None, 5, 6, 7, 8], [5]
            )
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT out_emails, out_users, app_users FROM {fanout.NOTICES}")
        assert cursor.fetchone() == (emails, [None, 5, 6, 7, 8], [5])
