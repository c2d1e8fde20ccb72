"""The sender: each outbox row is delivered once, failures are retried with backoff, dead workers'
messages are taken up again after their lease, and addresses that keep failing are marked."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from notifications.choices import OutboxStatus
from notifications.exceptions import MailServerUnavailable
from notifications.models import DeliveryAddress, OutboxMessage
from notifications.services import claim_due_messages, retry_failed_messages, send_due_messages
from tests.notifications.factories import OutboxMessageFactory
from tests.notifications.mail_backends import RefusingBackend, SlowBackend

pytestmark = pytest.mark.django_db

REFUSING = "tests.notifications.mail_backends.RefusingBackend"
UNREACHABLE = "tests.notifications.mail_backends.UnreachableBackend"
SLOW = "tests.notifications.mail_backends.SlowBackend"
LEASE = timedelta(seconds=settings.NOTIFICATIONS_SEND_LEASE_SECONDS)


@pytest.fixture
def refused():
    """The server refuses hong@ for good (550)."""
    RefusingBackend.refused = {"hong@bacgiang.example"}
    yield RefusingBackend.refused
    RefusingBackend.refused = set()


@pytest.fixture
def greylisted(refused, monkeypatch):
    """The server asks to try hong@ again later (451)."""
    monkeypatch.setattr(RefusingBackend, "reply", (451, b"4.7.1 Greylisted, please try again later"))
    return refused


def test_pending_messages_are_sent_once_with_a_message_id_from_their_key():
    messages = OutboxMessageFactory.create_batch(3)
    report = send_due_messages()
    assert report.sent == 3
    assert len(mail.outbox) == 3
    assert send_due_messages().sent == 0
    assert len(mail.outbox) == 3
    first = OutboxMessage.objects.get(pk=messages[0].pk)
    assert first.status == OutboxStatus.SENT and first.sent_at and first.attempts == 1
    sent = next(email for email in mail.outbox if email.to == [first.recipient_email])
    assert sent.extra_headers["Message-ID"] == first.message_id
    assert sent.alternatives[0].mimetype == "text/html"


def test_the_message_id_is_stable_and_differs_per_key():
    message = OutboxMessageFactory(step=3)
    same = OutboxMessage(
        **{f: getattr(message, f) for f in ["kind", "subject", "period", "step", "recipient_email"]}
    )
    other = OutboxMessage(
        kind=message.kind,
        subject=message.subject,
        period=message.period,
        step=1,
        recipient_email=message.recipient_email,
    )
    assert same.message_id == message.message_id
    assert other.message_id != message.message_id
    assert message.message_id.startswith("<") and message.message_id.endswith(">")


def test_messages_a_killed_worker_held_are_sent_once_after_its_lease():
    OutboxMessageFactory.create_batch(2)
    now = timezone.now()
    _token, claimed = claim_due_messages(now, 10)
    assert len(claimed) == 2  # ... and the worker dies before sending them.
    assert send_due_messages(now=now + timedelta(seconds=30)).sent == 0  # its lease still holds
    assert mail.outbox == []
    assert send_due_messages(now=now + LEASE + timedelta(seconds=1)).sent == 2
    assert send_due_messages(now=now + 2 * LEASE).sent == 0
    assert len(mail.outbox) == 2
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}


def test_two_senders_never_take_the_same_message():
    OutboxMessageFactory.create_batch(5)
    now = timezone.now()
    _first, taken_first = claim_due_messages(now, 3)
    _second, taken_second = claim_due_messages(now, 3)
    assert len(taken_first) == 3 and len(taken_second) == 2
    assert not {m.pk for m in taken_first} & {m.pk for m in taken_second}


@override_settings(EMAIL_BACKEND=REFUSING)
def test_a_temporary_refusal_is_retried_with_growing_backoff(greylisted):
    message = OutboxMessageFactory(recipient_email="hong@bacgiang.example")
    fine = OutboxMessageFactory()
    before = timezone.now()
    report = send_due_messages()
    assert (report.sent, report.retrying, report.failed) == (1, 1, 0)
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert message.last_error == "451 4.7.1 Greylisted, please try again later"
    first_delay = message.next_attempt_at - before
    assert timedelta(seconds=50) < first_delay <= timedelta(seconds=70)
    assert send_due_messages().retrying == 0  # not due yet
    send_due_messages(now=message.next_attempt_at)
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.next_attempt_at - timezone.now() > first_delay  # the wait doubles
    fine.refresh_from_db()
    assert fine.status == OutboxStatus.SENT


@override_settings(EMAIL_BACKEND=REFUSING, NOTIFICATIONS_MAX_ATTEMPTS=3)
def test_a_message_is_given_up_after_the_last_attempt(greylisted):
    message = OutboxMessageFactory(recipient_email="hong@bacgiang.example")
    later = timezone.now()
    for _ in range(3):
        later += timedelta(days=1)
        send_due_messages(now=later)
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 3
    assert not DeliveryAddress.objects.exists()  # asked to wait is no fault of the address


@override_settings(EMAIL_BACKEND=REFUSING)
def test_a_permanent_refusal_fails_the_message_at_once_with_the_servers_reply(refused):
    message = OutboxMessageFactory(recipient_email="hong@bacgiang.example")
    report = send_due_messages()
    assert (report.sent, report.retrying, report.failed) == (0, 0, 1)
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 1
    assert message.last_error == "550 5.1.1 No such mailbox"
    address = DeliveryAddress.objects.get()
    assert address.consecutive_failures == 1 and address.undeliverable_since is None


@override_settings(EMAIL_BACKEND=REFUSING, NOTIFICATIONS_UNDELIVERABLE_AFTER=2)
def test_temporary_refusals_never_mark_an_address_however_many_messages_it_has(greylisted):
    messages = OutboxMessageFactory.create_batch(3, recipient_email="hong@bacgiang.example")
    later = timezone.now()
    for _round in range(3):
        later += timedelta(days=1)
        assert send_due_messages(now=later).retrying == 3
    assert not DeliveryAddress.objects.exists()
    greylisted.clear()  # the greylisting passed: everything goes out
    assert send_due_messages(now=later + timedelta(days=1)).sent == 3
    assert {m.status for m in OutboxMessage.objects.filter(pk__in=[m.pk for m in messages])} == {"sent"}


@override_settings(EMAIL_BACKEND=REFUSING)
def test_an_address_that_keeps_failing_is_marked_and_skipped_until_corrected(refused, client, office_staff):
    OutboxMessageFactory.create_batch(
        settings.NOTIFICATIONS_UNDELIVERABLE_AFTER, recipient_email="hong@bacgiang.example"
    )
    send_due_messages()
    address = DeliveryAddress.objects.get(address="hong@bacgiang.example")
    assert address.undeliverable_since is not None
    assert address.consecutive_failures == settings.NOTIFICATIONS_UNDELIVERABLE_AFTER

    later = OutboxMessageFactory(recipient_email="hong@bacgiang.example")
    send_due_messages()
    later.refresh_from_db()
    assert later.status == OutboxStatus.FAILED and later.attempts == 0  # not even tried
    assert "550 5.1.1 No such mailbox" in later.last_error  # the server's last word on the address
    # The office sees it on its notifications page.
    client.force_login(office_staff)
    assert "hong@bacgiang.example" in client.get("/notifications/").content.decode()

    refused.clear()
    # The refused messages failed at once too: all of them go out once the address is corrected.
    everything = settings.NOTIFICATIONS_UNDELIVERABLE_AFTER + 1
    assert retry_failed_messages(addresses=["hong@bacgiang.example"]) == everything
    assert send_due_messages().sent == everything
    assert not DeliveryAddress.objects.undeliverable().exists()


@override_settings(EMAIL_BACKEND=UNREACHABLE)
def test_an_unreachable_server_releases_the_messages_and_blames_no_address():
    message = OutboxMessageFactory()
    with pytest.raises(MailServerUnavailable):
        send_due_messages()
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING and message.attempts == 0 and message.claim_token is None
    assert "refused" in message.last_error.lower()
    assert not DeliveryAddress.objects.exists()


def test_the_office_reads_the_outbox_in_the_admin(client, office_staff):
    message = OutboxMessageFactory(content__email_subject="Nhắc hạn nhiệm vụ 6.3")
    client.force_login(office_staff)
    listed = client.get(reverse("admin:notifications_outboxmessage_changelist"), {"q": "6.3"})
    assert listed.status_code == 200
    assert list(listed.context["cl"].result_list) == [message]
    page = client.get(reverse("admin:notifications_outboxmessage_change", args=[message.pk]))
    assert page.status_code == 200
    assert "Nhiệm vụ đến hạn." in page.content.decode()
    waiting = OutboxMessageFactory(
        content__body_text="", content__body_html="", content__to_render={"template": "reminder", "part": 1}
    )
    page = client.get(reverse("admin:notifications_outboxmessage_change", args=[waiting.pk]))
    assert "Nội dung được soạn khi gửi thư." in page.content.decode()


@pytest.fixture
def slow_server(monkeypatch):
    monkeypatch.setattr(SlowBackend, "delay", 0.4)
    monkeypatch.setattr(SlowBackend, "during", None)
    return SlowBackend


@override_settings(EMAIL_BACKEND=SLOW, NOTIFICATIONS_SEND_LEASE_SECONDS=1)
def test_a_long_batch_keeps_its_lease_so_no_other_sender_takes_its_rows(slow_server):
    run_started = timezone.now() - timedelta(hours=1)  # a run that began long ago
    OutboxMessageFactory.create_batch(6, next_attempt_at=run_started)
    taken_by_another = []
    # A second sender looks for due rows while each message is sent (2.4 s in all, the lease is 1 s).
    slow_server.during = lambda: taken_by_another.extend(claim_due_messages(timezone.now(), 10)[1])
    report = send_due_messages(now=run_started)
    assert report.sent == 6 and taken_by_another == []
    assert len({email.extra_headers["Message-ID"] for email in mail.outbox}) == len(mail.outbox) == 6


def test_a_batch_claimed_late_gets_a_whole_lease():
    run_started = timezone.now() - LEASE * 2
    OutboxMessageFactory(next_attempt_at=run_started)
    _token, [message] = claim_due_messages(run_started, 10)
    assert message.lease_expires_at >= timezone.now() + LEASE - timedelta(seconds=5)


@override_settings(EMAIL_BACKEND=SLOW)
def test_the_sender_stops_at_its_time_limit_and_hands_back_the_rest(slow_server):
    messages = OutboxMessageFactory.create_batch(5)
    report = send_due_messages(time_limit=1.0)
    assert report.out_of_time and 2 <= report.sent <= 3
    left = OutboxMessage.objects.filter(pk__in=[m.pk for m in messages], status=OutboxStatus.PENDING)
    assert left.count() == 5 - report.sent
    assert {(m.attempts, m.claim_token, m.lease_expires_at) for m in left} == {(0, None, None)}
    assert send_due_messages().sent == 5 - report.sent
