"""Bulk inserts for the outbox writer: COPY on PostgreSQL (some 100,000 rows on a reminder window's first
day), Django's bulk insert elsewhere; rows whose unique key is taken already are skipped."""

import json
import logging

from django.db import IntegrityError, connection, transaction
from django.db.models import JSONField
from django.utils import timezone

from notifications.models import EmailContent

logger = logging.getLogger(__name__)


def insert_contents(rows: list[dict]) -> list[int]:
    """Write the emails' contents; return their ids, in order."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        return [
            content.pk for content in EmailContent.objects.bulk_create(EmailContent(**row) for row in rows)
        ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [EmailContent._meta.db_table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    rows = [{"id": id_, **row} for id_, row in zip(ids, rows, strict=True)]
    _copy(EmailContent, connection.ops.quote_name(EmailContent._meta.db_table), rows)
    return ids


def insert_new(model, rows: list[dict]) -> None:
    """Insert `rows` (values by attname; other columns take their defaults), skipping any whose unique key
    is taken already.

    On PostgreSQL through COPY (Django's bulk insert prepares every value of every row in Python, some
    10 s for a reminder window's first day): straight into the table, since the writer looked up which
    rows exist just before; only if a concurrent writer took one of the keys since (a unique violation),
    through a temporary table and one INSERT … ON CONFLICT DO NOTHING instead.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create((model(**row) for row in rows), ignore_conflicts=True)
        return
    quote = connection.ops.quote_name
    table, staged = quote(model._meta.db_table), quote(f"staged_{model._meta.db_table}")
    try:
        with transaction.atomic():
            _copy(model, table, rows)
        return
    except IntegrityError:
        logger.info("Some %s rows were written by another run meanwhile; skipping them", model.__name__)
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {staged} AS SELECT {columns} FROM {table} WITH NO DATA")
        _copy(model, staged, rows)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staged} ON CONFLICT DO NOTHING"
        )
        cursor.execute(f"DROP TABLE {staged}")


def _copy(model, table: str, rows: list[dict]) -> None:
    """COPY `rows` into `table` (PostgreSQL), each with every column of `model` but an id it lacks: the
    defaults filled in, and the time of writing where the model stamps it."""
    fields = [
        field for field in model._meta.concrete_fields if not field.primary_key or field.attname in rows[0]
    ]
    now = timezone.now()
    defaults = {
        field.attname: now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
        for field in fields
        if field.attname not in rows[0]
    }
    names = [field.attname for field in fields]
    as_json = {field.attname for field in fields if isinstance(field, JSONField)}
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            values = [row[name] if name in row else defaults[name] for name in names]
            if as_json:
                values = [
                    json.dumps(value) if name in as_json and value is not None else value
                    for name, value in zip(names, values, strict=True)
                ]
            copy.write_row(values)
