"""insert_rows: many rows of a model, with its defaults, validated on what they set."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.bulk import insert_rows, validate_row
from practitioners.models import Clinic, Practitioner, RegistryRecord
from tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db


def test_rows_get_their_models_defaults_and_new_keys():
    keys = insert_rows(
        Practitioner,
        [
            {"first_name": "Ada", "last_name": "Lee", "slug": "ada-lee"},
            {"first_name": "Bo", "last_name": "Kim", "slug": "bo-kim"},
        ],
    )
    assert len(keys) == 2
    ada, bo = Practitioner.objects.filter(pk__in=keys).order_by("slug")
    assert (ada.pk, ada.first_name, bo.slug) == (keys[0], "Ada", "bo-kim")
    # Defaults as a model instance would have them: constants, callables, auto_now.
    default = Practitioner()
    assert ada.accepting_new_patients == default.accepting_new_patients
    assert ada.publication_status == default.publication_status
    assert ada.created_at and ada.updated_at and ada.photo.name == ""


def test_keys_and_json_travel_by_attname():
    practitioner = PractitionerFactory()
    [clinic_pk] = insert_rows(
        Clinic,
        [
            {
                "practitioner_id": practitioner.pk,
                "name": "Clinic",
                "address_line1": "1 Main St",
                "city": "Portland",
                "state": "OR",
                "zip_code": "97214",
                "latitude": 45.5,
                "longitude": -122.6,
            }
        ],
    )
    insert_rows(
        RegistryRecord,
        [
            {
                "npi": "1234567893",
                "practitioner_id": practitioner.pk,
                "clinic_id": clinic_pk,
                "snapshot": {"clinic": {"zip_code": "97214"}, "licenses": [["OR", "A1"]]},
            }
        ],
    )
    record = RegistryRecord.objects.get()
    assert record.clinic.practitioner == practitioner
    assert record.snapshot["licenses"] == [["OR", "A1"]]
    assert record.imported_at is not None


def test_no_rows_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_rows(Practitioner, []) == []


def test_one_insert_for_many_rows(django_assert_max_num_queries):
    rows = [{"first_name": "A", "last_name": f"B{n}", "slug": f"a-b{n}"} for n in range(50)]
    with django_assert_max_num_queries(1):
        assert len(insert_rows(Practitioner, rows)) == 50


def test_validation_covers_the_fields_a_row_sets():
    validate_row(Practitioner, {"first_name": "Ada", "npi": "1234567893"})
    with pytest.raises(ValidationError) as raised:
        validate_row(Practitioner, {"first_name": "x" * 200, "npi": "123"})
    errors = raised.value.message_dict
    assert {"first_name", "npi"} <= set(errors)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database enforces lengths")
def test_the_database_still_refuses_what_validation_was_not_asked_about():
    from django.db import DataError

    with pytest.raises(DataError):
        insert_rows(Practitioner, [{"first_name": "x" * 200, "last_name": "y", "slug": "x"}])


def test_text_documents_are_built_by_the_database_and_may_be_missing():
    from core.db import TextDocument
    from practitioners.listings import Listing

    practitioner = PractitionerFactory()
    Listing.objects.filter(practitioner=practitioner).delete()  # its own, written by the factory
    postgresql = connection.vendor == "postgresql"
    document = TextDocument("Treats migraines gently") if postgresql else "treats migraines gently"
    insert_rows(
        Listing,
        [
            {"practitioner_id": practitioner.pk, "is_primary": True, "search_document": document,
             "name_document": TextDocument("Mei Chen") if postgresql else None},
            {"practitioner_id": practitioner.pk, "is_primary": False, "search_document": document,
             "name_document": None},
        ],
    )  # fmt: skip
    primary, other = Listing.objects.filter(practitioner=practitioner).order_by("-is_primary")
    if postgresql:
        # Stemmed and without stop words, as to_tsvector('english', ...) writes it.
        assert primary.search_document == "'gentl':3 'migrain':2 'treat':1"
        assert primary.name_document == "'chen':2 'mei':1"
        assert other.name_document is None
    else:
        assert primary.search_document == "treats migraines gently"
        assert primary.name_document is None
