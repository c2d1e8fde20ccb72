"""The sender: claims due outbox rows (`SKIP LOCKED`, under a lease), renders what is still to render,
sends them and records each result; a row left "sending" by a killed worker is taken again after its
lease. Failed messages can be queued again by the office."""

import logging
import smtplib
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.choices import OutboxStatus
from notifications.exceptions import MailServerUnavailable
from notifications.models import DeliveryAddress, OutboxMessage
from notifications.texts import render_contents

logger = logging.getLogger(__name__)


@dataclass
class SendReport:
    """What one run of the sender did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0


# Errors that say the recipient's address is the trouble (refused, mailbox unavailable), not the server.
ADDRESS_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the `attempts`-th failure, capped."""
    seconds = settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, settings.NOTIFICATIONS_RETRY_MAX_SECONDS))


def claim_due_messages(now, limit: int) -> tuple[uuid.UUID, list[OutboxMessage]]:
    """Take up to `limit` due messages for this sender: marked "sending" under a token and a lease.

    Rows another sender holds are skipped (`SKIP LOCKED`; SQLite serialises writers instead). A row
    whose lease ran out (its worker died) is due again.
    """
    token = uuid.uuid4()
    lease_until = now + timedelta(seconds=settings.NOTIFICATIONS_SEND_LEASE_SECONDS)
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.claimable(now)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            OutboxMessage.objects.filter(pk__in=ids).update(
                status=OutboxStatus.SENDING, claim_token=token, lease_expires_at=lease_until
            )
    return token, list(
        OutboxMessage.objects.filter(claim_token=token).select_related("content").order_by("pk")
    )


def send_due_messages(*, now=None, batch_size: int | None = None, max_batches: int = 100) -> SendReport:
    """Send what is due in the outbox, batch by batch, recording each result as it goes.

    Raises MailServerUnavailable when the server cannot be reached; the messages it held are released
    for the next run, and no address is blamed.
    """
    now = now or timezone.now()
    batch_size = batch_size or settings.NOTIFICATIONS_SEND_BATCH_SIZE
    report = SendReport()
    for _batch in range(max_batches):
        token, messages = claim_due_messages(now, batch_size)
        if not messages:
            break
        _send_batch(token, messages, report)
        if len(messages) < batch_size:
            break
    return report


def _send_batch(token: uuid.UUID, messages: list[OutboxMessage], report: SendReport) -> None:
    blocked = set(
        DeliveryAddress.objects.undeliverable()
        .filter(address__in={message.recipient_email for message in messages})
        .values_list("address", flat=True)
    )
    contents = {message.content_id: message.content for message in messages}
    unrendered = render_contents(contents.values())
    for message in messages:
        message.content = contents[message.content_id]
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        _release(token, error)
        raise MailServerUnavailable(str(error)) from error
    delivered = set()
    try:
        for message in messages:
            if message.recipient_email in blocked:
                _give_up(message, token, _("The address is marked undeliverable; correct it, then retry."))
                report.failed += 1
                continue
            if message.content_id in unrendered:
                _give_up(message, token, unrendered[message.content_id])
                report.failed += 1
                continue
            try:
                connection.send_messages([build_email(message, connection)])
            except ADDRESS_ERRORS as error:
                failed = _record_failure(message, token, error)
                report.failed += failed
                report.retrying += not failed
                if _address_failed(message.recipient_email, error):
                    blocked.add(message.recipient_email)
            except (OSError, smtplib.SMTPException) as error:
                # The server went away mid-batch: this message is retried later, the rest released.
                _record_failure(message, token, error)
                _release(token, error)
                raise MailServerUnavailable(str(error)) from error
            else:
                _record_success(message, token)
                delivered.add(message.recipient_email)
                report.sent += 1
    finally:
        try:
            connection.close()
        except (OSError, smtplib.SMTPException):
            logger.warning("Could not close the connection to the mail server", exc_info=True)
    if delivered:
        DeliveryAddress.objects.filter(address__in=delivered, consecutive_failures__gt=0).update(
            consecutive_failures=0, undeliverable_since=None
        )


def build_email(message: OutboxMessage, connection=None) -> EmailMultiAlternatives:
    """The email of an outbox row: plain text with an HTML alternative, its Message-ID from its key."""
    content = message.content
    email = EmailMultiAlternatives(
        subject=content.email_subject,
        body=content.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient_email],
        connection=connection,
        headers={
            "Message-ID": message.message_id,
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    if content.body_html:
        email.attach_alternative(content.body_html, "text/html")
    return email


def _held(message: OutboxMessage, token: uuid.UUID):
    """The row, only while this sender still holds it (a lease that ran out may have passed it on)."""
    return OutboxMessage.objects.filter(pk=message.pk, claim_token=token, status=OutboxStatus.SENDING)


def _record_success(message: OutboxMessage, token: uuid.UUID) -> None:
    updated = _held(message, token).update(
        status=OutboxStatus.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        claim_token=None,
        lease_expires_at=None,
        last_error="",
    )
    if not updated:
        logger.warning("Outbox message %s was sent after its lease ran out", message.pk)


def _record_failure(message: OutboxMessage, token: uuid.UUID, error: Exception) -> bool:
    """Count a failed attempt: retried later with backoff, or given up after the last attempt."""
    attempts = message.attempts + 1
    gave_up = attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
    _held(message, token).update(
        status=OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING,
        attempts=attempts,
        next_attempt_at=timezone.now() + retry_delay(attempts),
        claim_token=None,
        lease_expires_at=None,
        last_error=str(error)[:2000],
    )
    return gave_up


def _give_up(message: OutboxMessage, token: uuid.UUID, reason: str) -> None:
    _held(message, token).update(
        status=OutboxStatus.FAILED, claim_token=None, lease_expires_at=None, last_error=reason
    )


def _release(token: uuid.UUID, error: Exception) -> None:
    """Hand back the messages still held under `token`, untried, for the next run."""
    OutboxMessage.objects.filter(claim_token=token, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.PENDING, claim_token=None, lease_expires_at=None, last_error=str(error)[:2000]
    )


def _address_failed(address: str, error: Exception) -> bool:
    """Count a failure against the address; mark it undeliverable once it keeps failing. Returns whether
    it is marked now."""
    now = timezone.now()
    DeliveryAddress.objects.get_or_create(address=address)
    DeliveryAddress.objects.filter(address=address).update(
        consecutive_failures=F("consecutive_failures") + 1, last_error=str(error)[:2000], last_failed_at=now
    )
    DeliveryAddress.objects.filter(
        address=address,
        undeliverable_since__isnull=True,
        consecutive_failures__gte=settings.NOTIFICATIONS_UNDELIVERABLE_AFTER,
    ).update(undeliverable_since=now)
    return DeliveryAddress.objects.undeliverable().filter(address=address).exists()


def retry_failed_messages(*, addresses=(), message_ids=()) -> int:
    """Queue failed messages again: those to `addresses` (whose undeliverable mark is cleared), and
    those in `message_ids`. Returns how many."""
    addresses = [address.strip().lower() for address in addresses]
    with transaction.atomic():
        DeliveryAddress.objects.filter(address__in=addresses).update(
            consecutive_failures=0, undeliverable_since=None
        )
        DeliveryAddress.objects.filter(
            address__in=OutboxMessage.objects.filter(pk__in=message_ids).values("recipient_email")
        ).update(consecutive_failures=0, undeliverable_since=None)
        failed = OutboxMessage.objects.filter(status=OutboxStatus.FAILED).filter(
            Q(recipient_email__in=addresses) | Q(pk__in=message_ids)
        )
        return failed.update(
            status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
        )
