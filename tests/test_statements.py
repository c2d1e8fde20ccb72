"""Prepared queries: the SQL compiled once, the instances the queryset itself would return."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, DatabaseError, NotSupportedError, connections, transaction
from django.db.models import Count, F, Window
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from directives.models import Part
from tasktracker import statements
from tasktracker.lookups import AmongIds, ids_parameter
from tasktracker.statements import PLACEHOLDER_KEYS, PLACEHOLDER_TEXT, PreparedQuery
from tests.factories import AgencyFactory, PartFactory

pytestmark = pytest.mark.django_db


def fields_of(instance):
    """An instance's field values and the related objects select_related() filled in, recursively."""
    deferred = instance.get_deferred_fields()
    values = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.attname not in deferred
    }
    related = {name: fields_of(obj) for name, obj in instance._state.fields_cache.items() if obj is not None}
    return values | {"_related": related, "_deferred": deferred, "_db": instance._state.db}


def users_with_role_and_agency(pk):
    return User.objects.select_related("role", "agency__parent").filter(pk=pk).order_by()


def test_the_instances_are_those_the_queryset_returns_select_related_included(
    office_staff, agency_head, django_assert_num_queries
):
    agency_head.agency.parent = office_staff.agency
    agency_head.agency.save()
    prepared = PreparedQuery(User, users_with_role_and_agency)
    for user in (office_staff, agency_head):
        with django_assert_num_queries(1):
            (prepared_user,) = prepared(user.pk)
        (expected,) = users_with_role_and_agency(user.pk)
        assert fields_of(prepared_user) == fields_of(expected)
        assert prepared_user == expected
        with django_assert_num_queries(0):  # role, agency and its parent came with the user
            assert prepared_user.role.code == user.role.code
            assert prepared_user.agency.name == user.agency.name
            parent = prepared_user.agency.parent
        assert (parent.pk if parent else None) == (office_staff.agency.pk if user == agency_head else None)
        # Converted as the database backend converts them (SQLite returns text for datetimes).
        assert timezone.is_aware(prepared_user.date_joined)
    assert prepared(office_staff.pk + agency_head.pk + 1000) == []
    assert prepared.first(office_staff.pk + agency_head.pk + 1000) is None


def test_annotations_deferred_fields_and_a_missing_relation_are_as_the_querysets(agency, other_agency):
    PartFactory.create_batch(2, agency=agency)
    agency.parent = other_agency
    agency.save()
    no_parent = AgencyFactory(name="Sở không cấp trên")

    def agencies(pk):
        return (
            Agency.objects.filter(pk=pk)
            .select_related("parent")
            .only("name", "parent__name")
            .annotate(part_count=Count("parts"), name_again=F("name"))
        )

    prepared = PreparedQuery(Agency, agencies)
    for pk in (agency.pk, other_agency.pk, no_parent.pk):
        (instance,) = prepared(pk)
        (expected,) = agencies(pk)
        assert fields_of(instance) == fields_of(expected)
        assert (instance.part_count, instance.name_again) == (expected.part_count, expected.name_again)
        assert "kind" in instance.get_deferred_fields()
        if instance.parent_id:
            assert "kind" in instance.parent.get_deferred_fields()
    assert prepared.first(agency.pk).part_count == 2


def test_several_keys_of_either_kind_each_in_its_place(agency, other_agency):
    mine = PartFactory(agency=agency)
    PartFactory(agency=other_agency, directive=mine.directive)
    parts = PreparedQuery(
        Part,
        lambda directive_id, agency_id: Part.objects.filter(directive_id=directive_id, agency_id=agency_id),
        PLACEHOLDER_KEYS[:2],
    )
    assert parts(mine.directive_id, agency.pk) == [mine]
    assert parts(mine.directive_id, agency.pk + other_agency.pk + 1000) == []
    named = PreparedQuery(
        Agency,
        lambda name, pk: Agency.objects.filter(name=name).exclude(pk=pk),
        (PLACEHOLDER_TEXT, PLACEHOLDER_KEYS[0]),
    )
    assert named(agency.name, other_agency.pk) == [agency]
    assert named(agency.name, agency.pk) == []


