"""Writing notifications, each once: outbox rows (with their shared `EmailContent`) and in-app entries.

Every outgoing email is first written to `OutboxMessage` under a unique key (kind, what it is about,
period or level, recipient) in the sweep's transaction, so a beat that fires twice, a retried task or
two workers write each notification once; its text is stored once (`EmailContent`) for all the
recipients of the same notification.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.db import connection

from notifications import fanout
from notifications.bulk import insert_contents, insert_new
from notifications.models import EmailContent, Escalation, Notification, OutboxMessage
from notifications.recipients import Recipient
from notifications.rendering import Rendered, ToRender


@dataclass
class _Planned:
    """One notification for one recipient: the row that counts it as written (its email, else its entry
    in the in-app list), and how a report lists it."""

    outbox_key: tuple | None
    in_app_key: tuple | None
    entry: dict | None


class OutboxWriter:
    """Collects a batch of notifications and writes it with bulk inserts that skip existing keys.

    `flush` first asks which of the batch's notifications the outbox and the in-app lists hold already:
    a notification everyone has is neither rendered nor sent to the database again, so a sweep repeated
    the same day costs little. The unique keys stay the guard against a concurrent sweep; what this run
    itself wrote is recognised by a batch id stamped on the new rows, so nothing is counted twice.
    `itemized` keeps a report entry for each notification written, else only their number.
    """

    def __init__(self, *, itemized: bool = False):
        self.itemized = itemized
        self.existing_outbox: set[tuple] = set()
        self.existing_in_app: set[tuple] = set()
        self._start_batch()

    def _start_batch(self):
        self.batch_id = uuid.uuid4()
        # Rows by attname: some 100,000 on a reminder window's first day, too many to build models of.
        self.contents: list[dict] = []
        self.content_ids: list[int] = []
        self.outbox: list[dict] = []
        self.in_app: list[dict] = []
        self.escalations: list[Escalation] = []
        self.pending: list[dict] = []
        self.planned: list[_Planned] = []

    def _look_up(self, kind: str, keys) -> None:
        """Note which rows exist for the notifications `keys` ((subject, period, step) each): one query for
        the outbox, one for the in-app lists."""
        keys = set(keys)
        if not keys:
            return
        subjects, periods, steps = ({key[n] for key in keys} for n in range(3))
        about = {"kind": kind, "subject__in": subjects, "period__in": periods, "step__in": steps}
        for subject, period, step, email in (
            OutboxMessage.objects.filter(**about)
            .order_by()
            .values_list("subject", "period", "step", "recipient_email")
        ):
            if (subject, period, step) in keys:
                self.existing_outbox.add((kind, subject, period, step, email))
        for subject, period, step, user_id in (
            Notification.objects.filter(**about)
            .order_by()
            .values_list("subject", "period", "step", "recipient_id")
        ):
            if (subject, period, step) in keys:
                self.existing_in_app.add((user_id, kind, subject, period, step))

    def add(self, **notification) -> None:
        """Add one notification to the batch (the arguments of `_plan`), planned when the batch is written."""
        self.pending.append(notification)

    def _plan(
        self,
        *,
        kind: str,
        subject: str,
        period: str,
        step: int,
        recipients: list[Recipient],
        render: Callable[[], Rendered | ToRender],
        entry: dict,
        body: str = "",
        emails_to: Callable[[Recipient], bool] | None = None,
        in_app: bool = True,
        in_app_to: Callable[[Recipient], bool] | None = None,
        part_id: int | None = None,
        agency_id: int | None = None,
        link: str | Callable[[], str] = "",
    ) -> None:
        """Plan one notification for those of `recipients` who lack it; `render` runs only if anyone does.

        Each recipient with an address gets an email (unless `emails_to` says no), each user an entry in
        the in-app list (unless `in_app` is off or `in_app_to` says no) that links to `link` (worked out
        only then, if a callable).
        """
        missing = []
        for recipient in recipients:
            outbox_key = in_app_key = None
            if recipient.email and (emails_to is None or emails_to(recipient)):
                outbox_key = (kind, subject, period, step, recipient.email)
            if in_app and recipient.user_id is not None and (in_app_to is None or in_app_to(recipient)):
                in_app_key = (recipient.user_id, kind, subject, period, step)
            writes_outbox = outbox_key is not None and outbox_key not in self.existing_outbox
            writes_in_app = in_app_key is not None and in_app_key not in self.existing_in_app
            if writes_outbox or writes_in_app:
                missing.append((recipient, outbox_key, in_app_key, writes_outbox, writes_in_app))
        if not missing:
            return
        rendered = render()
        content = None
        if callable(link):
            link = link()
        for recipient, outbox_key, in_app_key, writes_outbox, writes_in_app in missing:
            if writes_outbox:
                if content is None:
                    # The index of the content in this batch until its id is known.
                    content = len(self.contents)
                    self.contents.append(content_row(rendered))
                self.outbox.append(
                    {
                        "kind": kind,
                        "subject": subject,
                        "period": period,
                        "step": step,
                        "recipient_email": recipient.email,
                        "recipient_user_id": recipient.user_id,
                        "part_id": part_id,
                        "agency_id": agency_id,
                        "content_id": content,
                        "sweep_id": self.batch_id,
                    }
                )
            if writes_in_app:
                self.in_app.append(
                    {
                        "recipient_id": recipient.user_id,
                        "kind": kind,
                        "subject": subject,
                        "period": period,
                        "step": step,
                        "part_id": part_id,
                        "title": rendered.subject,
                        "body": body,
                        "link": link,
                        "sweep_id": self.batch_id,
                    }
                )
            # Counted by its email when it has one (an entry added to the list alone is not counted then).
            if writes_outbox or (outbox_key is None and writes_in_app):
                self.planned.append(
                    _Planned(
                        outbox_key,
                        None if outbox_key else in_app_key,
                        _listed(entry, recipient, by_email=bool(outbox_key)) if self.itemized else None,
                    )
                )

    def flush(self) -> tuple[int, list[dict]]:
        """Write the batch; return how many notifications this run wrote (not what existed), and their
        report entries when itemized."""
        if not self.pending and not self.escalations:
            return 0, []
        if fans_out():
            return self._flush_fanned_out()
        for kind in {notification["kind"] for notification in self.pending}:
            self._look_up(
                kind,
                [
                    (each["subject"], each["period"], each["step"])
                    for each in self.pending
                    if each["kind"] == kind
                ],
            )
        for notification in self.pending:
            self._plan(**notification)
        if self.escalations:
            Escalation.objects.bulk_create(self.escalations, ignore_conflicts=True)
        self.content_ids = insert_contents(self.contents)
        for row in self.outbox:
            row["content_id"] = self.content_ids[row["content_id"]]
        insert_new(OutboxMessage, self.outbox)
        insert_new(Notification, self.in_app)
        written = self.planned if self._wrote_every_row() else self._written_by_this_run()
        self._start_batch()
        return len(written), [planned.entry for planned in written if planned.entry is not None]

    def _flush_fanned_out(self) -> tuple[int, list[dict]]:
        """`flush` on PostgreSQL: each notification staged once with its recipients, and fanned out to a
        row per recipient by the database (`notifications.fanout`)."""
        if self.escalations:
            Escalation.objects.bulk_create(self.escalations, ignore_conflicts=True)
        keys = [_recipient_keys(notification) for notification in self.pending]
        lacking = fanout.stage(
            [
                fanout.Fanned(
                    index,
                    notification["kind"],
                    notification["subject"],
                    notification["period"],
                    notification["step"],
                    notification.get("part_id"),
                    notification.get("agency_id"),
                    notification.get("body", ""),
                    [email for email, _user_id in out],
                    [user_id for _email, user_id in out],
                    app,
                )
                for index, (notification, (out, app)) in enumerate(zip(self.pending, keys, strict=True))
            ]
        )
        staged = []
        for index, lacks in sorted(lacking.items()):
            notification = self.pending[index]
            rendered = notification["render"]()
            link = notification.get("link", "")
            if callable(link):
                link = link()
            content = None
            if lacks.emails:
                content = len(self.contents)
                self.contents.append(content_row(rendered))
            staged.append((index, content, rendered.subject, link))
        self.content_ids = insert_contents(self.contents)
        emails, entries = fanout.write(
            [
                (index, None if content is None else self.content_ids[content], title, link)
                for index, content, title, link in staged
            ],
            listed=self.itemized,
        )
        emails_written = len(emails) if self.itemized else emails
        if emails_written < sum(lacks.emails for lacks in lacking.values()):
            fanout.drop_unsent_contents(self.content_ids)
        listed = self._listed_fanned_out(keys, emails, entries) if self.itemized else []
        self._start_batch()
        return (len(listed) if self.itemized else emails + entries), listed

    def _listed_fanned_out(self, keys, emails, entries) -> list[dict]:
        """The report entries of what `fanout.write` wrote, in the order of the batch and its recipients."""
        emailed, entered = set(emails), set(entries)
        listed = []
        for index, (notification, (out, _app)) in enumerate(zip(self.pending, keys, strict=True)):
            with_email = {email for email, _user_id in out}
            for recipient in notification["recipients"]:
                if recipient.email in with_email:
                    if (index, recipient.email) in emailed:
                        listed.append(_listed(notification["entry"], recipient, by_email=True))
                elif (index, recipient.user_id) in entered:
                    listed.append(_listed(notification["entry"], recipient, by_email=False))
        return listed

    def _wrote_every_row(self) -> bool:
        """Whether every row of the batch went in (the usual case: no concurrent sweep came first)."""
        return (
            not self.outbox
            or OutboxMessage.objects.filter(sweep_id=self.batch_id).count() == len(self.outbox)
        ) and (
            not self.in_app or Notification.objects.filter(sweep_id=self.batch_id).count() == len(self.in_app)
        )

    def _written_by_this_run(self) -> list[_Planned]:
        """The planned notifications whose rows carry this batch's id; the contents of emails a concurrent
        sweep wrote first are dropped."""
        written_outbox = set(
            OutboxMessage.objects.filter(sweep_id=self.batch_id).values_list(
                "kind", "subject", "period", "step", "recipient_email"
            )
        )
        written_in_app = set(
            Notification.objects.filter(sweep_id=self.batch_id).values_list(
                "recipient_id", "kind", "subject", "period", "step"
            )
        )
        EmailContent.objects.filter(pk__in=self.content_ids, messages=None).delete()
        return [
            planned
            for planned in self.planned
            if planned.outbox_key in written_outbox or planned.in_app_key in written_in_app
        ]


def fans_out() -> bool:
    """Whether the database fans each notification out to its recipients (`notifications.fanout`)."""
    return connection.vendor == "postgresql"


def _recipient_keys(notification: dict) -> tuple[list[tuple[str, int | None]], list[int]]:
    """(address, user id) of each recipient emailed, and the user id of each given an in-app entry: the
    rule of `OutboxWriter._plan`, for `fanout`."""
    emails_to = notification.get("emails_to")
    out = [
        (recipient.email, recipient.user_id)
        for recipient in notification["recipients"]
        if recipient.email and (emails_to is None or emails_to(recipient))
    ]
    in_app_to = notification.get("in_app_to")
    app = (
        [
            recipient.user_id
            for recipient in notification["recipients"]
            if recipient.user_id is not None and (in_app_to is None or in_app_to(recipient))
        ]
        if notification.get("in_app", True)
        else []
    )
    return out, app


def content_row(rendered: Rendered | ToRender) -> dict:
    """An `EmailContent` row by attname: the text, or what the sender renders it from."""
    if isinstance(rendered, ToRender):
        return {
            "email_subject": rendered.subject,
            "body_text": "",
            "body_html": "",
            "to_render": rendered.stored(),
        }
    return {
        "email_subject": rendered.subject,
        "body_text": rendered.text,
        "body_html": rendered.html,
        "to_render": None,
    }


def _listed(entry: dict, recipient: Recipient, *, by_email: bool) -> dict:
    """How a report lists one recipient's notification: the recipient goes before the level, as the
    commands' JSON lists them."""
    listed = {key: value for key, value in entry.items() if key != "level"}
    listed["recipient"] = recipient.email if by_email else recipient.username
    if "level" in entry:
        listed["level"] = entry["level"]
    return listed


def chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def chunk_size() -> int:
    return settings.NOTIFICATIONS_SWEEP_CHUNK_SIZE
