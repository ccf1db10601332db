import pytest
from django.db import connection

from practitioners.models import Clinic, Practitioner
from practitioners.search import refresh_search_fields, terms_of
from tests.factories import ClinicFactory, PractitionerFactory

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram and full-text search are PostgreSQL features"
)


def indexed(**fields):
    p = PractitionerFactory(**fields)
    refresh_search_fields([p.pk])
    return p


def found(query: str) -> list[str]:
    results = Practitioner.objects.matching(query)
    ordering = ["-rank"] if terms_of(query) else []
    return [p.full_name for p in results.order_by(*ordering, "pk")]


def test_refresh_stores_lower_cased_name_and_related_text():
    p = PractitionerFactory(
        first_name="Mei",
        last_name="Chen",
        bio="Gentle.",
        conditions=["migraine"],
        techniques=["electro"],
    )
    ClinicFactory(practitioner=p, name="Hawthorne Clinic", city="Portland")
    refresh_search_fields([p.pk])
    p.refresh_from_db()
    assert p.search_name == "mei chen"
    for word in ("hawthorne clinic", "portland", "migraine", "electro-acupuncture", "gentle."):
        assert word in p.search_text


def test_terms_are_bounded_in_length_and_number():
    assert len(terms_of("word " * 1000)) == 8
    assert terms_of("  Jonh   SMTH ") == ["jonh", "smth"]
    assert terms_of("'; drop table --") == ["drop", "table"]
    assert terms_of("O'Brien Smith-Jones") == ["o'brien", "smith-jones"]


def test_hostile_input_is_just_text():
    indexed(first_name="Robert", last_name="Tables")
    for query in [
        "'; DROP TABLE practitioners_practitioner; --",
        "%_%",
        "a & | ! :*",
        "\\",
        "\x00",
    ]:
        found(query)  # never raises
    assert Practitioner.objects.count() == 1


def test_matching_ranks_name_hits_above_text_hits():
    indexed(first_name="Bo", last_name="Other", bio="Trained with Dr. Chen.")
    indexed(first_name="Mei", last_name="Chen")
    assert found("chen") == ["Mei Chen", "Bo Other"]


def test_matching_composes_inside_a_subquery_of_another_table():
    p = indexed(first_name="Mei", last_name="Chen")
    ClinicFactory(practitioner=p)
    clinics = Clinic.objects.filter(practitioner__in=Practitioner.objects.matching("chen"))
    assert clinics.count() == 1


def test_every_word_must_match_somewhere():
    indexed(first_name="Mei", last_name="Chen", bio="Treats sciatica.")
    assert found("chen sciatica") == ["Mei Chen"]
    assert found("chen fibromyalgia") == []


@postgres_only
def test_typo_tolerant_name_search_on_postgresql():
    indexed(first_name="John", last_name="Smith")
    indexed(first_name="Mei", last_name="Chen")
    assert found("Jonh Smth") == ["John Smith"]
    assert found("smiht") == ["John Smith"]
    assert found("Chne") == ["Mei Chen"]


@postgres_only
def test_full_text_ranks_name_matches_above_bio_mentions():
    indexed(first_name="Anna", last_name="Migraine-Free", bio="")
    indexed(first_name="Bo", last_name="Other", bio="I treat migraine and more migraine.")
    assert found("migraine")[0] == "Anna Migraine-Free"


@postgres_only
def test_search_vector_is_kept_current_by_the_database():
    p = indexed(first_name="Old", last_name="Name")
    p.first_name = "Newer"
    p.save()
    refresh_search_fields([p.pk])
    assert found("newer") == ["Newer Name"]
    assert found("old") == []