def test_the_sql_is_compiled_once_per_database_and_run_with_each_calls_keys(office_staff, agency_head):
    built = []

    def users(pk):
        built.append(pk)
        return users_with_role_and_agency(pk)

    prepared = PreparedQuery(User, users)
    assert prepared(office_staff.pk) == [office_staff]
    assert prepared(agency_head.pk) == [agency_head]
    # Built once more with other placeholders when compiled, to check it takes its key as it is.
    assert built == [statements.PLACEHOLDER_KEY, statements.PLACEHOLDER_KEY - 100_000]
    assert list(prepared._statements) == [(DEFAULT_DB_ALIAS,)]


def test_the_router_picks_the_database_on_every_call(office_staff, monkeypatch):
    asked = []

    class Router:
        def db_for_read(self, model, **hints):
            asked.append(model)
            return DEFAULT_DB_ALIAS

    monkeypatch.setattr(statements, "router", Router())
    prepared = PreparedQuery(User, users_with_role_and_agency)
    first, second = prepared.first(office_staff.pk), prepared.first(office_staff.pk)
    assert asked == [User, User]
    # The instances know where they were read, as the router's next decisions about them need.
    assert first._state.db == second._state.db == DEFAULT_DB_ALIAS
    assert first.role._state.db == DEFAULT_DB_ALIAS


def test_a_key_the_queryset_does_not_use_is_refused_with_a_clear_error(office_staff):
    ignores_key = PreparedQuery(User, lambda pk: User.objects.filter(is_active=True))
    with pytest.raises(ValueError, match="does not use its key number 1"):
        ignores_key(office_staff.pk)
    second_ignored = PreparedQuery(User, lambda pk, other: User.objects.filter(pk=pk), PLACEHOLDER_KEYS[:2])
    with pytest.raises(ValueError, match="key number 2"):
        second_ignored(office_staff.pk, 1)
    # A key the queryset changes (here into a pattern) is not found either: it cannot be substituted.
    pattern = PreparedQuery(
        User, lambda name: User.objects.filter(username__contains=name), (PLACEHOLDER_TEXT,)
    )
    with pytest.raises(ValueError, match="key number 1"):
        pattern("van")


def test_keys_of_the_wrong_number_or_type_and_other_iterables_are_refused(office_staff):
    prepared = PreparedQuery(User, users_with_role_and_agency)
    with pytest.raises(TypeError):
        prepared(office_staff.pk, 2)
    with pytest.raises(TypeError):
        prepared(str(office_staff.pk))
    with pytest.raises(ValueError, match="model instances"):
        PreparedQuery(User, lambda pk: User.objects.filter(pk=pk).values_list("pk", flat=True))(1)
    with pytest.raises(ValueError, match="prefetch_related"):
        PreparedQuery(User, lambda pk: User.objects.filter(pk=pk).prefetch_related("groups"))(1)
    with pytest.raises(ValueError, match="lists Session"):
        PreparedQuery(User, lambda key: Session.objects.filter(session_key=key), (PLACEHOLDER_TEXT,))("k")


def test_values_rows_are_the_dicts_the_queryset_gives(agency, other_agency, django_assert_num_queries):
    for part in PartFactory.create_batch(3, agency=agency):
        part.directive.supporting_agencies.add(other_agency)

    def parts(agency_id):
        return (
            Part.objects.filter(agency_id=agency_id)
            .annotate(supporters=Count("directive__supporting_agencies"))
            .order_by("pk")
            .values("pk", "status", "created_at", "directive__notice__title", "supporters")
        )

    prepared = PreparedQuery(Part, parts)
    with django_assert_num_queries(1):
        rows = prepared(agency.pk)
    assert rows == list(parts(agency.pk))
    assert len(rows) == 3 and rows[0]["supporters"] == 1
    assert timezone.is_aware(rows[0]["created_at"])  # converted as the backend converts (SQLite: text)
    assert prepared(other_agency.pk) == []


