"""Query expressions and a field the ORM lacks on both of our databases (PostgreSQL and SQLite).

`json_rows()` reads a row's related rows with the row itself: a correlated
subquery that folds them into one JSON array, so a page of rows and their
relations is one query, not one more per relation.

`IdSetField` keeps a row's small set of ids (the terms it is tagged with) in
the row itself, so a filter on them reads that row and no other table:
`integer[]` on PostgreSQL (GIN-indexable, and readable from a covering index),
a JSON array on SQLite. `ids__overlaps=[...]` filters to rows holding any of
the ids; `IdsHeld(field, ids)` counts how many of them a row holds.
"""

import json
from dataclasses import dataclass

from django.db.models import (
    Aggregate,
    Expression,
    Field,
    IntegerField,
    JSONField,
    Lookup,
    QuerySet,
    Subquery,
)
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


class IdSetField(Field):
    """A small set of integer ids in one column: `integer[]` on PostgreSQL, a JSON array elsewhere.

    Python sees a sorted list of ints.
    """

    description = "A set of integer ids"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def db_type(self, connection):
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        ids = sorted({int(v) for v in value})
        return ids if connection.vendor == "postgresql" else json.dumps(ids)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return []
        return json.loads(value) if isinstance(value, str) else list(value)

    def to_python(self, value):
        if isinstance(value, str):
            value = json.loads(value)
        return sorted({int(v) for v in value or ()})


def _ids(values) -> list[int]:
    return sorted({int(getattr(v, "pk", v)) for v in values})


@IdSetField.register_lookup
class Overlaps(Lookup):
    """`field__overlaps=[ids]`: the row holds at least one of these ids."""

    lookup_name = "overlaps"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        ids = _ids(self.rhs)
        if not ids:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{lhs} && %s::integer[]", [*params, ids]
        marks = ", ".join(["%s"] * len(ids))
        # Only the compiled column and placeholders are in the SQL; the ids are parameters.
        sql = f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE value IN ({marks}))"  # noqa: S608
        return sql, [*params, *ids]


class IdsHeld(Expression):
    """How many of `ids` the row's IdSetField holds (0 to len(ids))."""

    output_field = IntegerField()

    def __init__(self, field: str, ids):
        super().__init__()
        from django.db.models import F

        self.column = F(field)
        self.ids = _ids(ids)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        if not self.ids:
            return "0", []
        if connection.vendor == "postgresql":
            # One membership test per id: no subquery, so a covering index answers it.
            held = " + ".join([f"(%s = ANY({column}))::int"] * len(self.ids))
            return f"({held})", [p for i in self.ids for p in (i, *params)]
        marks = ", ".join(["%s"] * len(self.ids))
        sql = f"(SELECT COUNT(*) FROM json_each({column}) WHERE value IN ({marks}))"  # noqa: S608
        return sql, [*params, *self.ids]


class TextDocumentField(Field):
    """A full-text search document: a `tsvector` on PostgreSQL, plain lower-cased text elsewhere.

    The database builds the tsvector (`to_tsvector`); SQLite matches words in the text.
    Write a `TextDocument` to it for the database to build one from text.
    """

    description = "A full-text search document"

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"

    def get_placeholder_sql(self, value, compiler, connection):
        if isinstance(value, TextDocument):
            if connection.vendor == "postgresql":
                return "to_tsvector(%s::regconfig, %s)", (value.config, value.text)
            return "%s", (value.text,)
        if hasattr(value, "as_sql"):
            return compiler.compile(value)
        return "%s", (value,)


@dataclass(frozen=True)
class TextDocument:
    """Text a TextDocumentField stores as a document, built by the database as it writes the row.

    Two parameters in the statement, where an expression (`SearchVector`) is
    compiled by the ORM once per row: for a bulk insert, most of its time.
    """

    text: str
    config: str = "english"  # PostgreSQL's text search configuration
