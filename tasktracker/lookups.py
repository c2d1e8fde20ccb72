"""A lookup of our own: a column among a list of ids passed as one SQL parameter."""

from django.db import NotSupportedError
from django.db.models import Lookup


def ids_parameter(vendor: str, ids) -> str:
    """`ids` (integers) as the one parameter `AmongIds` passes to a database of `vendor`
    (`connection.vendor`): the text of an array on PostgreSQL (`{1,2,3}`, read as the column's array type),
    of a JSON array on SQLite (`[1,2,3]`). Written here, a text is a parameter psycopg adapts at once,
    where it adapts a list element by element in Python."""
    written = ",".join(map(str, ids))
    if vendor == "postgresql":
        return f"{{{written}}}"
    if vendor == "sqlite":
        return f"[{written}]"
    raise NotSupportedError(f"Ids as one parameter are written for PostgreSQL and SQLite, not {vendor}.")


class AmongIds(Lookup):
    """`AmongIds(F("pk"), ids)` in a filter: the rows whose column is one of `ids` (integers), as `pk__in=ids`
    reads them, with the list passed as one parameter (`= ANY(%s::bigint[])` on PostgreSQL, `IN (SELECT value
    FROM json_each(%s))` on SQLite) where `__in` writes one parameter per id.

    A statement compiled once (`tasktracker.statements.PreparedQuery`) then serves lists of any length, and
    psycopg keeps its parsing: it parses again, on every execution, the text of a statement of more than 50
    parameters (a page of 50 ids and the timeliness CASE's ten). Unlike `__in`, an empty list is not turned
    into a query that is never run: the statement runs and matches nothing.
    """

    lookup_name = "among_ids"
    prepare_rhs = False

    def process_rhs(self, compiler, connection):
        return "%s", [ids_parameter(connection.vendor, self.rhs)]

    def as_sql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            array_type = self.lhs.output_field.db_type(connection)
            return f"{lhs_sql} = ANY({rhs_sql}::{array_type}[])", (*lhs_params, *rhs_params)
        return f"{lhs_sql} IN (SELECT value FROM json_each({rhs_sql}))", (*lhs_params, *rhs_params)
