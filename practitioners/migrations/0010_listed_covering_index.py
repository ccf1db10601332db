"""A covering index over listed practitioners for result pages that read every match.

A search by several conditions (or any order that is not an index order)
reads all its matches to rank them. With the verified expiry and the
new-patients flag included beside the rating order's keys, the keys of a
results page come from this index alone (an index-only scan), never from the
wide practitioner rows. It replaces migration 0006's rating-order index,
whose keys it has, in the same order. PostgreSQL only, like 0006's.
"""

from django.db import migrations

COVERING = (
    "CREATE INDEX IF NOT EXISTS practitioner_listed_cover_idx ON practitioners_practitioner "
    "(rating_average DESC NULLS LAST, review_count DESC, last_name, first_name, id) "
    "INCLUDE (verified_until, accepting_new_patients) WHERE publication_status = 'published'"
)
RATING_ORDER = (
    "CREATE INDEX IF NOT EXISTS practitioner_rating_order_idx ON practitioners_practitioner "
    "(rating_average DESC NULLS LAST, review_count DESC, last_name, first_name, id) "
    "WHERE publication_status = 'published'"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(COVERING)
    schema_editor.execute("DROP INDEX IF EXISTS practitioner_rating_order_idx")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(RATING_ORDER)
    schema_editor.execute("DROP INDEX IF EXISTS practitioner_listed_cover_idx")


class Migration(migrations.Migration):
    dependencies = [("practitioners", "0009_registry_record")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
