"""Search fields, and on PostgreSQL the indexes that make them fast.

The model knows only `search_name` and `search_text` (both databases). On
PostgreSQL this migration also adds a stored, generated `search_vector`
column with a GIN index (full-text search with ranking) and a trigram GIN
index on `search_name` (typo-tolerant names). SQLite skips those.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

PG_FORWARD = [
    """
    ALTER TABLE practitioners_practitioner
    ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(search_name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(search_text, '')), 'B')
    ) STORED
    """,
    "CREATE INDEX practitioner_search_vector_gin ON practitioners_practitioner USING gin (search_vector)",
    "CREATE INDEX practitioner_search_name_trgm ON practitioners_practitioner USING gin (search_name gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS practitioner_search_name_trgm",
    "DROP INDEX IF EXISTS practitioner_search_vector_gin",
    "ALTER TABLE practitioners_practitioner DROP COLUMN IF EXISTS search_vector",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in PG_FORWARD:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in PG_BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("practitioners", "0002_reference_data"),
    ]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.AddField(
            model_name="practitioner",
            name="search_name",
            field=models.CharField(blank=True, editable=False, max_length=170),
        ),
        migrations.AddField(
            model_name="practitioner",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(forwards, backwards),
    ]
