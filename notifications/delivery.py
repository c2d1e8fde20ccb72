"""The sender: claims due outbox rows (`SKIP LOCKED`, under a lease), renders what is still to render,
sends them and records each result; a row left "sending" by a killed worker is taken again after its
lease. Failed messages can be queued again by the office."""

import logging
import smtplib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from time import monotonic

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from agencies.models import Agency
from notifications.choices import OutboxStatus
from notifications.exceptions import MailServerUnavailable
from notifications.models import DeliveryAddress, OutboxMessage
from notifications.texts import render_contents
from tasktracker.statements import PreparedQuery

logger = logging.getLogger(__name__)


@dataclass
class SendReport:
    """What one run of the sender did; `out_of_time` when it stopped at its time limit."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    out_of_time: bool = False


@dataclass(frozen=True)
class Refusal:
    """The mail server's answer refusing one message: its code and its words, as the office reads them."""

    code: int
    reply: str

    @property
    def permanent(self) -> bool:
        """5xx: the server will never take it (no such mailbox, policy); 4xx: try again later."""
        return 500 <= self.code < 600


def refusal_of(error: Exception) -> Refusal | None:
    """The refusal of one message (the recipient or the message itself refused), else None: the server
    itself failed (unreachable, disconnected, refused our sender), which is no message's fault."""
    words: bytes | str
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, words = next(iter(error.recipients.values()))  # one recipient per message
    elif isinstance(error, smtplib.SMTPDataError):
        code, words = error.smtp_code, error.smtp_error
    else:
        return None
    reply = words.decode("utf-8", "replace") if isinstance(words, bytes) else words
    return Refusal(code, f"{code} {reply}".strip()[:2000])


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the `attempts`-th failure, capped."""
    seconds = settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, settings.NOTIFICATIONS_RETRY_MAX_SECONDS))


def default_time_limit() -> float:
    """How long one run of the sender may go on: within the send task's soft limit (30 s below its hard
    limit), leaving time for the message in progress to time out (`EMAIL_TIMEOUT`)."""
    return max(10, settings.NOTIFICATIONS_SEND_TIME_LIMIT - 30 - settings.EMAIL_TIMEOUT)


def _lease_seconds() -> int:
    return settings.NOTIFICATIONS_SEND_LEASE_SECONDS


def claim_due_messages(now, limit: int) -> tuple[uuid.UUID, list[OutboxMessage]]:
    """Take up to `limit` messages due at `now` for this sender: marked "sending" under a token and a lease.

    The lease runs from the moment of the claim (not from the start of the run), and the sender extends it
    while it is still sending (`_Lease`). Rows another sender holds are skipped (`SKIP LOCKED`; SQLite
    serialises writers instead). A row whose lease ran out (its worker died) is due again.
    """
    token = uuid.uuid4()
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.claimable(now)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            OutboxMessage.objects.filter(pk__in=ids).update(
                status=OutboxStatus.SENDING,
                claim_token=token,
                lease_expires_at=timezone.now() + timedelta(seconds=_lease_seconds()),
            )
    return token, list(
        OutboxMessage.objects.filter(claim_token=token).select_related("content").order_by("pk")
    )


class _Lease:
    """A batch's lease, extended while the batch is still sending, so no other sender takes its rows."""

    def __init__(self, token: uuid.UUID):
        self.token = token
        self.renew_at = monotonic() + _lease_seconds() / 2

    def keep(self) -> None:
        if monotonic() < self.renew_at:
            return
        OutboxMessage.objects.filter(claim_token=self.token, status=OutboxStatus.SENDING).update(
            lease_expires_at=timezone.now() + timedelta(seconds=_lease_seconds())
        )
        self.renew_at = monotonic() + _lease_seconds() / 2


def send_due_messages(
    *, now=None, batch_size: int | None = None, max_batches: int = 100, time_limit: float | None = None
) -> SendReport:
    """Send what is due in the outbox, batch by batch, recording each result as it goes.

    Stops within `time_limit` seconds (by default `default_time_limit()`): the messages of the batch not
    yet tried are handed back for the next run, and the report says `out_of_time`. Raises
    MailServerUnavailable when the server cannot be reached; the messages it held are released for the
    next run, and no address is blamed.
    """
    now = now or timezone.now()
    batch_size = batch_size or settings.NOTIFICATIONS_SEND_BATCH_SIZE
    deadline = monotonic() + (default_time_limit() if time_limit is None else time_limit)
    report = SendReport()
    for _batch in range(max_batches):
        if monotonic() >= deadline:
            report.out_of_time = True
            break
        token, messages = claim_due_messages(now, batch_size)
        if not messages:
            break
        _send_batch(token, messages, report, deadline)
        if report.out_of_time or len(messages) < batch_size:
            break
    return report


