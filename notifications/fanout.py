"""The outbox writer's batch on PostgreSQL, set-based: one staged row per notification, its recipients as
arrays, fanned out to one row per recipient by the database.

A month's end writes some 60,000 reminders at 100,000 tasks (620,000 at 1,000,000), about ten recipients
each: building, checking and copying a row per recipient in Python was most of the sweep. Here Python
handles a notification once: it copies it into a temporary table with its recipients' addresses and user
ids (`Fanned`), asks which notifications someone still lacks (one query), renders only those, and two
`INSERT … SELECT … ON CONFLICT DO NOTHING` statements write the outbox rows and the in-app entries. The
unique keys skip what exists, also what a concurrent run wrote a moment before; the rows each statement
returns are what this run wrote, so nothing is counted twice.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from notifications.models import EmailContent, Notification, OutboxMessage

NOTICES = "notifications_fanned_notice"
CONTENTS = "notifications_fanned_content"


@dataclass
class Fanned:
    """One notification as staged: its key without the recipient, and the recipients' keys.

    `out_emails` / `out_users`: the address and user (None for a mailbox) of each outbox row;
    `app_users`: the user of each in-app entry.
    """

    index: int
    kind: str
    subject: str
    period: str
    step: int
    part_id: int | None
    agency_id: int | None
    body: str
    out_emails: list[str]
    out_users: list[int | None]
    app_users: list[int]


@dataclass(frozen=True)
class Lacking:
    """What a staged notification's recipients lack: how many emails, and whether any in-app entry."""

    emails: int
    entries: bool


def stage(notifications: list[Fanned]) -> dict[int, Lacking]:
    """Stage a batch and return, by index, the notifications that someone still lacks (one query)."""
    _create_tables()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {NOTICES}, {CONTENTS}")
        _copy(
            cursor,
            NOTICES,
            [
                (
                    each.index,
                    each.kind,
                    each.subject,
                    each.period,
                    each.step,
                    each.part_id,
                    each.agency_id,
                    each.body,
                    _text_array(each.out_emails),
                    _number_array(each.out_users),
                    _number_array(each.app_users),
                )
                for each in notifications
            ],
        )
        cursor.execute(
            f"""
            SELECT n.i, lacking.emails, lacking.entries FROM {NOTICES} n
            CROSS JOIN LATERAL (SELECT
                -- LIMIT 1, not EXISTS: PostgreSQL may hash an EXISTS over the whole table, which grows
                -- with every batch; this one reads the unique key's index.
                (SELECT TRUE FROM {_table(OutboxMessage)} o
                    WHERE o.kind = n.kind AND o.subject = n.subject AND o.period = n.period
                      AND o.step = n.step LIMIT 1) IS NOT NULL AS emailed,
                (SELECT TRUE FROM {_table(Notification)} x
                    WHERE x.kind = n.kind AND x.subject = n.subject AND x.period = n.period
                      AND x.step = n.step LIMIT 1) IS NOT NULL AS entered
            ) AS written
            CROSS JOIN LATERAL (SELECT
                -- Recipient by recipient only for a notification that some have (rarely, on a first run).
                CASE WHEN NOT written.emailed THEN cardinality(n.out_emails) ELSE (
                    SELECT count(*) FROM unnest(n.out_emails) AS r(email) WHERE NOT EXISTS (
                        SELECT 1 FROM {_table(OutboxMessage)} o
                        WHERE o.kind = n.kind AND o.subject = n.subject AND o.period = n.period
                          AND o.step = n.step AND o.recipient_email = r.email))
                END AS emails,
                CASE WHEN NOT written.entered THEN cardinality(n.app_users) > 0 ELSE EXISTS (
                    SELECT 1 FROM unnest(n.app_users) AS r(user_id) WHERE NOT EXISTS (
                        SELECT 1 FROM {_table(Notification)} x
                        WHERE x.kind = n.kind AND x.subject = n.subject AND x.period = n.period
                          AND x.step = n.step AND x.recipient_id = r.user_id))
                END AS entries
            ) AS lacking
            WHERE lacking.emails > 0 OR lacking.entries
            """
        )
        return {index: Lacking(emails, entries) for index, emails, entries in cursor.fetchall()}


