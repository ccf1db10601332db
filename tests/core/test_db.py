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


# IdSetField: a row's small set of ids, filtered without a join


def tagged(*condition_ids) -> Listing:
    return Listing.objects.create(
        practitioner=PractitionerFactory(),
        first_name="Mei",
        last_name="Chen",
        condition_ids=list(condition_ids),
    )


def test_an_id_set_comes_back_sorted_and_without_repeats():
    row = tagged(7, 3, 7)
    row.refresh_from_db()
    assert row.condition_ids == [3, 7]


def test_overlaps_finds_rows_holding_any_of_the_ids():
    from django.db.models import Q

    both, one, none = tagged(1, 2), tagged(2, 5), tagged(9)
    everyone = Listing.objects.filter(pk__in=[both.pk, one.pk, none.pk])

    def found(ids):
        return set(everyone.filter(condition_ids__overlaps=ids).values_list("pk", flat=True))

    assert found([1, 2]) == {both.pk, one.pk}
    assert found([5]) == {one.pk}
    assert found([]) == set()  # nothing asked: no one
    assert set(everyone.filter(~Q(condition_ids__overlaps=[9])).values_list("pk", flat=True)) == {
        both.pk,
        one.pk,
    }


def test_ids_held_counts_how_many_of_the_ids_a_row_holds():
    from core.db import IdsHeld

    rows = [tagged(1, 2, 3), tagged(2), tagged()]
    held = dict(
        Listing.objects.filter(pk__in=[r.pk for r in rows])
        .annotate(held=IdsHeld("condition_ids", [2, 3, 4]))
        .values_list("pk", "held")
    )
    assert [held[r.pk] for r in rows] == [2, 1, 0]
