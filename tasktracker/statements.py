"""Queries that every page runs, with their SQL compiled once per process instead of on every request."""

import threading
from datetime import date, datetime, timedelta
from functools import lru_cache, partial

from django.core.exceptions import EmptyResultSet
from django.db import connections, router

# get_related_populators is what ModelIterable fills select_related() objects with; django-stubs omits it.
from django.db.models.query import (  # type: ignore[attr-defined]
    ModelIterable,
    NamedValuesListIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.utils import create_namedtuple_class

from tasktracker.lookups import ids_parameter

# Stands for the key a count is run with while its SQL is compiled; never a real key.
PLACEHOLDER_KEY = -987_654_321_987

# Per thread, as Django's connections are: by alias, (the connection, its database session, a cursor of it).
_kept_cursors = threading.local()


def run_statement(connection, sql: str, params, read):
    """`read(cursor)` after `cursor.execute(sql, params)` on a cursor of `connection`, Django's cursor wrapper
    (its execute wrappers, error translation and broken-transaction check) kept for the next statement.

    Opening a cursor through Django (`connection.cursor()`: health check, connection, thread and async
    checks, psycopg's cursor and Django's wrapper) cost more Python than executing a short statement: every
    page runs several of these. The checks are still made on every statement; only the cursor is kept, for as
    long as the connection keeps its database session. While queries are logged (DEBUG, a test counting
    them) each statement gets Django's own logging cursor, as any other query does.
    """
    if connection.queries_logged:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return read(cursor)
    connection.close_if_health_check_failed()
    kept = getattr(_kept_cursors, connection.alias, None)
    if kept is None or kept[0] is not connection or kept[1] is not connection.connection:
        cursor = connection.cursor()  # (re)connects if need be
        _read_timestamps_from_iso(cursor)
        setattr(_kept_cursors, connection.alias, (connection, connection.connection, cursor))
    else:
        connection.ensure_connection()  # refuses to run in an event loop's thread, as cursor() does
        connection.validate_thread_sharing()
        cursor = kept[2]
    cursor.execute(sql, params)
    return read(cursor)


def _read_timestamps_from_iso(cursor) -> None:
    """The kept cursor reads `timestamptz` values by `datetime.fromisoformat` (see _iso_timestamp_loader)."""
    adapters = getattr(cursor.cursor, "adapters", None)  # psycopg 3's; psycopg 2 and SQLite have none
    if adapters is None:
        return
    from psycopg.postgres import types
    from psycopg.pq import Format
    from psycopg.types.datetime import TimestamptzLoader

    oid = types["timestamptz"].oid
    django_loader = adapters.get_loader(oid, Format.TEXT)
    if django_loader is not None and issubclass(django_loader, TimestamptzLoader):
        adapters.register_loader(oid, _iso_timestamp_loader(django_loader))


@lru_cache(maxsize=32)  # one per loader class: Django makes one per time zone a connection is set to
def _iso_timestamp_loader(django_loader):
    """Django's `timestamptz` loader (`django_loader`, psycopg's Python one followed by Django's time zone)
    with PostgreSQL's ISO text read by `datetime.fromisoformat` (in C) instead of a regular expression and a
    dozen Python steps: some 30,000 instructions a value, five on every signed-in request (the session's
    expiry, the user's and the agency's two times each). The moment and its time zone are the same as the
    psycopg loader's (the instant moved to the connection's zone, then given Django's); text it does not
    read (another DateStyle, BC, infinity, past year 9999) goes to Django's loader, which reads or refuses
    it as before."""
    from psycopg.types.datetime import TimestamptzLoader

    read_iso = TimestamptzLoader._load_iso

    def load(self, data) -> datetime:
        if self._load_method is read_iso:
            try:
                moment = datetime.fromisoformat(bytes(data).decode("ascii"))
                if moment.tzinfo is not None:
                    return moment.astimezone(self._timezone).replace(tzinfo=self.timezone)
            except (ValueError, OverflowError):
                pass
        return django_loader.load(self, data)

    return type("IsoTimestamptzLoader", (django_loader,), {"load": load})


def _all_rows(cursor) -> list:
    return cursor.fetchall()


def _first_value(cursor):
    return cursor.fetchone()[0]


class PreparedCount:
    """`queryset_for(key).count()` for an integer key, its SQL built once per database and run with each key.

    Building and compiling a queryset costs more CPU (about 0.7 ms) than PostgreSQL spends on a count read
    from an index: for a count on every page (the bell's unread notifications) that was most of its cost.
    The queryset stays the one place its filter is written: its SQL is compiled from it with a placeholder
    key, which each call replaces with its own.
    """

    def __init__(self, model, queryset_for):
        self.model = model
        self.queryset_for = queryset_for
        self._statements: dict[str, tuple[str, tuple, tuple[int, ...]]] = {}

    def __call__(self, key: int) -> int:
        alias = router.db_for_read(self.model)
        statement = self._statements.get(alias)
        if statement is None:
            statement = self._statements[alias] = self._compile(alias)
        sql, placeholder_params, positions = statement
        return run_statement(
            connections[alias], sql, _with_key(placeholder_params, positions, key), _first_value
        )

    def _compile(self, alias: str) -> tuple[str, tuple, tuple[int, ...]]:
        queryset = self.queryset_for(PLACEHOLDER_KEY).order_by().values("pk")
        if queryset.model is not self.model:
            raise ValueError(f"The queryset lists {queryset.model.__name__}, not {self.model.__name__}.")
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
        positions = tuple(i for i, param in enumerate(params) if param == PLACEHOLDER_KEY)
        if not positions:
            raise ValueError("The queryset does not filter on the key it is given.")
        return f"SELECT COUNT(*) FROM ({sql}) AS counted", tuple(params), positions


def _with_key(placeholder_params: tuple, positions: tuple[int, ...], key: int) -> list:
    """The parameters of a statement compiled with a placeholder key, with `key` in its place."""
    params = list(placeholder_params)
    for position in positions:
        params[position] = key
    return params


# Stand for the keys a query is run with while its SQL is compiled (first, second, …); never real keys.
PLACEHOLDER_KEYS = (PLACEHOLDER_KEY, PLACEHOLDER_KEY - 1, PLACEHOLDER_KEY - 2)
PLACEHOLDER_TEXT = "prepared-query-key-never-a-real-one"
# A day no query is ever run for (today, a deadline): stands for a date key.
PLACEHOLDER_DAY = date(1, 2, 3)


class _Ids:
    """The placeholder of a key that is a list of ids (`pk__in=ids`): the SQL has one parameter per id, so a
    statement is compiled for each length of list met, with ids from IDS_PLACEHOLDER_BASE downwards."""

    def __repr__(self):
        return "PLACEHOLDER_IDS"


PLACEHOLDER_IDS = _Ids()


class _IdArray:
    """The placeholder of a key that is a list of ids passed as one parameter
    (`tasktracker.lookups.AmongIds`): one statement serves lists of every length."""

    def __repr__(self):
        return "PLACEHOLDER_ID_ARRAY"


PLACEHOLDER_ID_ARRAY = _IdArray()
# How many ids stand for a PLACEHOLDER_ID_ARRAY key while its statement is compiled.
ID_ARRAY_STAND_IN_LENGTH = 3
# Placeholders other than the ones above, of the same types and as far from real keys.
_OTHER_STAND_IN = {
    int: lambda placeholder: placeholder - 100_000,
    str: lambda placeholder: placeholder + "-other",
    date: lambda placeholder: placeholder + timedelta(days=1),
}
IDS_PLACEHOLDER_BASE = -555_444_333_222_000
# Apart from each other: the ids standing for the n-th list key start this far below those of the one before.
IDS_PLACEHOLDER_SPACING = 1_000_000


class PreparedQuery:
    """`list(queryset_for(*keys))`, its SQL compiled once per database and run with each call's keys.

    Building a queryset and compiling its SQL costs far more CPU than PostgreSQL spends reading one row by
    its primary key: for the reads every request makes (the session, the signed-in user) that was most of
    their cost. The queryset stays the one place the query is written: it is compiled with placeholder keys
    (`placeholders`: integers by default, PLACEHOLDER_TEXT for text, PLACEHOLDER_DAY for a date,
    PLACEHOLDER_IDS for a list of integer ids, PLACEHOLDER_ID_ARRAY for one the queryset reads with
    `tasktracker.lookups.AmongIds`), which each call replaces with its own keys, given in the same order and
    of the same types. The rows become the model instances the queryset would return, through
    Django's own machinery (the compiler's select, `from_db`, the related populators of `select_related`,
    annotations and the database's converters), the dicts of a `values()` queryset, or the tuples (named or
    not) of a `values_list()` one; the router picks the database on every call, as for the queryset.

    A list of ids has one SQL parameter per id (`pk__in`): its statement is compiled for each length of list
    met; read by `AmongIds` (PLACEHOLDER_ID_ARRAY), it is one parameter, and one statement serves every
    length. What else changes the SQL itself (whose tasks a role sees: a filter or none) is not a key: each
    shape of the query is a PreparedQuery of its own. A page of the rows (`slice`) has its LIMIT and OFFSET as
    parameters too, so one statement serves every page.
    """

    def __init__(self, model, queryset_for, placeholders=(PLACEHOLDER_KEY,)):
        if len(set(map(repr, placeholders))) != len(placeholders):
            raise ValueError("Each key needs a placeholder of its own.")
        self.model = model
        self.queryset_for = queryset_for
        self.placeholders = tuple(placeholders)
        self._statements: dict[tuple, _Statement | None] = {}

    def __call__(self, *keys) -> list:
        return self._run(keys, sliced=False)

    def _shape_of(self, keys) -> list[int]:
        """The lengths of the lists of ids among `keys`, checking each key against its placeholder."""
        if len(keys) != len(self.placeholders):
            raise TypeError(f"The query takes {len(self.placeholders)} key(s), not {len(keys)}.")
        lengths = []
        for key, placeholder in zip(keys, self.placeholders, strict=True):
            if placeholder is PLACEHOLDER_IDS or placeholder is PLACEHOLDER_ID_ARRAY:
                if not isinstance(key, list | tuple) or any(type(pk) is not int for pk in key):
                    raise TypeError(f"A list of integer ids was expected, not {key!r}.")
                if placeholder is PLACEHOLDER_IDS:
                    lengths.append(len(key))
            # Keys go into the SQL parameters as they are, without the conversion a field would apply
            # (a date's excepted: it is adapted as the database backend adapts dates).
            elif type(key) is not type(placeholder):
                raise TypeError(f"A key of type {type(placeholder).__name__} was expected, not {key!r}.")
        return lengths

    def _run(self, keys, *, sliced: bool, limit_offset: tuple[int, int] | None = None) -> list:
        lengths = self._shape_of(keys)
        alias = router.db_for_read(self.model)
        shape = (alias, *lengths, SLICED) if sliced else (alias, *lengths)
        try:
            statement = self._statements[shape]
        except KeyError:
            statement = self._statements[shape] = self._compile(alias, lengths, sliced)
        if statement is None:  # an empty list of ids made the query match nothing, as the queryset would
            return []
        return statement.run(connections[alias], keys, limit_offset)

    def first(self, *keys):
        """The first instance (or dict) for these keys, or None."""
        rows = self(*keys)
        return rows[0] if rows else None

    def slice(self, start: int, stop: int, *keys) -> list:
        """`list(queryset_for(*keys)[start:stop])`: a page of the rows, its LIMIT and OFFSET parameters of
        a statement compiled once, where Django writes them into the SQL of every page."""
        if type(start) is not int or type(stop) is not int or not 0 <= start <= stop:
            raise TypeError(f"A slice of whole numbers from 0 up was expected, not [{start!r}:{stop!r}].")
        if start == stop:  # no row asked for: the queryset would not run a query either
            return []
        return self._run(keys, sliced=True, limit_offset=(stop - start, start))

    def _stand_ins(self, lengths: list[int], *, other: bool = False) -> list:
        """The placeholders the queryset is built with: for each list of ids, as many placeholder ids.
        `other` gives different ones, to check that the SQL takes the keys as they are (`_compile`)."""
        lengths_left = iter(lengths)
        stand_ins: list = []
        for index, placeholder in enumerate(self.placeholders):
            if placeholder is PLACEHOLDER_IDS or placeholder is PLACEHOLDER_ID_ARRAY:
                base = (
                    IDS_PLACEHOLDER_BASE
                    - index * IDS_PLACEHOLDER_SPACING
                    - (IDS_PLACEHOLDER_SPACING // 2) * other
                )
                length = next(lengths_left) if placeholder is PLACEHOLDER_IDS else ID_ARRAY_STAND_IN_LENGTH
                stand_ins.append([base - position for position in range(length)])
            elif other:
                stand_ins.append(_OTHER_STAND_IN[type(placeholder)](placeholder))
            else:
                stand_ins.append(placeholder)
        return stand_ins

    def _check_keys_taken_as_they_are(
        self, alias: str, lengths: list[int], sql: str, params, positions
    ) -> None:
        """Refuse a queryset that derives a value from a key (a day's week, the day after, a word's pattern)
        or changes its SQL with it: the statement, run with other keys, would keep the value derived from the
        placeholder. Built again with other placeholders, only the keys' own parameters may differ."""
        other_sql, other_params = (
            self.queryset_for(*self._stand_ins(lengths, other=True)).query.get_compiler(using=alias).as_sql()
        )
        keys_at = {position for position, *_rest in positions}
        if other_sql != sql or any(
            first != second
            for position, (first, second) in enumerate(zip(params, other_params, strict=True))
            if position not in keys_at
        ):
            raise ValueError(
                "The queryset derives its SQL or a parameter from a key: a statement compiled once would "
                "keep the value derived from the placeholder."
            )

    def _compile(self, alias: str, lengths: list[int], sliced: bool = False) -> "_Statement | None":
        stand_ins = self._stand_ins(lengths)
        queryset = self.queryset_for(*stand_ins)
        if queryset.model is not self.model:
            raise ValueError(f"The queryset lists {queryset.model.__name__}, not {self.model.__name__}.")
        if queryset._iterable_class not in _ROWS_OF:
            raise ValueError(
                "A prepared query returns model instances, values() dicts or values_list() tuples: "
                "values_list(flat=True) and the like are not supported."
            )
        if queryset._prefetch_related_lookups or queryset._known_related_objects or queryset._db:
            raise ValueError(
                "A prepared query runs one statement on the database the router picks: "
                "no prefetch_related(), related manager or using()."
            )
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()  # also fills compiler.select, klass_info and annotation_col_map
        except EmptyResultSet:
            if 0 in lengths:
                return None
            raise ValueError("The queryset is always empty.") from None
        connection = connections[alias]
        adapt_day = connection.ops.adapt_datefield_value
        positions: list[tuple] = []
        for index, stand_in in enumerate(stand_ins):
            if self.placeholders[index] is PLACEHOLDER_ID_ARRAY:
                adapt_ids = partial(ids_parameter, connection.vendor)
                found = _positions_of(adapt_ids(stand_in), params)
                if not found:
                    raise ValueError(f"The queryset does not read its key number {index + 1} with AmongIds.")
                positions.extend((position, index, None, adapt_ids) for position in found)
                continue
            if self.placeholders[index] is PLACEHOLDER_IDS:
                for element, placeholder_id in enumerate(stand_in):
                    found = _positions_of(placeholder_id, params)
                    if not found:
                        raise ValueError(f"The queryset does not use its key number {index + 1} as ids.")
                    positions.extend((position, index, element, None) for position in found)
                continue
            found, adapt = _positions_of(stand_in, params), None
            if not found and isinstance(stand_in, date):  # a backend that takes dates as text (SQLite)
                found, adapt = _positions_of(adapt_day(stand_in), params), adapt_day
            if not found:
                raise ValueError(f"The queryset does not use its key number {index + 1} as a parameter.")
            positions.extend((position, index, None, adapt) for position in found)
        self._check_keys_taken_as_they_are(alias, lengths, sql, params, positions)
        if sliced:
            sql = with_limit_offset_parameters(queryset, alias, sql, params)
        return _Statement(
            compiler, sql, tuple(params), tuple(positions), alias, _ROWS_OF[queryset._iterable_class]
        )


# Ends the shape of a statement compiled for slices (after the lengths of its lists of ids).
SLICED = "sliced"
# Stand for a slice's start and stop while a sliced statement is compiled; never a real page's.
PLACEHOLDER_SLICE = (987_654_321, 987_654_321 + 123_456_789)


def with_limit_offset_parameters(queryset, alias: str, sql: str, params) -> str:
    """`sql` (the queryset's, not sliced) with a LIMIT and an OFFSET taken as parameters, in that order.

    Django writes a slice's numbers into the SQL, after everything else; the queryset sliced with stand-in
    numbers must give `sql` followed by exactly those clauses, or the statement is refused (a backend that
    writes them otherwise, a query that adds something after them)."""
    if queryset.query.is_sliced:
        raise ValueError("A prepared query that is sliced when called must not be sliced itself.")
    start, stop = PLACEHOLDER_SLICE
    connection = connections[alias]
    sliced_sql, sliced_params = queryset[start:stop].query.get_compiler(using=alias).as_sql()
    clauses = connection.ops.limit_offset_sql(start, stop)
    if clauses != f"LIMIT {stop - start} OFFSET {start}" or (sliced_sql, tuple(sliced_params)) != (
        f"{sql} {clauses}",
        tuple(params),
    ):
        raise ValueError("The database writes a slice of this queryset otherwise than a LIMIT and an OFFSET.")
    return f"{sql} LIMIT %s OFFSET %s"


class CompiledIds:
    """The ids of `queryset`'s rows in its order, a page at a time (`slice`), its SQL compiled once with a
    LIMIT and an OFFSET as parameters (as `PreparedQuery.slice`), on the database it reads.

    For a list built from values that change its SQL (filters, search words): the caller keeps one for each
    set of values it was built from, where a `PreparedQuery` keeps one per shape of its keys."""

    def __init__(self, queryset):
        self.alias = queryset.db
        ids = queryset.values_list("pk", flat=True)
        try:
            sql, params = ids.query.get_compiler(using=self.alias).as_sql()
        except EmptyResultSet:  # a list that can hold nothing (a person of no agency)
            self.sql, self.params = None, ()
        else:
            self.sql = with_limit_offset_parameters(ids, self.alias, sql, params)
            self.params = tuple(params)

    def slice(self, start: int, stop: int) -> list:
        """`list(queryset.values_list("pk", flat=True)[start:stop])`."""
        if self.sql is None or start >= stop:
            return []
        rows = run_statement(
            connections[self.alias], self.sql, [*self.params, stop - start, start], _all_rows
        )
        return [row[0] for row in rows]


def _positions_of(placeholder, params) -> list[int]:
    """Where `placeholder` is among the parameters (of its own type: 1 is not True)."""
    return [
        position
        for position, param in enumerate(params)
        if type(param) is type(placeholder) and param == placeholder
    ]


# What a statement gives for each kind of queryset it is compiled from.
INSTANCES, DICTS, TUPLES, NAMED_TUPLES = "instances", "dicts", "tuples", "named tuples"
_ROWS_OF = {
    ModelIterable: INSTANCES,
    ValuesIterable: DICTS,
    ValuesListIterable: TUPLES,
    NamedValuesListIterable: NAMED_TUPLES,
}


class _Statement:
    """A compiled query and what turns its rows into model instances (as ModelIterable does), into dicts
    (as ValuesIterable does) or into tuples (as ValuesListIterable and NamedValuesListIterable do)."""

    def __init__(
        self, compiler, sql: str, params: tuple, positions: tuple[tuple, ...], alias: str, rows_as: str
    ):
        self.sql = sql
        self.params = params
        self.positions = positions
        select = compiler.select
        fields = [column[0] for column in select[0 : compiler.col_count]]
        if compiler.has_composite_fields(fields):
            raise ValueError("Composite fields are not supported by a prepared query.")
        self.col_count = compiler.col_count if compiler.has_extra_select else None
        self.converters = list(compiler.get_converters(fields).items())
        self.alias = alias
        query = compiler.query
        self.rows_as = rows_as
        self.names: list[str] | None = None
        if rows_as != INSTANCES:  # the names ValuesIterable and NamedValuesListIterable give the columns
            self.names = (
                list(query.selected)
                if query.selected
                else [*query.extra_select, *query.values_select, *query.annotation_select]
            )
            self.converted_names = [
                (self.names[position], convert, expression)
                for position, (convert, expression) in self.converters
            ]
            self.row_class = create_namedtuple_class(*self.names) if rows_as == NAMED_TUPLES else None
            return
        klass_info = compiler.klass_info
        self.model_cls = klass_info["model"]
        select_fields = klass_info["select_fields"]
        self.model_fields = slice(select_fields[0], select_fields[-1] + 1)
        self.init_list = [column[0].target.attname for column in select[self.model_fields]]
        self.related_populators = get_related_populators(klass_info, select, alias)
        self.annotation_col_map = compiler.annotation_col_map

    def run(self, connection, keys, limit_offset: tuple[int, int] | None = None) -> list:
        params = list(self.params)
        for position, index, element, adapt in self.positions:
            key = keys[index] if element is None else keys[index][element]
            params[position] = key if adapt is None else adapt(key)
        if limit_offset is not None:
            params.extend(limit_offset)
        rows = run_statement(connection, self.sql, params, _all_rows)
        if self.names is None:
            return [self._instance(row, connection) for row in rows]
        names, col_count = self.names, self.col_count
        if col_count is not None:
            rows = [row[:col_count] for row in rows]
        if self.rows_as != DICTS:
            return self._tuples(rows, connection)
        dicts = [dict(zip(names, row, strict=True)) for row in rows]
        # Column by column rather than row by row (a page of history has one converted column, its count); the
        # names are a values() queryset's, each once.
        for name, convert, expression in self.converted_names:
            for values in dicts:
                values[name] = _converted_value(values[name], convert, expression, connection)
        return dicts

    def _tuples(self, rows: list, connection) -> list:
        """The cursor's rows as a values_list() queryset gives them: tuples, named or not."""
        if self.converters and rows:
            # Column by column, the rows taken apart and put together again in C: a converted column (the
            # history's count) costs a converter call per row, not a list and a tuple per row besides.
            columns = list(zip(*rows, strict=True))
            for position, (convert, expression) in self.converters:
                columns[position] = [
                    _converted_value(value, convert, expression, connection) for value in columns[position]
                ]
            rows = list(zip(*columns, strict=True))
        if self.row_class is not None:
            new, row_class = tuple.__new__, self.row_class
            return [new(row_class, row) for row in rows]
        return rows

    def _converted(self, row, connection):
        if not self.converters and self.col_count is None:  # the cursor's tuple, as ModelIterable gets it
            return row
        row = list(row[: self.col_count] if self.col_count is not None else row)
        for position, (convert, expression) in self.converters:
            row[position] = _converted_value(row[position], convert, expression, connection)
        return row

    def _instance(self, row, connection):
        row = self._converted(row, connection)
        instance = self.model_cls.from_db(self.alias, self.init_list, row[self.model_fields])
        for populator in self.related_populators:
            populator.populate(row, instance)
        for name, position in (self.annotation_col_map or {}).items():
            setattr(instance, name, row[position])
        return instance


def _converted_value(value, converters, expression, connection):
    """`value` through a column's converters, as the ORM's iterables apply them."""
    for converter in converters:
        value = converter(value, expression, connection)
    return value


class PreparedValues:
    """`list(queryset_for(key, *args))` of a `values()` queryset, as dicts, for an integer key: its SQL built
    once per database and `args` (hashable: a day, a period), and run with each key.

    Building a grouped count with a dozen conditional aggregates through the ORM costs more CPU than
    PostgreSQL spends on it for one agency's parts. The queryset stays the one place the count is written;
    the statements of the latest KEPT sets of `args` are kept (the day and the period change them)."""

    KEPT = 32

    def __init__(self, model, queryset_for):
        self.model = model
        self.queryset_for = queryset_for
        self._statements: dict[tuple, tuple[str, tuple, tuple[int, ...]]] = {}

    def __call__(self, key: int, *args) -> list[dict]:
        alias = router.db_for_read(self.model)
        statement = self._statements.pop((alias, *args), None)
        if statement is None:
            statement = self._compile(alias, args)
            while len(self._statements) >= self.KEPT:  # the least lately used first (another thread may too)
                self._statements.pop(next(iter(self._statements), None), None)
        self._statements[(alias, *args)] = statement  # the latest used last
        sql, placeholder_params, positions = statement
        return run_statement(
            connections[alias], sql, _with_key(placeholder_params, positions, key), _as_dicts
        )

    def _compile(self, alias: str, args: tuple) -> tuple[str, tuple, tuple[int, ...]]:
        queryset = self.queryset_for(PLACEHOLDER_KEY, *args)
        if queryset.model is not self.model or not queryset._fields:
            raise ValueError(f"Not a values() queryset of {self.model.__name__}.")
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
        positions = tuple(i for i, param in enumerate(params) if param == PLACEHOLDER_KEY)
        if not positions:
            raise ValueError("The queryset does not filter on the key it is given.")
        return sql, tuple(params), positions


def _as_dicts(cursor) -> list[dict]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
