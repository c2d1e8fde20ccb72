"""The reminder sweep: who hears of a task, on which working days, and each reminder once."""

from datetime import date, timedelta

import pytest

from directives.services import extend_deadline
from notifications.choices import NotificationKind
from notifications.models import Escalation, Notification, NotificationPreference, OutboxMessage, PartReminder
from notifications.services import run_sweep
from tests.notifications.factories import EmailContentFactory

pytestmark = pytest.mark.django_db

AFTER_TET = date(2024, 2, 20)  # a Tuesday, four working days after Tết 2024 (8 to 14 February off)
LEAD = {"truongban@bacgiang.example", "chuyenvien@bacgiang.example", "bqlkcn@bacgiang.example"}


def days(first: date, last: date):
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def reminders(part=None):
    rows = OutboxMessage.objects.filter(kind=NotificationKind.REMINDER)
    return rows.filter(part=part) if part else rows


def test_a_reminder_goes_to_the_lead_agencys_people_and_mailbox(cast, make_part, policy):
    part = make_part(AFTER_TET)
    report = run_sweep(date(2024, 2, 19), itemized=True)
    assert {row.recipient_email for row in reminders(part)} == LEAD
    assert {row.step for row in reminders(part)} == {1}
    in_app = Notification.objects.filter(part=part)
    assert {n.recipient for n in in_app} == {cast["agency_head"], cast["agency_staff"]}
    assert {entry["recipient"] for entry in report.notifications} == LEAD
    assert all(entry["kind"] == "reminder" and entry["level"] is None for entry in report.notifications)


def test_a_parts_messages_keep_the_key_written_before_the_rename(cast, make_part, policy):
    """Reminders sent before the model was renamed (issue #16) are keyed "assignment:<id>": a new key would
    send them again."""
    part = make_part(AFTER_TET)
    sent_before = OutboxMessage.objects.create(
        kind=NotificationKind.REMINDER,
        subject=f"assignment:{part.pk}",
        period=AFTER_TET.isoformat(),
        step=1,
        recipient_email="truongban@bacgiang.example",
        part=part,
        content=EmailContentFactory(),
    )
    run_sweep(date(2024, 2, 19))
    assert {row.subject for row in reminders(part)} == {f"assignment:{part.pk}"}
    assert reminders(part).filter(recipient_email=sent_before.recipient_email).get() == sent_before
    assert reminders(part).count() == len(LEAD)


def test_reminders_arrive_on_working_days_around_tet_and_a_weekend(cast, make_part, policy):
    part = make_part(AFTER_TET)
    arrived = {}
    for day in days(date(2024, 1, 29), date(2024, 2, 22)):
        for entry in run_sweep(day, itemized=True).notifications:
            arrived.setdefault(day, set()).add(entry["kind"])
    steps = {row.step: row.created_at for row in reminders(part)}
    assert sorted(arrived) == [
        date(2024, 2, 2),  # 7 working days before: the Friday before Tết
        date(2024, 2, 15),  # 3: the first day back after Tết
        date(2024, 2, 19),  # 1: the Monday, over the weekend
        date(2024, 2, 20),  # 0: the day itself
        date(2024, 2, 21),  # overdue: the escalation, not a reminder
    ]
    assert arrived[date(2024, 2, 21)] == {"escalation"}
    assert sorted(steps) == [0, 1, 3, 7]
    assert reminders(part).count() == 4 * len(LEAD)


def test_a_missed_reminder_goes_out_on_the_next_run_once(cast, make_part, policy):
    part = make_part(AFTER_TET)
    run_sweep(date(2024, 2, 2))
    # The worker was down on 15 and 16 February; it runs again on the Saturday, then twice more.
    assert len(run_sweep(date(2024, 2, 17), itemized=True).notifications) == len(LEAD)
    assert run_sweep(date(2024, 2, 17), itemized=True).notifications == []
    assert run_sweep(date(2024, 2, 18), itemized=True).notifications == []
    assert sorted(set(reminders(part).values_list("step", flat=True))) == [3, 7]


def test_a_superseded_reminder_is_not_sent_as_well(cast, make_part, policy):
    part = make_part(AFTER_TET)
    run_sweep(date(2024, 2, 2))
    # Down from 15 to 18 February: on the 19th the 1-day reminder is due, so the 3-day one is skipped.
    run_sweep(date(2024, 2, 19))
    assert sorted(set(reminders(part).values_list("step", flat=True))) == [1, 7]


def test_an_overdue_task_gets_an_escalation_not_a_reminder(cast, make_part, policy):
    part = make_part(date(2024, 2, 1))
    report = run_sweep(date(2024, 2, 2), itemized=True)
    assert not reminders(part).exists()
    assert {entry["kind"] for entry in report.notifications} == {"escalation"}
    assert Escalation.objects.filter(part=part, level=1).exists()


def test_tasks_without_a_deadline_or_ongoing_get_nothing(cast, make_part, policy):
    make_part(None)
    make_part(None, recurrence="ongoing")
    make_part(None, is_heading=False, deadline_text="mùa hè năm 2024")
    for day in days(date(2024, 2, 1), date(2024, 3, 5)):
        assert run_sweep(day, itemized=True).notifications == []
    assert not OutboxMessage.objects.exists()
    assert not Escalation.objects.exists()


