"""core.db: the full-text document field, written as text the database turns into a document."""

import pytest
from django.db import connection

from core.db import TextDocument
from practitioners.listings import Listing
from tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db


def stored_document(listing: Listing) -> str:
    table = connection.ops.quote_name(Listing._meta.db_table)
    # Only the model's quoted table name is in the SQL; the key is a parameter.
    sql = f"SELECT CAST(search_document AS text) FROM {table} WHERE id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [listing.pk])
        return cursor.fetchone()[0]


def listing(**fields) -> Listing:
    return Listing(practitioner=PractitionerFactory(), first_name="Mei", last_name="Chen", **fields)


def test_a_text_document_is_built_by_the_database_as_the_rows_go_in():
    (written,) = Listing.objects.bulk_create(
        [listing(search_document=TextDocument("Treating migraines"))]
    )
    expected = (
        "'migrain':2 'treat':1" if connection.vendor == "postgresql" else "Treating migraines"
    )
    assert stored_document(written) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's text search")
def test_an_expression_is_still_written_as_its_sql():
    from django.contrib.postgres.search import SearchVector
    from django.db.models import Value

    written = Listing.objects.bulk_create([listing()])[0]
    Listing.objects.filter(pk=written.pk).update(
        search_document=SearchVector(Value("back pain"), config="english")
    )
    assert stored_document(written) == "'back':1 'pain':2"