@pytest.mark.parametrize("named", [False, True])
def test_values_list_rows_are_the_tuples_the_queryset_gives(
    agency, other_agency, named, django_assert_num_queries
):
    for part in PartFactory.create_batch(3, agency=agency):
        part.directive.supporting_agencies.add(other_agency)

    def parts(agency_id):
        return (
            Part.objects.filter(agency_id=agency_id)
            .annotate(supporters=Count("directive__supporting_agencies"), total=Window(Count("pk")))
            .order_by("pk")
            .values_list("pk", "total", "created_at", "directive__notice__title", "supporters", named=named)
        )

    prepared = PreparedQuery(Part, parts)
    with django_assert_num_queries(1):
        rows = prepared(agency.pk)
    expected = list(parts(agency.pk))
    assert rows == expected and [type(row) for row in rows] == [type(row) for row in expected]
    assert [row[1] for row in rows] == [3, 3, 3] and {row[4] for row in rows} == {1}
    assert timezone.is_aware(rows[0][2])  # converted as the backend converts (SQLite: text)
    if named:
        assert (rows[0].pk, rows[0].total, rows[0].supporters) == (expected[0].pk, 3, 1)
    assert prepared(other_agency.pk) == []


def test_a_list_of_ids_is_a_key_compiled_for_each_length(agency, django_assert_num_queries):
    parts = PartFactory.create_batch(4, agency=agency)
    ids = [part.pk for part in parts]
    built = []

    def parts_of(part_ids, agency_id):
        built.append(len(part_ids))
        return Part.objects.filter(pk__in=part_ids, agency_id=agency_id).order_by("-pk")

    prepared = PreparedQuery(Part, parts_of, (statements.PLACEHOLDER_IDS, PLACEHOLDER_KEYS[0]))
    assert prepared(ids[:2], agency.pk) == list(parts_of(ids[:2], agency.pk))
    assert prepared(ids[2:], agency.pk) == [parts[3], parts[2]]  # same length: the same statement
    assert prepared(tuple(ids[1:]), agency.pk) == [parts[3], parts[2], parts[1]]
    assert prepared([ids[0], ids[0] + 10_000], agency.pk) == [parts[0]]
    assert prepared(ids, agency.pk + 1) == []
    # The first assert called the queryset itself too; each compiling builds it twice (other placeholders).
    assert built == [2, 2, 2, 3, 3, 4, 4]
    with django_assert_num_queries(0):  # an empty list matches nothing, as the queryset would
        assert prepared([], agency.pk) == []
    with pytest.raises(TypeError, match="list of integer ids"):
        prepared([str(ids[0])], agency.pk)
    with pytest.raises(TypeError, match="list of integer ids"):
        prepared(ids[0], agency.pk)


def test_a_day_is_a_key_on_every_backend(agency):
    from datetime import date, timedelta

    from directives.choices import TaskStatus

    due = date(2026, 3, 10)
    part = PartFactory(agency=agency, status=TaskStatus.IN_PROGRESS)
    Part.objects.filter(pk=part.pk).update(effective_deadline=due)

    def timeliness(pk, today):
        return Part.objects.filter(pk=pk).with_timeliness(today).values("timeliness")

    prepared = PreparedQuery(Part, timeliness, (PLACEHOLDER_KEYS[0], statements.PLACEHOLDER_DAY))
    for today in (due - timedelta(days=1), due, due + timedelta(days=1)):
        assert prepared(part.pk, today) == list(timeliness(part.pk, today))
    assert [prepared.first(part.pk, day)["timeliness"] for day in (due, due + timedelta(days=1))] == [
        "in_progress_on_time",
        "overdue",
    ]
    with pytest.raises(TypeError):
        prepared(part.pk, "2026-03-10")


