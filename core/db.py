"""Query expressions the ORM lacks on both of our databases (PostgreSQL and SQLite).

`json_rows()` reads a row's related rows with the row itself: a correlated
subquery that folds them into one JSON array, so a page of rows and their
relations is one query, not one more per relation.
"""

from django.db.models import Aggregate, JSONField, QuerySet, Subquery
from django.db.models.functions import JSONArray


class JSONArrayAgg(Aggregate):
    """Aggregate values into a JSON array, in no particular order (sort in Python).

    SQLite before 3.44 has no ORDER BY inside an aggregate, so none is offered.
    """

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def json_rows(related: QuerySet, key: str, *fields: str) -> Subquery:
    """A JSON array of [field, ...] lists: the rows of `related` (filtered to the outer row by `key`).

    The subquery is NULL when there are none; read it with `rows()`.
    """
    value = fields[0] if len(fields) == 1 else JSONArray(*fields)
    grouped = related.order_by().values(key).annotate(_rows=JSONArrayAgg(value)).values("_rows")
    return Subquery(grouped, output_field=JSONField())


def rows(value) -> list:
    """The list a `json_rows()` annotation read (empty for no related rows)."""
    return value or []
