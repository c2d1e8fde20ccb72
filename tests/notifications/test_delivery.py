"""End to end: a real Celery worker runs the beat's jobs day after day and a real SMTP server on
loopback receives the mail: reminders on the right working days around Tết and a weekend, escalations
through the levels until the task is completed, the weekly digest, and every message exactly once."""

import socket
import threading
import time
import uuid
from datetime import date
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun, task_prerun
from django.test import override_settings

from directives.choices import TaskStatus
from directives.services import record_progress
from notifications import tasks
from notifications.models import OutboxMessage
from tasktracker.celery import app

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(300),  # a worker that hangs fails here instead of eating CI's time
]

WAIT_SECONDS = 60


class Mailbox:
    """What the SMTP server received, in order."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((tuple(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    """A port nobody listens on (aiosmtpd cannot bind port 0 itself)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=controller.port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=10,
    ):
        yield mailbox
    controller.stop()


@pytest.fixture
def own_queue():
    """A queue of this test's own, so no other worker on the machine takes its jobs.

    A worker started with `queues=` selects them on the app itself; the selection is put back afterwards,
    or the next test's worker (tests/test_celery.py) would listen to this queue only.
    """
    queues = app.amqp.queues
    name = f"test-notifications-{uuid.uuid4().hex}"
    selected, default = queues._consume_from, dict(queues._default_consume_from)
    yield name
    queues._consume_from, queues._default_consume_from = selected, default
    queues.pop(name, None)


class Days:
    """Runs the beat's jobs through the worker, one day after another, and notes what arrived each day.

    The send job is queued twice a day, as a beat firing twice or a redelivery would.
    """

    def __init__(self, mailbox, queue):
        self.mailbox = mailbox
        self.queue = queue
        self.finished = 0
        self.arrived = {}
        self._day = None
        self._lock = threading.Condition()

    def before(self, sender=None, args=None, **kwargs):
        if sender.name in (tasks.sweep.name, tasks.weekly_digest.name):
            self._day = args[0]

    def after(self, sender=None, **kwargs):
        with self._lock:
            if sender.name == tasks.send_outbox.name and self._day:
                self.arrived[self._day] = len(self.mailbox.messages)
            self.finished += 1
            self._lock.notify_all()

    def run(self, days, digest_on=()):
        with self._lock:
            target = self.finished
        for day in days:
            jobs = [(tasks.sweep, [day.isoformat()])]
            if day in digest_on:
                jobs.append((tasks.weekly_digest, [day.isoformat()]))
            jobs += [(tasks.send_outbox, []), (tasks.send_outbox, [])]
            for job, args in jobs:
                job.apply_async(args=args, queue=self.queue)
                target += 1
                time.sleep(0.002)  # the filesystem broker orders messages by the millisecond
        with self._lock:
            assert self._lock.wait_for(lambda: self.finished >= target, timeout=WAIT_SECONDS), self.finished

    def new_by_day(self):
        """The messages that arrived on each day (as counted after its send jobs)."""
        by_day, seen = {}, 0
        for day, count in sorted(self.arrived.items()):
            if count > seen:
                by_day[date.fromisoformat(day)] = self.mailbox.messages[seen:count]
            seen = count
        return by_day


def kinds(messages):
    """(kind, step) of each received message, read back from the outbox by its Message-ID."""
    by_id = {row.message_id: row for row in OutboxMessage.objects.all()}
    keys = [by_id[message["Message-ID"]] for _recipients, message in messages]
    return sorted({(row.kind, row.step) for row in keys}), len(keys)


def test_a_real_worker_delivers_reminders_escalations_and_digests_once(
    smtp_server, own_queue, cast, make_part, policy, other_agency
):
    # Due the Tuesday after Tết 2024 (8 to 14 February off), and one already overdue on 31 January.
    due = make_part(date(2024, 2, 20), title="Báo cáo rà soát quy hoạch")
    overdue = make_part(date(2024, 1, 31), title="Đề án tiêu thoát nước")
    make_part(date(2024, 3, 4), lead=other_agency, title="Việc của Sở Tài chính")
    days = Days(smtp_server, own_queue)
    task_prerun.connect(days.before, weak=False)
    task_postrun.connect(days.after, weak=False)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=[days.queue]
        ):
            first_days = [date(2024, 2, d) for d in (1, 2, 7, 9, 15, 17, 19, 20)]
            days.run(first_days, digest_on={date(2024, 2, 19)})
            record_progress(
                part_id=overdue.pk,
                user=cast["office_staff"],
                status=TaskStatus.DONE,
                note="Đã hoàn thành",
                completed_on=date(2024, 2, 20),
            )
            days.run([date(2024, 2, 21), date(2024, 2, 22), date(2024, 2, 26)])
            days.run([date(2024, 2, 26)])  # the same day once more: nothing new
    finally:
        task_prerun.disconnect(days.before)
        task_postrun.disconnect(days.after)

    arrived = {day: kinds(messages) for day, messages in days.new_by_day().items()}
    head_and_mailbox, lead_people = 2, 3
    assert arrived == {
        date(2024, 2, 1): (
            [("escalation", 1)],
            head_and_mailbox,
        ),  # overdue since 31 January: level 1 at once
        date(2024, 2, 2): ([("reminder", 7)], lead_people),  # 7 working days before 20 February
        date(2024, 2, 7): ([("escalation", 2)], 1),  # 5 working days late: the office's head
        date(2024, 2, 15): ([("reminder", 3)], lead_people),  # first day after Tết
        date(2024, 2, 19): ([("digest", 0), ("reminder", 1)], lead_people + 2 + 4),
        date(2024, 2, 20): ([("reminder", 0)], lead_people),
        date(2024, 2, 21): ([("escalation", 1)], head_and_mailbox),  # the one due on the 20th
        date(2024, 2, 22): ([("reminder", 7)], 2),  # the other agency's task, due 4 March
        # No level 3 for the completed task (it would have come on the 21st, 10 working days late).
    }

    received_ids = [message["Message-ID"] for _recipients, message in smtp_server.messages]
    assert len(received_ids) == len(set(received_ids)) == OutboxMessage.objects.count()
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}

    digests = {
        recipients[0]: message
        for recipients, message in smtp_server.messages
        if message["Message-ID"] in {row.message_id for row in OutboxMessage.objects.filter(kind="digest")}
    }
    assert set(digests) == {
        "truongban@bacgiang.example",  # the agency's head
        "giamdoc@bacgiang.example",  # the other agency's head
        "vanphong@bacgiang.example",  # the office and the leader: the province-wide summary
        "chanhvanphong@bacgiang.example",
        "lanhdao@bacgiang.example",
        "vpubnd@bacgiang.example",
    }
    head_digest = digests["truongban@bacgiang.example"]
    assert head_digest.get_content_type() == "multipart/alternative"
    text = head_digest.get_body(preferencelist=("plain",)).get_content()
    html = head_digest.get_body(preferencelist=("html",)).get_content()
    for body in (text, html):
        assert "Đề án tiêu thoát nước" in body  # overdue
        assert "Báo cáo rà soát quy hoạch" in body  # due tomorrow
        assert "Việc của Sở Tài chính" not in body
    assert due.directive.title in text