def test_a_queryset_that_derives_a_value_or_its_sql_from_a_key_is_refused(agency):
    from datetime import timedelta

    part = PartFactory(agency=agency)
    # Something worked out from the key (a week before) would stay as worked out from the placeholder.
    day_after = PreparedQuery(
        Part,
        lambda pk, today: Part.objects.filter(
            pk=pk, effective_deadline__lt=today, effective_deadline__gte=today - timedelta(days=7)
        ),
        (PLACEHOLDER_KEYS[0], statements.PLACEHOLDER_DAY),
    )
    with pytest.raises(ValueError, match="derives its SQL or a parameter from a key"):
        day_after(part.pk, timezone.localdate())
    # A key that decides the SQL's shape (a filter or none) would keep the shape of the placeholder's.
    shaped = PreparedQuery(
        Part, lambda pk: Part.objects.filter(pk=pk) if pk % 3 else Part.objects.filter(pk=pk, agency=agency)
    )
    with pytest.raises(ValueError, match="derives its SQL or a parameter from a key"):
        shaped(part.pk)


def test_a_slice_is_the_queryset_s_slice_its_limit_and_offset_parameters_of_one_statement(
    agency, other_agency, django_assert_num_queries
):
    PartFactory.create_batch(4, agency=agency)
    PartFactory.create_batch(3, agency=other_agency)

    def parts_of(agency_id):
        return Part.objects.filter(agency_id=agency_id).order_by("-pk").values("pk", "agency_id")

    prepared = PreparedQuery(Part, parts_of)
    for key in (agency.pk, other_agency.pk):
        for start, stop in [(0, 1), (0, 2), (1, 3), (2, 50), (3, 4), (6, 9), (0, 100)]:
            with django_assert_num_queries(1):
                page = prepared.slice(start, stop, key)
            assert page == list(parts_of(key)[start:stop])
    # One statement for every slice, besides the one called whole (a shape of its own).
    assert prepared(agency.pk) == list(parts_of(agency.pk))
    assert list(prepared._statements) == [(DEFAULT_DB_ALIAS, statements.SLICED), (DEFAULT_DB_ALIAS,)]
    assert prepared._statements[(DEFAULT_DB_ALIAS, statements.SLICED)].sql.endswith(" LIMIT %s OFFSET %s")
    with django_assert_num_queries(0):  # no row asked for, as the queryset would not ask either
        assert prepared.slice(2, 2, agency.pk) == []


def test_a_slice_of_no_keys_and_of_a_list_of_ids(agency):
    parts = PartFactory.create_batch(5, agency=agency)
    everything = PreparedQuery(Part, lambda: Part.objects.order_by("pk").values("pk"), ())
    assert everything.slice(1, 3) == [{"pk": part.pk} for part in parts[1:3]]
    chosen = PreparedQuery(
        Part,
        lambda ids: Part.objects.filter(pk__in=ids).order_by("-pk").values("pk"),
        (statements.PLACEHOLDER_IDS,),
    )
    ids = [part.pk for part in parts[:4]]
    assert chosen.slice(1, 3, ids) == [{"pk": pk} for pk in sorted(ids, reverse=True)[1:3]]


def test_slices_that_are_not_whole_numbers_upwards_and_a_sliced_queryset_are_refused(agency):
    prepared = PreparedQuery(Part, lambda pk: Part.objects.filter(agency_id=pk).order_by("pk"))
    for start, stop in [(-1, 2), (3, 2), (0, None), (0.0, 2), (True, 2), ("0", "2")]:
        with pytest.raises(TypeError, match="whole numbers"):
            prepared.slice(start, stop, agency.pk)
    sliced = PreparedQuery(Part, lambda pk: Part.objects.filter(agency_id=pk).order_by("pk")[:5])
    with pytest.raises(ValueError, match="must not be sliced itself"):
        sliced.slice(0, 2, agency.pk)


def test_statements_share_one_cursor_of_the_connection_while_queries_are_not_logged(office_staff):
    prepared = PreparedQuery(User, users_with_role_and_agency)
    with noting_cursors() as seen:  # Django's execute wrappers still see every statement
        for _ in range(3):
            assert prepared.first(office_staff.pk) == office_staff
    assert len(seen) == 3 and seen[0] is seen[1] is seen[2]


@contextmanager
def noting_cursors():
    """The cursor of each statement run on the default database inside."""
    seen = []

    def note_cursor(execute, sql, params, many, context):
        seen.append(context["cursor"])
        return execute(sql, params, many, context)

    with connections[DEFAULT_DB_ALIAS].execute_wrapper(note_cursor):
        yield seen


