"""The JSON API: same parameters and validation as the page, no private fields."""

import datetime

import pytest
from django.utils import timezone

from opendata.api import PractitionerDetailSerializer
from practitioners.models import Language
from practitioners.search import refresh_search_fields
from tests.factories import (
    ClinicFactory,
    CredentialFactory,
    LicenseFactory,
    PractitionerFactory,
    ReviewFactory,
    UserFactory,
    file_content,
)
from verification.models import Credential

pytestmark = pytest.mark.django_db
URL = "/api/v1/practitioners/"


def make(first, last="Doe", *, at=(45.5142, -122.6364), verified=True, **fields):
    conditions = fields.pop("conditions", ["low-back-pain"])
    techniques = fields.pop("techniques", ["tcm"])
    p = PractitionerFactory(
        first_name=first, last_name=last, slug=f"{first}-{last}".lower(),
        conditions=conditions, techniques=techniques, **fields,
    )  # fmt: skip
    ClinicFactory(practitioner=p, latitude=at[0], longitude=at[1], is_primary=True)
    if verified:
        LicenseFactory(practitioner=p, verified=True)
    refresh_search_fields([p.pk])
    return p


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


@pytest.fixture
def full():
    """A practitioner with every field, relation and private document filled in."""
    owner = UserFactory(email="owner-private@example.org")
    p = make(
        "Full", "Profile", owner=owner, npi="1234567893", fee_min=80, fee_max=120,
        conditions=["migraine", "sciatica"], techniques=["electro"],
        accepts_physician_referrals=True, website="https://clinic.example.org",
        phone="503-555-0101", review_count=1, rating_average=5,
    )  # fmt: skip
    p.languages.set(Language.objects.filter(code__in=["en", "es"]))
    refresh_search_fields([p.pk])
    lic = p.licenses.get()
    lic.proof_document.save("x.pdf", file_content())
    CredentialFactory(practitioner=p, kind=Credential.Kind.DIPL_AC, verified=True, with_proof=True)
    ReviewFactory(practitioner=p, author=UserFactory(email="reviewer-private@example.org"))
    return p


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["close-one", "far-one", "migraine-one"]),
        ({"near": "97214", "radius": "5"}, ["close-one", "migraine-one"]),
        ({"near": "97214", "radius": "100"}, ["close-one", "migraine-one", "far-one"]),
        (
            {"near": "Portland, OR", "radius": "100", "sort": "experience"},
            ["far-one", "close-one", "migraine-one"],
        ),
        ({"condition": "migraine"}, ["migraine-one"]),
        ({"technique": "electro"}, ["migraine-one"]),
        ({"language": "es"}, ["far-one"]),
        ({"accepting": "1"}, ["close-one", "migraine-one"]),
        ({"verified": "0", "q": "unverified"}, ["unverified-one"]),
        ({"min_rating": "4"}, ["migraine-one"]),
        ({"credential": "dipl-om"}, ["far-one"]),
        ({"q": "electro"}, ["migraine-one"]),
        ({"sort": "experience"}, ["far-one", "close-one", "migraine-one"]),
        ({"sort": "rating"}, ["migraine-one", "close-one", "far-one"]),
    ],
)
def test_every_search_parameter_works_through_the_api(client, params, expected):
    make("Close", "One", at=(45.515, -122.64), years_in_practice=10, years_treating_chronic_pain=5)
    far = make("Far", "One", at=(45.80, -122.90), accepting_new_patients=False,
               years_in_practice=30, years_treating_chronic_pain=20)  # fmt: skip
    far.languages.set([Language.objects.get(code="es")])
    refresh_search_fields([far.pk])
    CredentialFactory(practitioner=far, kind=Credential.Kind.DIPL_OM, verified=True)
    make("Migraine", "One", at=(45.52, -122.65), conditions=["migraine"], techniques=["electro"],
         review_count=2, rating_average=4.5, years_in_practice=2, years_treating_chronic_pain=1,
         bio="Migraine care.")  # fmt: skip
    make("Unverified", "One", verified=False)
    result = slugs(client.get(URL, params))
    assert (
        result == expected
        if "sort" in params or "near" in params
        else sorted(result) == sorted(expected)
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"radius": "abc"}, "radius"),
        ({"near": "00000"}, "near"),
        ({"condition": "nope"}, "condition"),
        ({"technique": "laser"}, "technique"),
        ({"credential": "phd"}, "credential"),
        ({"language": "zz"}, "language"),
        ({"accepting": "yes"}, "accepting"),
        ({"verified": "2"}, "verified"),
        ({"min_rating": "6"}, "min_rating"),
        ({"sort": "random"}, "sort"),
        ({"sort": "distance"}, "sort"),
        ({"q": "x" * 5000}, "q"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        # str.isdigit() accepts "²", which int() refuses; "٣" is not 3 either.
        ({"page": "²"}, "page"),
        ({"page": "٣"}, "page"),
        ({"page": "9" * 30}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"page_size": "²"}, "page_size"),
    ],
)
def test_invalid_parameters_are_a_400_naming_the_field(client, params, field):
    make("Any", "One")
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert field in body and body[field]


