"""Escalation of overdue task parts: levels as working days pass, closing by itself, acknowledging."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from directives.choices import TaskStatus
from directives.services import extend_deadline, record_progress
from notifications.choices import EscalationCloseReason, NotificationKind
from notifications.exceptions import AcknowledgementRejected
from notifications.models import Escalation, Notification, NotificationPreference, OutboxMessage
from notifications.services import acknowledge_escalation, run_sweep
from tests.notifications.factories import EscalationFactory

pytestmark = pytest.mark.django_db

DEADLINE = date(2024, 3, 29)  # a Friday; no public holiday in the two weeks after it
HEAD_AND_MAILBOX = {"truongban@bacgiang.example", "bqlkcn@bacgiang.example"}


def escalation_emails(level):
    rows = OutboxMessage.objects.filter(kind=NotificationKind.ESCALATION, step=level)
    return set(rows.values_list("recipient_email", flat=True))


def sweep_days(first, last):
    """Run the sweep each day; the escalation levels opened on each day."""
    opened = {}
    day = first
    while day <= last:
        for entry in run_sweep(day, itemized=True).notifications:
            if entry["kind"] == "escalation":
                opened.setdefault(day, set()).add(entry["level"])
        day += timedelta(days=1)
    return opened


def test_an_overdue_task_escalates_through_the_levels_as_days_pass(cast, make_part, policy):
    part = make_part(DEADLINE)
    opened = sweep_days(DEADLINE, date(2024, 4, 16))
    assert opened == {
        date(2024, 3, 30): {1},  # the day after the deadline (a Saturday): at once
        date(2024, 4, 5): {2},  # after 5 working days (1 to 5 April)
        date(2024, 4, 12): {3},  # after 10 working days
    }
    assert escalation_emails(1) == HEAD_AND_MAILBOX
    assert escalation_emails(2) == {"chanhvanphong@bacgiang.example"}  # the office's head
    assert escalation_emails(3) == {"lanhdao@bacgiang.example"}  # the leader
    levels = Escalation.objects.open().filter(part=part).values_list("level", flat=True)
    assert sorted(levels) == [1, 2, 3]
    assert Escalation.objects.open().queue().get().level == 3
    in_app = set(
        Notification.objects.filter(kind=NotificationKind.ESCALATION).values_list("recipient", "step")
    )
    assert in_app == {
        (cast["agency_head"].pk, 1),
        (cast["office_head"].pk, 2),
        (cast["leader"].pk, 3),
    }


def test_the_thresholds_come_from_the_policy(cast, make_part, policy):
    policy.escalation_level_2_after = 2
    policy.escalation_level_3_after = 3
    policy.save()
    make_part(DEADLINE)
    assert sweep_days(DEADLINE, date(2024, 4, 4)) == {
        date(2024, 3, 30): {1},
        date(2024, 4, 2): {2},
        date(2024, 4, 3): {3},
    }


def test_a_task_found_late_gets_every_level_due_at_once(cast, make_part, policy):
    make_part(DEADLINE)
    report = run_sweep(date(2024, 4, 15), itemized=True)
    assert sorted({entry["level"] for entry in report.notifications}) == [1, 2, 3]


def test_without_an_office_head_level_2_goes_to_the_office_staff(cast, make_part, policy):
    cast["office_head"].delete()
    make_part(DEADLINE)
    run_sweep(date(2024, 4, 5))
    assert escalation_emails(2) == {"vanphong@bacgiang.example"}


def test_escalations_stop_and_close_when_the_task_is_completed(cast, make_part, policy):
    part = make_part(DEADLINE)
    run_sweep(date(2024, 4, 1))
    record_progress(
        part_id=part.pk,
        user=cast["office_staff"],
        status=TaskStatus.DONE,
        note="Đã hoàn thành",
        completed_on=date(2024, 4, 2),
    )
    assert sweep_days(date(2024, 4, 2), date(2024, 4, 16)) == {}
    escalation = Escalation.objects.get(part=part)
    assert escalation.closed_at is not None
    assert escalation.close_reason == EscalationCloseReason.COMPLETED
    assert not Escalation.objects.open().exists()


def test_an_extension_closes_the_escalation_and_a_new_deadline_missed_escalates_again(
    cast, make_part, policy
):
    part = make_part(DEADLINE)
    run_sweep(date(2024, 4, 1))
    extend_deadline(
        part_id=part.pk, user=cast["office_staff"], new_deadline=date(2024, 4, 10), note="Văn bản số 7"
    )
    run_sweep(date(2024, 4, 2))
    closed = Escalation.objects.get(part=part)
    assert closed.close_reason == EscalationCloseReason.EXTENDED
    assert sweep_days(date(2024, 4, 3), date(2024, 4, 10)) == {}
    assert sweep_days(date(2024, 4, 11), date(2024, 4, 11)) == {date(2024, 4, 11): {1}}
    reopened = Escalation.objects.open().get(part=part)
    assert reopened.missed_deadline == date(2024, 4, 10)
    assert set(OutboxMessage.objects.filter(step=1).values_list("period", flat=True)) == {
        "2024-03-29",
        "2024-04-10",
    }


def test_escalations_cannot_be_opted_out_of(cast, make_part, policy):
    NotificationPreference.objects.create(user=cast["agency_head"], email_reminders=False)
    make_part(DEADLINE)
    run_sweep(date(2024, 4, 1))
    assert escalation_emails(1) == HEAD_AND_MAILBOX


def test_the_queue_shows_each_part_once_unacknowledged_first(cast, make_part, policy):
    first, second = make_part(DEADLINE), make_part(DEADLINE - timedelta(days=1))
    run_sweep(date(2024, 4, 8))
    acknowledge_escalation(
        Escalation.objects.get(part=second, level=2).pk, cast["office_staff"], "Đã gọi điện đôn đốc"
    )
    queue = list(Escalation.objects.queue())
    assert [(e.part_id, e.level) for e in queue] == [(first.pk, 2), (second.pk, 2)]
    assert queue[1].acknowledged_by == cast["office_staff"]


def test_the_office_acknowledges_with_a_note(cast, make_part, policy):
    escalation = EscalationFactory(part=make_part(DEADLINE))
    acknowledged = acknowledge_escalation(escalation.pk, cast["office_staff"], "  Đã nhắc Sở  ")
    assert acknowledged.acknowledged_by == cast["office_staff"]
    assert acknowledged.acknowledgement_note == "Đã nhắc Sở"
    assert acknowledged.acknowledged_at is not None
    assert acknowledged.closed_at is None  # it stays on the queue until the task is done or extended


@pytest.mark.parametrize("who", ["leader", "agency_head", "agency_staff"])
def test_only_the_office_acknowledges(cast, make_part, policy, who):
    escalation = EscalationFactory(part=make_part(DEADLINE))
    with pytest.raises(AcknowledgementRejected):
        acknowledge_escalation(escalation.pk, cast[who], "Đã xem")
    escalation.refresh_from_db()
    assert escalation.acknowledged_at is None


def test_an_acknowledgement_needs_a_note_and_an_open_escalation(cast, make_part, policy):
    escalation = EscalationFactory(part=make_part(DEADLINE))
    with pytest.raises(AcknowledgementRejected):
        acknowledge_escalation(escalation.pk, cast["office_staff"], "   ")
    Escalation.objects.filter(pk=escalation.pk).update(closed_at="2024-04-02T08:00:00+07:00")
    with pytest.raises(AcknowledgementRejected):
        acknowledge_escalation(escalation.pk, cast["office_staff"], "Đã xem")
    with pytest.raises(AcknowledgementRejected):
        acknowledge_escalation(0, cast["office_staff"], "Đã xem")


@pytest.mark.parametrize(
    ("who", "status", "acknowledged"),
    [("office_staff", 302, True), ("leader", 403, False), ("agency_head", 403, False), (None, 302, False)],
)
def test_the_acknowledge_page_takes_posts_from_the_office_only(
    client, cast, make_part, policy, who, status, acknowledged
):
    escalation = EscalationFactory(part=make_part(DEADLINE))
    if who:
        client.force_login(cast[who])
    url = reverse("notifications:escalation_acknowledge", args=[escalation.pk])
    response = client.post(url, {"note": "Đã làm việc với Sở", "next": "/dashboard/"})
    assert response.status_code == status
    escalation.refresh_from_db()
    assert (escalation.acknowledged_at is not None) == acknowledged
    if who == "office_staff":
        assert response["Location"] == "/dashboard/"
    if who is None:
        assert response["Location"].startswith(reverse("login"))


def test_the_acknowledge_page_shows_why_it_refused_and_stays_on_the_site(client, cast, make_part, policy):
    escalation = EscalationFactory(part=make_part(DEADLINE))
    client.force_login(cast["office_staff"])
    url = reverse("notifications:escalation_acknowledge", args=[escalation.pk])
    response = client.post(url, {"note": "", "next": "https://evil.example/"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("notifications:list")
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    escalation.refresh_from_db()
    assert escalation.acknowledged_at is None