def test_a_statement_while_queries_are_logged_is_logged(office_staff, django_assert_num_queries):
    prepared = PreparedQuery(User, users_with_role_and_agency)
    prepared.first(office_staff.pk)
    with django_assert_num_queries(2) as captured:
        assert prepared.first(office_staff.pk) == office_staff
        assert prepared.first(office_staff.pk) == office_staff
    assert all('"accounts_user"' in query["sql"] for query in captured.captured_queries)


def test_a_failed_statement_is_django_s_error_and_breaks_the_transaction_as_any_query_does(office_staff):
    connection = connections[DEFAULT_DB_ALIAS]
    with pytest.raises(DatabaseError), transaction.atomic():
        statements.run_statement(connection, "SELECT no_such_column FROM accounts_user", [], list)
    with transaction.atomic():
        with pytest.raises(DatabaseError), transaction.atomic(savepoint=False):
            statements.run_statement(connection, "SELECT no_such_column FROM accounts_user", [], list)
        with pytest.raises(TransactionManagementError):
            statements.run_statement(connection, "SELECT 1", [], list)
    # The same kept cursor works once the transaction is over.
    assert statements.run_statement(connection, "SELECT 1", [], statements._first_value) == 1


@pytest.mark.django_db(transaction=True)
def test_a_closed_or_failed_connection_is_opened_again_with_a_cursor_of_its_own(office_staff):
    prepared = PreparedQuery(User, users_with_role_and_agency)
    connection = connections[DEFAULT_DB_ALIAS]

    def cursor_after(close):
        session = connection.connection
        with noting_cursors() as before:
            assert prepared.first(office_staff.pk) == office_staff
        close()
        with noting_cursors() as after:
            assert prepared.first(office_staff.pk) == office_staff
        # A new database session gets a new cursor (SQLite keeps an in-memory database open).
        assert connection.connection is not None
        assert (after[0] is before[0]) == (connection.connection is session)

    cursor_after(connection.close)

    def failed_health_check():
        # Made once per request (CONN_HEALTH_CHECKS): a connection found unusable is closed before use.
        connection.health_check_enabled, connection.health_check_done = True, False
        mock.patch.object(connection, "is_usable", return_value=False).start()

    try:
        cursor_after(failed_health_check)
    finally:
        mock.patch.stopall()
        connection.health_check_enabled = connection.settings_dict["CONN_HEALTH_CHECKS"]


def test_among_ids_reads_the_rows_pk_in_reads_with_the_list_one_parameter(agency, other_agency):
    parts = PartFactory.create_batch(3, agency=agency) + PartFactory.create_batch(2, agency=other_agency)
    ids = [part.pk for part in parts]
    missing = max(ids) + 1000
    for chosen in ([], ids[:1], ids[1:4], [ids[0], ids[0], missing], ids, [missing]):
        among = Part.objects.filter(AmongIds(F("pk"), chosen)).order_by("pk")
        assert list(among) == list(Part.objects.filter(pk__in=chosen).order_by("pk"))
        _sql, params = among.query.get_compiler(using=DEFAULT_DB_ALIAS).as_sql()
        assert len(params) == 1
    # A foreign key's column too, next to other conditions.
    tasks = [parts[0].directive_id, parts[3].directive_id]
    among = Part.objects.filter(AmongIds(F("directive_id"), tasks), agency=agency)
    assert list(among) == list(Part.objects.filter(directive_id__in=tasks, agency=agency))


def test_ids_as_one_parameter_are_written_for_postgresql_and_sqlite_only():
    assert ids_parameter("postgresql", [3, 12, 7]) == "{3,12,7}"
    assert ids_parameter("sqlite", (3, 12, 7)) == "[3,12,7]"
    assert ids_parameter("postgresql", []) == "{}"
    with pytest.raises(NotSupportedError):
        ids_parameter("mysql", [1])