SEARCH_PAGE = "/practitioners/"
BAD_VALUES = [
    {"radius": "7"},
    {"near": "00000"},
    {"near": "x" * 300},
    {"condition": ["migraine", "nope"]},
    {"technique": "laser"},
    {"credential": "phd"},
    {"language": "zz"},
    {"accepting": "yes"},
    {"verified": "2"},
    {"min_rating": "6"},
    {"sort": "random"},
    {"sort": "distance"},
    {"q": "x" * 5000},
]


@pytest.mark.parametrize("params", BAD_VALUES, ids=lambda params: next(iter(params)))
def test_the_page_and_the_api_word_a_bad_parameter_the_same(client, params):
    from practitioners.filters import PractitionerFilterSet
    from practitioners.search_form import INSTEAD

    make("Any", "One")
    [field] = params
    said = " ".join(client.get(URL, params).json()[field])
    shown = client.get(SEARCH_PAGE, params).context["field_errors"][field]
    instead = PractitionerFilterSet().form.fields[field].error_messages[INSTEAD]
    assert said and shown == f"{said} {instead}".strip()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"radius": "abc"}, "Choose 5, 10, 25, 50 or 100 miles."),
        ({"q": "x" * 201}, "Search text is limited to 200 characters."),
        ({"sort": "distance"}, "Enter a ZIP code or city to sort by distance."),
        ({"condition": "nope"}, "We don't know one of those conditions. Known: "),
    ],
)
def test_the_api_says_what_a_good_value_would_be(client, params, message):
    [field] = params
    assert client.get(URL, params).json()[field][0].startswith(message)


def test_several_conditions_list_the_same_order_on_the_page_and_in_the_api(client):
    make("One", "Abbot", conditions=["migraine"], review_count=3, rating_average=5)
    make("Both", "Zimmer", conditions=["migraine", "sciatica"])
    make("Neither", "Cole", conditions=["neck-pain"])
    params = {"condition": ["sciatica", "migraine"]}
    page = client.get(SEARCH_PAGE, params).context["results"]
    assert [p.slug for p in page] == slugs(client.get(URL, params)) == ["both-zimmer", "one-abbot"]


def test_the_list_is_paginated_with_a_count(client):
    for i in range(23):
        make(f"P{i:02d}")
    body = client.get(URL).json()
    assert body["count"] == 23 and len(body["results"]) == 20 and body["next"].endswith("page=2")
    assert len(client.get(URL, {"page": 2}).json()["results"]) == 3


def test_detail_shows_licenses_and_credentials_with_verification(client, full):
    body = client.get(f"{URL}full-profile/").json()
    [lic] = body["licenses"]
    assert lic["verification"]["status"] == "verified"
    assert lic["verification"]["fhir_status"] == "validated"
    assert lic["verification"]["primary_source"] == "state-board-lookup"
    assert lic["verification"]["verified_at"] and lic["expires_on"]
    assert body["credentials_detail"][0]["kind"] == "dipl-ac"
    assert body["is_verified"] is True


def test_each_records_own_fields_come_before_what_both_kinds_share(client, full):
    body = client.get(f"{URL}full-profile/").json()
    shared = ["issued_on", "expires_on", "in_good_standing", "verification"]
    assert list(body["licenses"][0]) == ["state", "number", "title", "standing", *shared]
    assert list(body["credentials_detail"][0]) == ["kind", "label", "issuer", "identifier", *shared]


def test_unpublished_practitioners_are_not_in_the_api(client):
    make("Draft", "One", publication_status="draft")
    assert client.get(f"{URL}draft-one/").status_code == 404
    assert slugs(client.get(URL, {"verified": "0"})) == []


def test_detail_of_an_unverified_published_practitioner_is_available(client):
    make("Plain", "One", verified=False)
    assert client.get(f"{URL}plain-one/").json()["is_verified"] is False


PRIVATE_MARKERS = [
    "owner-private@example.org",
    "reviewer-private@example.org",
    "proofs/",
    "proof_document",
    "owner",
    "search_text",
    "private",
]


def test_no_private_field_ever_appears(client, full):
    data = PractitionerDetailSerializer  # the serializer's declared fields
    assert not {"owner", "proof_document", "search_text", "search_name"} & set(data().fields)
    for response in (client.get(f"{URL}full-profile/"), client.get(URL)):
        text = response.content.decode()
        for marker in PRIVATE_MARKERS:
            assert marker not in text, marker


