"""Faults injected at a real SMTP server, a real Redis and real Celery workers: no message is lost; a
message is sent twice only when the server accepted it and its worker died before recording it.

Each scenario counts what the SMTP sink accepted per Message-ID (the outbox key's hash)."""

import os
import signal
import threading
import time

import pytest
from django.utils import timezone
from kombu import Connection

from notifications import tasks
from notifications.choices import OutboxStatus
from notifications.exceptions import MailServerUnavailable
from notifications.models import DeliveryAddress, OutboxMessage
from notifications.services import send_due_messages
from tasktracker.broker import RedisTransport
from tests.faults.conftest import wait_for
from tests.notifications.factories import OutboxMessageFactory

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True), pytest.mark.timeout(300)]


def queued(count: int, **fields) -> list[OutboxMessage]:
    return OutboxMessageFactory.create_batch(count, **fields)


def statuses() -> set[str]:
    return set(OutboxMessage.objects.values_list("status", flat=True))


def all_sent() -> bool:
    return statuses() == {OutboxStatus.SENT}


def enqueue_send(queue: str, broker_url: str) -> None:
    """Queue the send job as beat does, on the test's queue, through `broker_url`."""
    with Connection(broker_url, transport=RedisTransport) as connection:
        tasks.send_outbox.apply_async(queue=queue, connection=connection)


# ---------------------------------------------------------------------------------------------------
# The mail server's answers


def test_a_mail_server_down_then_up_loses_nothing_and_blames_no_address(sink):
    messages = queued(4)
    sink.stop()
    with pytest.raises(MailServerUnavailable):
        send_due_messages()
    assert statuses() == {OutboxStatus.PENDING}
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {0}
    assert not DeliveryAddress.objects.exists()
    sink.start()
    assert send_due_messages().sent == 4
    assert sorted(sink.received.values()) == [1, 1, 1, 1]
    assert set(sink.received) == {message.message_id for message in messages}


def test_a_550_fails_that_message_at_once_with_the_servers_reply(sink):
    refused = "khongton@bacgiang.example"
    sink.refuse[refused] = "550 5.1.1 <khongton@bacgiang.example>: Recipient address rejected: User unknown"
    [bad] = queued(1, recipient_email=refused)
    good = queued(2)
    report = send_due_messages()
    assert (report.sent, report.failed, report.retrying) == (2, 1, 0)
    bad.refresh_from_db()
    assert bad.status == OutboxStatus.FAILED and bad.attempts == 1
    assert bad.last_error == sink.refuse[refused]  # the server's own words, kept
    assert set(sink.received) == {message.message_id for message in good}
    assert send_due_messages(now=timezone.now() + timezone.timedelta(days=1)).sent == 0  # not retried


def test_greylisted_mail_is_retried_per_message_and_delivered(sink, settings):
    settings.NOTIFICATIONS_UNDELIVERABLE_AFTER = 2
    address = "vanphong@bacgiang.example"
    sink.greylist[address] = 6  # three messages, each refused twice before the greylist lets them in
    messages = queued(3, recipient_email=address)
    later = timezone.now()
    rounds = 0
    while not all_sent():
        rounds += 1
        assert rounds <= 4, statuses()
        later += timezone.timedelta(hours=1)
        send_due_messages(now=later)
    assert sink.greylisted == 6 and rounds == 3
    assert sorted(sink.received.values()) == [1, 1, 1]
    assert set(sink.received) == {message.message_id for message in messages}
    assert not DeliveryAddress.objects.undeliverable().exists()  # 451 is never the address's fault


def test_two_senders_with_a_slow_server_send_each_message_once(sink, database_url, settings):
    settings.NOTIFICATIONS_SEND_LEASE_SECONDS = 1  # far shorter than a batch takes
    settings.NOTIFICATIONS_SEND_BATCH_SIZE = 4
    sink.delay = 0.25
    run_started = timezone.now() - timezone.timedelta(minutes=5)  # runs begun long ago
    queued(16, next_attempt_at=run_started)
    errors = []

    def sender():
        try:
            send_due_messages(now=run_started)
        except Exception as error:
            errors.append(error)
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert all_sent() and sink.total == 16
    assert max(sink.received.values()) == 1


