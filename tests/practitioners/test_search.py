import pytest
from django.db import connection
from django.http import QueryDict

from practitioners.filters import PractitionerFilterSet
from practitioners.listings import Listing
from practitioners.models import Clinic, Practitioner
from practitioners.search import TextQuery, refresh_search_fields, terms_of
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
    """Names the search finds for `query`, everyone listed, in best-match order."""
    data = QueryDict(mutable=True)
    data.update({"q": query, "verified": "0"})
    results = PractitionerFilterSet(data).results()
    return [p.full_name for p in results.load(results.keys())]


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
    text = TextQuery.parse("chen")
    matching = Listing.objects.matching(text).values("practitioner")
    assert Clinic.objects.filter(practitioner__in=matching).count() == 1


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


def test_names_holding_every_word_come_first_then_the_others_by_rating():
    indexed(first_name="Bo", last_name="Best", bio="Trained with Dr. Chen.", review_count=9,
            rating_average=5)  # fmt: skip
    indexed(first_name="Ann", last_name="Cheng")
    indexed(first_name="Mei", last_name="Chen", review_count=1, rating_average=3)
    indexed(first_name="Li", last_name="Chen", review_count=2, rating_average=4)
    results = found("chen")
    # (SQLite matches within words: there, "Cheng" holds "chen" too.)
    assert results[:2] == ["Li Chen", "Mei Chen"] and results[-1] == "Bo Best"


@postgres_only
def test_a_misspelt_name_that_matches_no_words_finds_the_closest_spellings_first():
    indexed(first_name="Ann", last_name="Cheng")
    indexed(first_name="Mei", last_name="Chen")
    indexed(first_name="Bo", last_name="Other")
    assert found("Mei Chne")[0] == "Mei Chen"
    assert "Bo Other" not in found("Mei Chne")


def test_a_query_without_words_filters_no_one_and_never_errors():
    indexed(first_name="Mei", last_name="Chen")
    assert found("!!! -- ...") == ["Mei Chen"]


@postgres_only
def test_a_query_of_only_stopwords_matches_no_one():
    indexed(first_name="Mei", last_name="Chen", bio="The best of the west.")
    assert found("the of") == []


@postgres_only
def test_search_vector_is_kept_current_by_the_database():
    p = indexed(first_name="Old", last_name="Name")
    p.first_name = "Newer"
    p.save()
    refresh_search_fields([p.pk])
    assert found("newer") == ["Newer Name"]
    assert found("old") == []


@postgres_only
@pytest.mark.parametrize(
    "params",
    [
        {"condition": ["migraine", "sciatica"]},
        {"condition": ["migraine", "sciatica", "neck-pain"], "verified": "0"},
        {"q": "chen", "verified": "0"},
        {"q": "chen migraine", "condition": ["migraine", "sciatica"], "verified": "0"},
        {"q": "acupuncture", "verified": "0", "accepting": "1"},
    ],
)
def test_each_tier_read_as_its_own_branch_gives_the_order_of_one_ordered_query(params):
    from practitioners.search import ordered_keys

    names = ["Chen", "Cheng", "Chan", "Smith", "Jones"]
    conditions = [["migraine"], ["sciatica"], ["migraine", "sciatica"], ["neck-pain"],
                  ["migraine", "sciatica", "neck-pain"]]  # fmt: skip
    for n in range(40):
        p = indexed(
            first_name=f"P{n}",
            last_name=names[n % 5],
            conditions=conditions[n % 5],
            rating_average=[None, 3, 4, 5][n % 4],
            review_count=0 if n % 4 == 0 else n % 7 + 1,
            accepting_new_patients=n % 3 != 0,
            bio="acupuncture for migraine" if n % 2 else "gentle care",
        )
        if n % 3:
            from tests.factories import LicenseFactory

            LicenseFactory(practitioner=p, verified=True)
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    filterset = PractitionerFilterSet(data)
    assert filterset.is_valid()
    tiers, order = filterset.ordering()
    listings = filterset.qs
    assert not filterset.text_query.fuzzy
    for limit in (3, 17, 1001):
        chained = ordered_keys(listings, tiers=tiers, order=order, limit=limit,
                               values=("practitioner_id",))  # fmt: skip
        one = ordered_keys(listings, tiers=tiers, order=order, limit=limit,
                           values=("practitioner_id",), chained=False)  # fmt: skip
        assert chained == one and len(one) == min(limit, listings.count())
