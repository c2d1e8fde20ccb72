"""Extension requests are notified by the sweep: the office of a request, the lead agency of the decision;
each once, however often the sweep runs."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from directives.choices import TaskStatus
from directives.extensions import approve_extension, refuse_extension, request_extension
from notifications.choices import NotificationKind
from notifications.models import Notification, OutboxMessage
from notifications.services import run_sweep, send_due_messages
from tests.factories import DirectiveFactory, PartFactory
from workdays.calendar import add_working_days

pytestmark = pytest.mark.django_db

REQUESTER_HEADS_AND_MAILBOX = {
    "chuyenvien@bacgiang.example",
    "truongban@bacgiang.example",
    "bqlkcn@bacgiang.example",
}


@pytest.fixture
def asked(cast, agency, policy):
    """The Board's staff ask for a month more on a task due in 20 working days."""
    today = timezone.localdate()
    task = DirectiveFactory(number="4.2", deadline=add_working_days(today, 20))
    part = PartFactory(directive=task, agency=agency, status=TaskStatus.IN_PROGRESS)
    return request_extension(
        part_id=part.pk,
        user=cast["agency_staff"],
        reason="Chờ ý kiến thẩm định của Bộ Xây dựng.",
        proposed_deadline=task.deadline + timedelta(days=30),
        evidence=ContentFile(b"%PDF-1.4", name="cong-van-245.pdf"),
    )


def emails(kind):
    return set(OutboxMessage.objects.filter(kind=kind).values_list("recipient_email", flat=True))


def test_the_office_hears_of_a_request_once(asked, cast):
    today = timezone.localdate()
    assert run_sweep(today).extension_notices == 1
    assert emails(NotificationKind.EXTENSION_REQUEST) == {"vanphong@bacgiang.example"}
    entry = Notification.objects.get(kind=NotificationKind.EXTENSION_REQUEST)
    assert entry.recipient == cast["office_staff"]
    assert entry.link == f"/directives/{asked.part.directive_id}/"
    assert "4.2" in entry.title
    assert run_sweep(today).extension_notices == 0
    assert OutboxMessage.objects.filter(kind=NotificationKind.EXTENSION_REQUEST).count() == 1


def test_the_lead_agency_hears_of_the_approval_with_the_granted_date(asked, cast):
    today = timezone.localdate()
    run_sweep(today)
    granted = asked.deadline_when_requested + timedelta(days=15)
    approve_extension(
        request_id=asked.pk,
        user=cast["office_staff"],
        granted_deadline=granted,
        note="Văn bản số 88/UBND-KTN",
    )
    report = run_sweep(today)
    assert report.extension_notices == len(REQUESTER_HEADS_AND_MAILBOX)
    assert emails(NotificationKind.EXTENSION_DECISION) == REQUESTER_HEADS_AND_MAILBOX
    assert run_sweep(today).extension_notices == 0
    send_due_messages()
    approval = next(message for message in mail.outbox if "chuyenvien@bacgiang.example" in message.to)
    assert f"{granted:%d/%m/%Y}" in approval.subject
    assert "Văn bản số 88/UBND-KTN" in approval.body


def test_the_lead_agency_hears_of_a_refusal_and_its_reason(asked, cast):
    refuse_extension(request_id=asked.pk, user=cast["office_staff"], reason="Chưa đủ căn cứ gia hạn.")
    run_sweep(timezone.localdate())
    assert emails(NotificationKind.EXTENSION_DECISION) == REQUESTER_HEADS_AND_MAILBOX
    head = Notification.objects.get(kind=NotificationKind.EXTENSION_DECISION, recipient=cast["agency_head"])
    assert "4.2" in head.title
    send_due_messages()
    refusal = next(message for message in mail.outbox if "truongban@bacgiang.example" in message.to)
    assert "Chưa đủ căn cứ gia hạn." in refusal.body
    # A refused request was never waiting when the sweep ran: the office was not told of it afterwards.
    assert not OutboxMessage.objects.filter(kind=NotificationKind.EXTENSION_REQUEST).exists()