# ---------------------------------------------------------------------------------------------------
# Workers and the broker


def test_a_worker_killed_mid_send_is_taken_over_after_its_lease(sink, processes, redis_url):
    lease = 3
    sink.delay = 0.4
    messages = queued(8)
    worker = processes.start("worker", "--pool", "solo", NOTIFICATIONS_SEND_LEASE_SECONDS=str(lease))
    enqueue_send(processes.queue, redis_url)
    wait_for(
        lambda: sink.total >= 3, 90, "three messages at the sink"
    )  # a worker starts slowly on a busy machine
    os.killpg(worker.pid, signal.SIGKILL)  # mid-send: one message may be at the server, unrecorded
    worker.wait(timeout=10)
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENDING).exists()

    processes.start("worker", "--pool", "solo", NOTIFICATIONS_SEND_LEASE_SECONDS=str(lease))
    time.sleep(lease + 0.5)  # the dead worker's lease runs out
    enqueue_send(processes.queue, redis_url)
    wait_for(all_sent, 60, "every message recorded as sent")
    assert set(sink.received) == {message.message_id for message in messages}
    assert sink.total - len(sink.received) <= 1  # at most the one in flight when the worker died


def test_a_worker_comes_back_when_redis_restarts_mid_task(sink, processes, private_redis):
    sink.delay = 0.5
    first = queued(6)
    worker = processes.start(
        "worker", "--pool", "prefork", "--concurrency", "1", lean=False, CELERY_BROKER_URL=private_redis.url
    )
    enqueue_send(processes.queue, private_redis.url)
    wait_for(lambda: sink.total >= 1, 90, "the send job under way")
    private_redis.stop()  # the broker goes away while the job is sending (acks_late: not yet acknowledged)
    time.sleep(2)
    private_redis.start()
    restarted = time.monotonic()

    later = queued(3)
    wait_for(
        lambda: OutboxMessage.objects.filter(pk__in=[m.pk for m in first], status="sent").count() == 6,
        60,
        "the job that was running to finish",
    )
    # The worker noticed, reconnects (instead of "Unrecoverable error" and exit) and takes new jobs.
    wait_for(lambda: "Connection to broker lost" in processes.log_of(worker), 30, "the worker to notice")
    wait_for(
        lambda: "Connected to" in processes.log_of(worker).split("Connection to broker lost")[-1],
        60,
        "the worker to reconnect",
    )
    assert worker.poll() is None, processes.log_of(worker)[-3000:]
    assert "Unrecoverable error" not in processes.log_of(worker)
    enqueue_send(processes.queue, private_redis.url)
    wait_for(all_sent, 60, "the messages queued after the restart")
    assert time.monotonic() - restarted < 60
    assert set(sink.received) == {message.message_id for message in first + later}
    assert max(sink.received.values()) == 1


def test_two_beats_queue_every_job_twice_and_each_message_goes_once(sink, processes):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every_second = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name="send the outbox (faults)",
        task=tasks.send_outbox.name,
        interval=every_second,
        queue=processes.queue,
    )
    sink.delay = 0.1
    messages = queued(30)
    worker = processes.start("worker", "--pool", "prefork", "--concurrency", "2")
    for _beat in range(2):  # the mistake the deployment guards against: two beat processes
        processes.start("beat", "--max-interval", "1")
    wait_for(all_sent, 90, "every message sent")
    time.sleep(2)  # more jobs from both beats: nothing is left to send twice
    received_jobs = processes.log_of(worker).count(f"Task {tasks.send_outbox.name}[")
    assert received_jobs >= 4
    assert set(sink.received) == {message.message_id for message in messages}
    assert max(sink.received.values()) == 1
