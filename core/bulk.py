"""Insert many rows of a model fast, for bulk writers such as the NPPES import.

`Model.objects.bulk_create()` builds a model instance per row and prepares
every column's value in Python: at about 50 columns a profile that is most of
the NPPES import's time (measured with `make bench-import`). `insert_rows()`
takes each row as a dict of the fields it sets, validates those fields as
`Model.clean_fields()` would, prepares the other columns' defaults once, and
on PostgreSQL sends the rows with psycopg2's `execute_values` (one statement a
page, RETURNING the new keys). Elsewhere (SQLite) it is `bulk_create()`.

A `core.db.TextDocument` value is built into a tsvector by the database as
it inserts the row. No signals are sent, as with `bulk_create()`: the caller
says what changed (the page cache, the search text).
"""

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone

from core.db import TextDocument

PAGE_SIZE = 1000


def validate_row(model, values: dict) -> None:
    """Validate the fields a row sets, as `clean_fields()` would; raise ValidationError by field."""
    errors = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.is_relation:
            continue  # a key the caller just read or wrote
        try:
            field.clean(value, None)
        except ValidationError as exc:
            errors[field.name] = exc.error_list
    if errors:
        raise ValidationError(errors)


def insert_rows(model, rows: list[dict]) -> list[int]:
    """Insert rows (dicts of field name or attname to value); return their new primary keys."""
    if not rows:
        return []
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql":
        created = model.objects.using(using).bulk_create([model(**row) for row in rows])
        return [obj.pk for obj in created]
    return _execute_values(model, rows, connection)


def _execute_values(model, rows: list[dict], connection) -> list[int]:
    from psycopg2.extras import execute_values

    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key and not f.generated]
    given = set(rows[0])
    # A field the rows set, by name or by attname ("practitioner" or "practitioner_id").
    set_fields = [f for f in fields if f.name in given or f.attname in given]
    now = timezone.now()
    constant, per_row = {}, []
    for field in fields:
        if field in set_fields:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            constant[field] = field.get_db_prep_save(now, connection)
        elif field.has_default() and callable(field.default):
            per_row.append(field)
        else:
            constant[field] = field.get_db_prep_save(field.get_default(), connection)
    columns = [*set_fields, *per_row, *constant]
    first = rows[0]
    # A document the database builds from text (core.db.TextDocument) takes
    # two parameters, its configuration and its text, into to_tsvector().
    documents = {
        field
        for field in set_fields
        if isinstance(first.get(field.name, first.get(field.attname)), TextDocument)
    }
    values = []
    for row in rows:
        set_values = []
        for field in set_fields:
            value = row[field.name] if field.name in row else row[field.attname]
            if field in documents:
                set_values += (value.config, value.text) if value is not None else (None, None)
                continue
            if field.is_relation and hasattr(value, "pk"):
                value = value.pk
            set_values.append(field.get_db_prep_save(value, connection))
        defaults = [f.get_db_prep_save(f.get_default(), connection) for f in per_row]
        values.append((*set_values, *defaults))
    quote = connection.ops.quote_name
    # Only the model's own table and column names, quoted, are in the SQL; values are parameters.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "  # noqa: S608
        f"VALUES %s RETURNING {quote(meta.pk.column)}"
    )
    # The psycopg2 cursor under Django's wrapper: the same connection and transaction,
    # and its errors raised as Django's (IntegrityError, DataError).
    with connection.cursor() as cursor, connection.wrap_database_errors:
        raw = cursor.cursor
        # The columns every row leaves at their default are quoted once, into the
        # row template, instead of once a row (most of a profile's 50 columns).
        placeholders = [
            "to_tsvector(%s::regconfig, %s)" if field in documents else "%s"
            for field in [*set_fields, *per_row]
        ]
        if constant:
            quoted = raw.mogrify(", ".join(["%s"] * len(constant)), list(constant.values()))
            placeholders.append(quoted.decode().replace("%", "%%"))
        template = f"({', '.join(placeholders)})"
        returned = execute_values(
            raw, sql, values, template=template, page_size=PAGE_SIZE, fetch=True
        )
    return [pk for (pk,) in returned]