def write(contents: list[tuple[int, int | None, str, str]], *, listed: bool):
    """Write the outbox rows and in-app entries of the staged notifications given in `contents`
    ((index, content id or None when no email is lacking, title, link) each), skipping existing keys.

    Returns the notifications this run wrote, counted by their email when they have one (an entry in
    the list alone counts only for a recipient without an email): their number, or with `listed`, the
    (index, address) of each email and the (index, user id) of each entry counted.
    """
    with connection.cursor() as cursor:
        _copy(cursor, CONTENTS, contents)
        emails = _insert(
            cursor,
            OutboxMessage,
            {
                "kind": "n.kind",
                "subject": "n.subject",
                "period": "n.period",
                "step": "n.step",
                "recipient_email": "r.email",
                "recipient_user_id": "r.user_id",
                "part_id": "n.part_id",
                "agency_id": "n.agency_id",
                "content_id": "c.content_id",
            },
            recipients="unnest(n.out_emails, n.out_users) WITH ORDINALITY AS r(email, user_id, position)",
            written="recipient_email",
            counted="TRUE",
            only="c.content_id IS NOT NULL",
            listed=listed,
        )
        entries = _insert(
            cursor,
            Notification,
            {
                "recipient_id": "r.user_id",
                "kind": "n.kind",
                "subject": "n.subject",
                "period": "n.period",
                "step": "n.step",
                "part_id": "n.part_id",
                "title": "c.title",
                "body": "n.body",
                "link": "c.link",
            },
            recipients="unnest(n.app_users) WITH ORDINALITY AS r(user_id, position)",
            written="recipient_id",
            # A user who has an email of it is counted by the email.
            counted="array_position(n.out_users, w.recipient_id) IS NULL",
            only="TRUE",
            listed=listed,
        )
    return emails, entries


def drop_unsent_contents(content_ids: list[int]) -> None:
    """Delete the contents written for emails that a concurrent run had written first."""
    EmailContent.objects.filter(pk__in=content_ids, messages=None).delete()


def _insert(cursor, model, values: dict, *, recipients, written, counted, only, listed):
    """INSERT one row per recipient of each staged notification that has a content row, skipping taken
    keys; return the rows written and counted (`listed`: (index, `written`) each), else their number."""
    now = timezone.now()
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = {field.attname: field.column for field in fields}
    defaults = {
        field.attname: now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
        for field in fields
        if field.attname not in values
    }
    quote = connection.ops.quote_name
    names = [*values, *defaults]
    selected = [*values.values(), *(f"%(default_{name})s" for name in defaults)]
    cursor.execute(
        f"""
        WITH w AS (
            INSERT INTO {_table(model)} ({", ".join(quote(columns[name]) for name in names)})
            SELECT {", ".join(selected)}
            FROM {NOTICES} n JOIN {CONTENTS} c ON c.i = n.i CROSS JOIN LATERAL {recipients}
            WHERE {only}
            ORDER BY n.i, r.position
            ON CONFLICT DO NOTHING
            RETURNING kind, subject, period, step, {written}
        )
        SELECT {"n.i, w." + written if listed else "count(*)"}
        FROM w JOIN {NOTICES} n
          ON (w.kind, w.subject, w.period, w.step) = (n.kind, n.subject, n.period, n.step)
        WHERE {counted}
        """,
        {f"default_{name}": value for name, value in defaults.items()},
    )
    return cursor.fetchall() if listed else cursor.fetchone()[0]


def _create_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"""CREATE TEMPORARY TABLE IF NOT EXISTS {NOTICES} (
                i integer PRIMARY KEY, kind text, subject text, period text, step integer,
                part_id bigint, agency_id bigint, body text,
                out_emails text[], out_users bigint[], app_users bigint[])"""
        )
        cursor.execute(
            f"""CREATE TEMPORARY TABLE IF NOT EXISTS {CONTENTS} (
                i integer PRIMARY KEY, content_id bigint, title text, link text)"""
        )


def _copy(cursor, table: str, rows) -> None:
    with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


# Arrays written as PostgreSQL reads them: psycopg's own dumper tests each element with a regular
# expression, a quarter of the sweep's Python time on a month's end.
def _text_array(values: list[str]) -> str:
    quoted = (value.replace("\\", "\\\\").replace('"', '\\"') for value in values)
    return "{" + ",".join(f'"{value}"' for value in quoted) + "}"


def _number_array(values: Sequence[int | None]) -> str:
    return "{" + ",".join("NULL" if value is None else str(int(value)) for value in values) + "}"


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)