def test_list_and_detail_query_counts_are_constant(client, django_assert_max_num_queries, full):
    client.get(URL)  # the search form's options and the terms are read once, then kept
    # The page's keys (its capped count), and the page with every relation it shows.
    with django_assert_max_num_queries(2) as few:
        client.get(URL, {"near": "97214"})
    with django_assert_max_num_queries(6) as detail:
        client.get(f"{URL}full-profile/")
    for i in range(25):
        p = make(
            f"More{i}",
            conditions=["migraine", "sciatica", "neck-pain"],
            techniques=["tcm", "electro"],
        )
        p.languages.set(Language.objects.filter(code__in=["en", "es", "zh"]))
        refresh_search_fields([p.pk])
        CredentialFactory(practitioner=p, verified=True)
        ClinicFactory(practitioner=p)
        ClinicFactory(practitioner=full)
        LicenseFactory(practitioner=full, state="CA")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL, {"near": "97214"})
    with django_assert_max_num_queries(len(detail.captured_queries)):
        client.get(f"{URL}full-profile/")


@pytest.mark.parametrize("page_cache", [False, True], ids=["page cache off", "a miss"])
def test_a_list_runs_at_most_six_queries(
    client, settings, django_assert_max_num_queries, page_cache
):
    settings.PAGE_CACHE_SECONDS = 300 if page_cache else 0
    for i in range(25):
        p = make(f"Many{i}", conditions=["migraine", "sciatica"], techniques=["tcm", "electro"])
        p.languages.set(Language.objects.filter(code__in=["en", "es"]))
        refresh_search_fields([p.pk])
        CredentialFactory(practitioner=p, verified=True)
    client.get(URL, {"first": "1"})
    for params in (
        {},
        {"near": "97214", "condition": ["migraine", "sciatica"]},
        {"q": "many", "page": "2", "page_size": "5"},
        {"near": "59230", "condition": "migraine"},  # nobody near: the nearest beyond
    ):
        with django_assert_max_num_queries(6):
            assert client.get(URL, params).status_code == 200


def test_anonymous_clients_are_throttled(client, settings):
    from rest_framework.throttling import AnonRateThrottle

    make("Rate", "Limited")
    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = {"anon": "3/minute"}
    try:
        codes = [client.get(URL).status_code for _ in range(5)]
    finally:
        AnonRateThrottle.THROTTLE_RATES = original
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


def test_expired_license_shows_as_not_verified_in_the_api(client):
    p = make("Exp", "Ired", verified=False)
    past = timezone.localdate() - datetime.timedelta(days=1)
    LicenseFactory(
        practitioner=p, verified=True, expires_on=past, issued_on=past - datetime.timedelta(days=90)
    )
    body = client.get(f"{URL}exp-ired/").json()
    assert body["is_verified"] is False
    assert body["licenses"][0]["in_good_standing"] is False


def test_openapi_schema_documents_every_parameter_and_error(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    operation = schema["paths"]["/api/v1/practitioners/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "near", "radius", "condition", "technique", "credential", "language",
            "accepting", "verified", "min_rating", "sort", "page"} <= names  # fmt: skip
    assert {"200", "400", "429"} <= set(operation["responses"])
    assert "404" in schema["paths"]["/api/v1/practitioners/{slug}/"]["get"]["responses"]


def test_api_docs_are_served_from_static_without_a_cdn(client):
    html = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "<script>" not in html


def test_a_page_past_the_end_is_a_404_naming_the_page(client):
    make("Only", "One")
    response = client.get(URL, {"page": 999})
    assert response.status_code == 404
    assert "only 1 pages" in response.json()["page"][0]


def test_api_anon_rate_none_switches_throttling_off():
    import os
    import subprocess
    import sys

    env = {**os.environ, "API_ANON_RATE": "none", "DJANGO_SETTINGS_MODULE": "directory.settings"}
    code = "import django; django.setup(); from django.conf import settings as s; print(s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'])"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.stdout.strip() == "{'anon': None}", out.stderr


def test_an_empty_condition_is_no_condition_in_the_api_too(client):
    response = client.get("/api/v1/practitioners/", {"condition": ""})
    assert response.status_code == 200


def test_the_count_stops_at_the_cap_and_says_there_are_more(client, monkeypatch):
    monkeypatch.setattr("core.pagination.COUNT_CAP", 2)
    for i in range(3):
        make(f"Capped{i}")
    body = client.get(URL, {"q": "capped"}).json()
    assert (body["count"], body["count_capped"], len(body["results"])) == (2, True, 2)


def test_below_the_cap_the_count_is_exact(client):
    make("Exact")
    body = client.get(URL, {"q": "exact"}).json()
    assert (body["count"], body["count_capped"]) == (1, False)