def test_a_list_of_ids_read_as_one_parameter_is_one_statement_for_every_length(
    agency, django_assert_num_queries
):
    parts = PartFactory.create_batch(4, agency=agency)
    ids = [part.pk for part in parts]
    built = []

    def parts_of(part_ids, agency_id):
        built.append(len(part_ids))
        return Part.objects.filter(AmongIds(F("pk"), part_ids), agency_id=agency_id).order_by("-pk")

    prepared = PreparedQuery(Part, parts_of, (statements.PLACEHOLDER_ID_ARRAY, PLACEHOLDER_KEYS[0]))
    for chosen in (ids[:2], ids[2:], tuple(ids[1:]), [ids[0], ids[0] + 10_000], ids, [], ids * 30):
        with django_assert_num_queries(1):
            rows = prepared(chosen, agency.pk)
        assert rows == list(Part.objects.filter(pk__in=chosen, agency_id=agency.pk).order_by("-pk"))
    assert prepared(ids, agency.pk + 1) == []
    # Compiled once (built twice: with other placeholders, to check it takes its keys as they are).
    assert built == [statements.ID_ARRAY_STAND_IN_LENGTH] * 2
    (statement,) = prepared._statements.values()
    assert list(prepared._statements) == [(DEFAULT_DB_ALIAS,)]
    assert len(statement.params) == 2  # the list and the agency: psycopg keeps the parsing of such SQL
    sliced = prepared.slice(1, 3, ids, agency.pk)
    assert sliced == list(Part.objects.filter(pk__in=ids).order_by("-pk")[1:3])
    with pytest.raises(TypeError, match="list of integer ids"):
        prepared([str(ids[0])], agency.pk)
    with pytest.raises(TypeError, match="list of integer ids"):
        prepared(ids[0], agency.pk)


def test_a_list_of_ids_read_as_one_parameter_must_be_read_by_among_ids(agency):
    part = PartFactory(agency=agency)
    one_per_id = PreparedQuery(
        Part, lambda part_ids: Part.objects.filter(pk__in=part_ids), (statements.PLACEHOLDER_ID_ARRAY,)
    )
    with pytest.raises(ValueError, match="does not read its key number 1 with AmongIds"):
        one_per_id([part.pk])


def test_the_kept_cursor_reads_times_as_django_s_loader_does():
    from django.db.utils import DataError

    from tasktracker.statements import _read_timestamps_from_iso

    texts = [
        "2026-11-27 08:00:00+00",
        "2026-11-27 08:00:00.5+07",
        "2026-03-29 01:59:59.999999-03:30",
        "2000-02-29 23:59:59.000001+14",
        "1901-01-01 00:00:00+00:53:28",
        "0001-01-02 00:00:00+00",
        "9999-12-30 23:59:59.999999+00",
    ]
    refused = [
        "infinity",
        "-infinity",
        "0044-03-15 00:00:00+00 BC",
        "4713-01-01 00:00:00+00 BC",
        "12026-01-01 00:00:00+00",
    ]
    statement = "SELECT %s::timestamptz"

    def read_all(cursor, zone):
        cursor.execute(f"SET TIME ZONE '{zone}'")
        read = []
        for text in texts:
            cursor.execute(statement, [text])
            read.append(cursor.fetchone()[0])
        for text in refused:
            cursor.execute(statement, [text])
            with pytest.raises(DataError):
                cursor.fetchone()
        return read

    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        pytest.skip("psycopg's loaders")
    with connection.cursor() as django_s, connection.cursor() as kept:
        _read_timestamps_from_iso(kept)
        assert kept.cursor.adapters.get_loader(1184, 0).__name__ == "IsoTimestamptzLoader"
        for zone in ("UTC", "Asia/Ho_Chi_Minh", "America/St_Johns"):
            expected = read_all(django_s, zone)
            found = read_all(kept, zone)
            assert found == expected
            assert [moment.tzinfo for moment in found] == [moment.tzinfo for moment in expected]
            assert [moment.utcoffset() for moment in found] == [moment.utcoffset() for moment in expected]
        django_s.execute("SET TIME ZONE 'UTC'")
        kept.execute("SET TIME ZONE 'UTC'")