def _send_batch(token: uuid.UUID, messages: list[OutboxMessage], report: SendReport, deadline: float) -> None:
    lease = _Lease(token)
    blocked = dict(
        DeliveryAddress.objects.undeliverable()
        .filter(address__in={message.recipient_email for message in messages})
        .values_list("address", "last_error")
    )
    contents = {message.content_id: message.content for message in messages}
    unrendered = render_contents(contents.values())
    for message in messages:
        message.content = contents[message.content_id]
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        _release(token, str(error))
        raise MailServerUnavailable(str(error)) from error
    delivered = set()
    try:
        for message in messages:
            if monotonic() >= deadline:
                report.out_of_time = True
                _release(token)
                break
            lease.keep()
            if message.recipient_email in blocked:
                _give_up(message, token, _undeliverable_reason(blocked[message.recipient_email]))
                report.failed += 1
                continue
            if message.content_id in unrendered:
                _give_up(message, token, unrendered[message.content_id])
                report.failed += 1
                continue
            try:
                connection.send_messages([build_email(message, connection)])
            except (OSError, smtplib.SMTPException) as error:
                refusal = refusal_of(error)
                if refusal is None:
                    # The server went away mid-batch: this message is retried later, the rest released.
                    _record_failure(message, token, str(error))
                    _release(token, str(error))
                    raise MailServerUnavailable(str(error)) from error
                if refusal.permanent:
                    # Refused for good: failed at once with the server's words; only this counts against
                    # the address.
                    _give_up(message, token, refusal.reply, attempted=True)
                    report.failed += 1
                    if _address_refused(message.recipient_email, refusal.reply):
                        blocked[message.recipient_email] = refusal.reply
                else:
                    # Not now (greylisting, a full mailbox): this message waits and is tried again.
                    failed = _record_failure(message, token, refusal.reply)
                    report.failed += failed
                    report.retrying += not failed
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


def _undeliverable_reason(last_reply: str) -> str:
    return _(
        "The address is marked undeliverable (the mail server answered: %(reply)s); correct it, then retry."
    ) % {"reply": last_reply or "?"}


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


def _record_failure(message: OutboxMessage, token: uuid.UUID, reason: str) -> bool:
    """Count a failed attempt of this message: retried later with its own backoff, or given up after
    the last attempt. Returns whether it was given up."""
    attempts = message.attempts + 1
    gave_up = attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
    _held(message, token).update(
        status=OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING,
        attempts=attempts,
        next_attempt_at=timezone.now() + retry_delay(attempts),
        claim_token=None,
        lease_expires_at=None,
        last_error=reason[:2000],
    )
    return gave_up


def _give_up(message: OutboxMessage, token: uuid.UUID, reason: str, *, attempted: bool = False) -> None:
    """Fail the message for good with `reason`; `attempted` when the server was asked (and refused)."""
    _held(message, token).update(
        status=OutboxStatus.FAILED,
        attempts=F("attempts") + int(attempted),
        claim_token=None,
        lease_expires_at=None,
        last_error=reason[:2000],
    )


def _release(token: uuid.UUID, reason: str | None = None) -> None:
    """Hand back the messages still held under `token`, untried, for the next run."""
    held = OutboxMessage.objects.filter(claim_token=token, status=OutboxStatus.SENDING)
    if reason is None:
        held.update(status=OutboxStatus.PENDING, claim_token=None, lease_expires_at=None)
    else:
        held.update(
            status=OutboxStatus.PENDING, claim_token=None, lease_expires_at=None, last_error=reason[:2000]
        )


def _address_refused(address: str, reply: str) -> bool:
    """Count a permanent refusal against the address (temporary ones never count); mark it undeliverable
    once it has been refused `NOTIFICATIONS_UNDELIVERABLE_AFTER` times in a row. Returns whether it is
    marked now."""
    now = timezone.now()
    DeliveryAddress.objects.get_or_create(address=address)
    DeliveryAddress.objects.filter(address=address).update(
        consecutive_failures=F("consecutive_failures") + 1, last_error=reply[:2000], last_failed_at=now
    )
    DeliveryAddress.objects.filter(
        address=address,
        undeliverable_since__isnull=True,
        consecutive_failures__gte=settings.NOTIFICATIONS_UNDELIVERABLE_AFTER,
    ).update(undeliverable_since=now)
    return DeliveryAddress.objects.undeliverable().filter(address=address).exists()


@dataclass(frozen=True)
class UndeliverableAddress:
    """An address mail cannot reach, and where the office corrects it: the user's or the agency's record."""

    address: str
    since: datetime | None
    last_error: str
    user_id: int | None
    agency_id: int | None


# The addresses marked undeliverable, most recent first, as the office's dashboard lists them on every view:
# the statement's SQL compiled once, not the queryset built and compiled again for each view.
_undeliverable = PreparedQuery(DeliveryAddress, DeliveryAddress.objects.undeliverable, placeholders=())


def undeliverable_addresses(limit: int) -> list[UndeliverableAddress]:
    """The addresses marked undeliverable, most recent first, each with whose address it is (three
    queries; one when none is)."""
    rows = _undeliverable.slice(0, limit)
    if not rows:
        return []  # as most days: the owners' queries are not even built
    addresses = [row.address for row in rows]
    users = _owners(User.objects.filter(is_active=True), addresses)
    agencies = _owners(Agency.objects.all(), addresses)
    return [
        UndeliverableAddress(
            row.address,
            row.undeliverable_since,
            row.last_error,
            users.get(row.address),
            agencies.get(row.address),
        )
        for row in rows
    ]


def _owners(records, addresses: list[str]) -> dict[str, int]:
    """The first record (by id) whose email is each of `addresses` (stored lower-cased)."""
    owners: dict[str, int] = {}
    matching = records.annotate(address=Lower("email")).filter(address__in=addresses).order_by("pk")
    for address, pk in matching.values_list("address", "pk"):
        owners.setdefault(address, pk)
    return owners


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
