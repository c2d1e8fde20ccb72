"""Counts that every page runs, with their SQL compiled once per process instead of on every request."""

from django.db import connections, router

# Stands for the key a count is run with while its SQL is compiled; never a real key.
PLACEHOLDER_KEY = -987_654_321_987


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
        params = list(placeholder_params)
        for position in positions:
            params[position] = key
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def _compile(self, alias: str) -> tuple[str, tuple, tuple[int, ...]]:
        queryset = self.queryset_for(PLACEHOLDER_KEY).order_by().values("pk")
        if queryset.model is not self.model:
            raise ValueError(f"The queryset lists {queryset.model.__name__}, not {self.model.__name__}.")
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
        positions = tuple(i for i, param in enumerate(params) if param == PLACEHOLDER_KEY)
        if not positions:
            raise ValueError("The queryset does not filter on the key it is given.")
        return f"SELECT COUNT(*) FROM ({sql}) AS counted", tuple(params), positions


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
        params = list(placeholder_params)
        for position in positions:
            params[position] = key
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _compile(self, alias: str, args: tuple) -> tuple[str, tuple, tuple[int, ...]]:
        queryset = self.queryset_for(PLACEHOLDER_KEY, *args)
        if queryset.model is not self.model or not queryset._fields:
            raise ValueError(f"Not a values() queryset of {self.model.__name__}.")
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
        positions = tuple(i for i, param in enumerate(params) if param == PLACEHOLDER_KEY)
        if not positions:
            raise ValueError("The queryset does not filter on the key it is given.")
        return sql, tuple(params), positions