def test_a_monthly_task_is_reminded_for_each_period(cast, make_part, policy):
    # Handed out on 15 January: January is not asked for, February and March are.
    part = make_part(None, recurrence="monthly", issued_on=date(2024, 1, 15))
    for day in days(date(2024, 1, 15), date(2024, 3, 31)):
        run_sweep(day)
    rows = reminders(part)
    assert sorted(set(rows.values_list("period", "step"))) == [
        ("2024-02", 0),
        ("2024-02", 1),
        ("2024-02", 3),
        ("2024-02", 7),
        ("2024-03", 0),
        ("2024-03", 1),
        ("2024-03", 3),
        ("2024-03", 7),
    ]
    assert rows.count() == 8 * len(LEAD)
    assert not Escalation.objects.exists()


def test_supporting_agencies_get_a_copy_when_the_policy_says_so(cast, make_part, policy, supporting_agency):
    part = make_part(AFTER_TET, supporting=[supporting_agency])
    run_sweep(date(2024, 2, 19))
    copied = LEAD | {"gdsxd@bacgiang.example", "sxd@bacgiang.example"}
    assert set(reminders(part).values_list("recipient_email", flat=True)) == copied

    policy.copy_supporting_agencies = False
    policy.save()
    other = make_part(AFTER_TET, supporting=[supporting_agency])
    run_sweep(date(2024, 2, 19))
    assert set(reminders(other).values_list("recipient_email", flat=True)) == LEAD


def test_the_offsets_come_from_the_policy(cast, make_part, policy):
    policy.reminder_offsets = "2"
    policy.save()
    part = make_part(AFTER_TET)
    for day in days(date(2024, 2, 1), date(2024, 2, 20)):
        run_sweep(day)
    assert set(reminders(part).values_list("step", flat=True)) == {2}
    assert reminders(part).first().created_at is not None


def test_a_user_who_opted_out_gets_reminders_in_the_list_only(cast, make_part, policy):
    NotificationPreference.objects.create(user=cast["agency_staff"], email_reminders=False)
    part = make_part(AFTER_TET)
    report = run_sweep(date(2024, 2, 19), itemized=True)
    assert "chuyenvien@bacgiang.example" not in set(reminders(part).values_list("recipient_email", flat=True))
    assert Notification.objects.filter(recipient=cast["agency_staff"], part=part).exists()
    assert cast["agency_staff"].username in {entry["recipient"] for entry in report.notifications}


def test_an_extension_starts_the_reminders_afresh(cast, make_part, policy):
    part = make_part(AFTER_TET)
    run_sweep(date(2024, 2, 19))
    extend_deadline(
        part_id=part.pk, user=cast["office_staff"], new_deadline=date(2024, 2, 28), note="Văn bản số 12"
    )
    # The new deadline (Wednesday 28th) is 7 working days away: its first reminder is due at once.
    again = run_sweep(date(2024, 2, 19), itemized=True)
    assert {entry["recipient"] for entry in again.notifications} == LEAD
    assert set(reminders(part).values_list("period", "step")) == {("2024-02-20", 1), ("2024-02-28", 7)}
    assert run_sweep(date(2024, 2, 20), itemized=True).notifications == []


def test_the_same_sweep_twice_writes_each_notification_once(cast, make_part, policy):
    part = make_part(AFTER_TET)
    overdue = make_part(date(2024, 2, 16))
    first = run_sweep(date(2024, 2, 19), itemized=True)
    second = run_sweep(date(2024, 2, 19), itemized=True)
    assert len(first.notifications) == len(LEAD) + 2  # the reminders, and the escalation to head and mailbox
    assert second.notifications == []
    assert reminders(part).count() == len(LEAD)
    assert Escalation.objects.filter(part=overdue).count() == 1
    assert Notification.objects.count() == 2 + 1


def test_a_dry_run_writes_nothing(cast, make_part, policy):
    make_part(AFTER_TET)
    make_part(date(2024, 2, 16))
    report = run_sweep(date(2024, 2, 19), dry_run=True, itemized=True)
    assert len(report.notifications) == len(LEAD) + 2
    assert not OutboxMessage.objects.exists()
    assert not Notification.objects.exists()
    assert not Escalation.objects.exists()


@pytest.mark.parametrize("group_reminders_above", [1, 1000], ids=["grouped", "each alone"])
def test_the_sweep_runs_a_constant_number_of_queries(
    cast, make_part, policy, supporting_agency, django_assert_max_num_queries, group_reminders_above
):
    policy.group_reminders_above = group_reminders_above
    policy.save()

    def sweep_queries(tasks):
        OutboxMessage.objects.all().delete()
        Notification.objects.all().delete()
        Escalation.objects.all().delete()
        PartReminder.objects.all().delete()
        for _ in range(tasks):
            make_part(AFTER_TET, supporting=[supporting_agency])
            make_part(date(2024, 2, 16))
        with django_assert_max_num_queries(40) as captured:
            report = run_sweep(date(2024, 2, 19))
        assert report.written > 0
        return len(captured.captured_queries)

    few = sweep_queries(2)
    many = sweep_queries(20)
    # No query per task: only SQLite's splitting of a large insert into batches adds any.
    assert many <= few + 4
