"""The public search page: every parameter, alone and combined, and bad input."""

import datetime

import pytest
from django.utils import timezone

from practitioners.models import Condition, Language
from practitioners.search import refresh_search_fields
from tests.factories import (
    ClinicFactory,
    CredentialFactory,
    LicenseFactory,
    PractitionerFactory,
)
from verification.models import Credential, License

pytestmark = pytest.mark.django_db

PORTLAND = (45.5142, -122.6364)  # ZIP 97214


def make(first="Jane", last="Doe", *, at=PORTLAND, verified=True, city="Portland", **fields):
    """A published practitioner with a clinic and (by default) a verified license."""
    conditions = fields.pop("conditions", ["low-back-pain"])
    techniques = fields.pop("techniques", ["tcm"])
    p = PractitionerFactory(
        first_name=first,
        last_name=last,
        slug=f"{first}-{last}".lower().replace(" ", "-"),
        conditions=conditions,
        techniques=techniques,
        **fields,
    )
    ClinicFactory(practitioner=p, latitude=at[0], longitude=at[1], city=city, is_primary=True)
    if verified:
        LicenseFactory(practitioner=p, verified=True)
    refresh_search_fields([p.pk])
    return p


def names(response) -> list[str]:
    return [p.full_name for p in response.context["results"]]


def get(client, **params):
    response = client.get("/practitioners/", params)
    assert response.status_code == 200
    return response


def test_default_shows_only_verified_published_practitioners(client):
    make("Ver", "Ified")
    make("Not", "Verified", verified=False)
    make("Draft", "Profile", publication_status="draft")
    assert names(get(client)) == ["Ver Ified"]
    assert sorted(names(get(client, verified="0"))) == ["Not Verified", "Ver Ified"]


def test_unverified_practitioners_are_never_shown_as_verified(client):
    make("Not", "Verified", verified=False)
    response = get(client, verified="0")
    assert "License not verified" in response.text
    assert "✓ License verified" not in response.text


@pytest.mark.parametrize(
    "license_fields",
    [
        {"status": License.Standing.REVOKED},
        {
            "expires_on": timezone.localdate() - datetime.timedelta(days=1),
            "issued_on": timezone.localdate() - datetime.timedelta(days=400),
        },
    ],
    ids=["revoked", "expired"],
)
def test_expired_or_revoked_license_drops_the_badge(client, license_fields):
    p = make("Lapsed", "License", verified=False)
    LicenseFactory(practitioner=p, verified=True, **license_fields)
    assert names(get(client)) == []
    response = get(client, verified="0")
    assert "License not verified" in response.text
    assert "✓ License verified" not in response.text


def test_near_a_zip_sorts_nearest_first_and_shows_the_distance(client):
    make("Far", "Away", at=(45.60, -122.60))  # ~6 miles
    make("Next", "Door", at=(45.515, -122.64))
    response = get(client, near="97214")
    assert names(response) == ["Next Door", "Far Away"]
    assert "under 1 mile" in response.text
    assert "within 25 miles of 97214 (Portland, OR)" in response.text


def test_near_accepts_city_and_state(client):
    make("Port", "Lander")
    assert names(get(client, near="portland, or")) == ["Port Lander"]


def test_radius_boundary_just_inside_and_just_outside(client):
    # One degree of latitude is ~69.09 miles on the haversine sphere: 10 miles
    # north of the ZIP centre is 0.1447 degrees.
    lat, lon = PORTLAND
    make("Just", "Inside", at=(lat + 9.9 / 69.09, lon))
    make("Just", "Outside", at=(lat + 10.1 / 69.09, lon))
    assert names(get(client, near="97214", radius="10")) == ["Just Inside"]
    assert sorted(names(get(client, near="97214", radius="25"))) == ["Just Inside", "Just Outside"]


def test_a_corner_of_the_bounding_box_is_outside_the_circle(client):
    lat, lon = PORTLAND
    # Inside the 5-mile box's corner but ~6.6 miles away.
    make("Box", "Corner", at=(lat + 4.7 / 69.09, lon + 4.7 / (69.09 * 0.7)))
    assert names(get(client, near="97214", radius="5")) == []


def test_several_conditions_mean_any_of_them_those_treating_more_first(client):
    make("Back", "Only", conditions=["low-back-pain"])
    make("Back", "Andmigraine", conditions=["low-back-pain", "migraine"])
    make("Neck", "Only", conditions=["neck-pain"])
    assert sorted(names(get(client, condition="low-back-pain"))) == [
        "Back Andmigraine",
        "Back Only",
    ]
    response = get(client, condition=["migraine", "low-back-pain"])
    assert names(response) == ["Back Andmigraine", "Back Only"]


def test_with_several_conditions_more_matches_outrank_a_better_rating(client):
    make("Both", "Lower", conditions=["migraine", "sciatica"], review_count=1, rating_average=3)
    make("One", "Higher", conditions=["migraine"], review_count=9, rating_average=5)
    assert names(get(client, condition=["migraine", "sciatica"])) == ["Both Lower", "One Higher"]


def test_in_the_other_sorts_more_matches_only_break_ties(client):
    # Clinics in one ZIP share its coordinates, so their distances tie.
    rated = {"review_count": 2, "rating_average": 4}
    make("One", "Abbot", conditions=["migraine"], **rated)
    make("Both", "Zimmer", conditions=["migraine", "sciatica"], **rated)
    make("Far", "Both", at=(45.60, -122.60), conditions=["migraine", "sciatica"], review_count=1,
         rating_average=5)  # fmt: skip
    chosen = {"condition": ["migraine", "sciatica"]}
    assert names(get(client, near="97214", **chosen)) == ["Both Zimmer", "One Abbot", "Far Both"]
    assert names(get(client, sort="rating", **chosen)) == ["Far Both", "Both Zimmer", "One Abbot"]


def test_technique_language_and_accepting_filters(client):
    from practitioners.models import Language

    a = make("Elec", "Tro", techniques=["electro"], accepting_new_patients=False)
    a.languages.set([Language.objects.get(code="es")])
    refresh_search_fields([a.pk])
    make("Tcm", "Only", techniques=["tcm"])
    assert names(get(client, technique="electro")) == ["Elec Tro"]
    assert names(get(client, language="es")) == ["Elec Tro"]
    assert names(get(client, accepting="1")) == ["Tcm Only"]
    assert sorted(names(get(client, accepting="0"))) == ["Elec Tro", "Tcm Only"]


def test_credential_filter_counts_only_checked_credentials(client):
    checked = make("Checked", "Diplomate")
    CredentialFactory(practitioner=checked, kind=Credential.Kind.DIPL_OM, verified=True)
    unchecked = make("Unchecked", "Diplomate")
    CredentialFactory(practitioner=unchecked, kind=Credential.Kind.DIPL_OM)
    assert names(get(client, credential="dipl-om")) == ["Checked Diplomate"]
    assert sorted(names(get(client, credential="lac"))) == [
        "Checked Diplomate",
        "Unchecked Diplomate",
    ]


def test_min_rating_filter_and_rating_sort(client):
    make("Four", "Stars", review_count=3, rating_average=4.2)
    make("Five", "Stars", review_count=1, rating_average=5)
    make("No", "Reviews")
    assert names(get(client, min_rating="4", sort="rating")) == ["Five Stars", "Four Stars"]
    assert names(get(client, sort="rating"))[-1] == "No Reviews"


def test_experience_sort(client):
    make("Junior", "Person", years_in_practice=3, years_treating_chronic_pain=1)
    make("Senior", "Person", years_in_practice=30, years_treating_chronic_pain=25)
    assert names(get(client, sort="experience")) == ["Senior Person", "Junior Person"]


def test_free_text_matches_name_city_condition_technique_and_bio(client):
    make("Mei", "Chen", bio="Gentle needling for nerve pain.", conditions=["fibromyalgia"])
    make("Bob", "Smith", techniques=["auricular"], city="Beaverton")
    assert names(get(client, q="chen")) == ["Mei Chen"]
    assert names(get(client, q="fibromyalgia")) == ["Mei Chen"]
    assert names(get(client, q="gentle needling")) == ["Mei Chen"]
    assert names(get(client, q="auricular")) == ["Bob Smith"]
    assert names(get(client, q="beaverton")) == ["Bob Smith"]
    assert names(get(client, q="nobody matches this")) == []


def test_filters_combine(client):
    make("Right", "One", conditions=["migraine"], techniques=["electro"], bio="migraine care")
    make("Wrong", "Technique", conditions=["migraine"], techniques=["tcm"], bio="migraine care")
    make("Too", "Far", at=(47.6, -122.3), conditions=["migraine"], techniques=["electro"])
    make("Unverified", "One", verified=False, conditions=["migraine"], techniques=["electro"])
    response = get(
        client, near="97214", radius="50", condition="migraine", technique="electro", q="migraine"
    )
    assert names(response) == ["Right One"]


def test_pagination_reports_the_total(client):
    for i in range(23):
        make(f"P{i:02d}", "Paged")
    first = get(client, sort="experience")
    assert len(first.context["results"]) == 20
    assert "23 practitioners" in first.text
    assert len(get(client, sort="experience", page="2").context["results"]) == 3


BAD_PARAMETERS = [
    ({"radius": "abc"}, "radius", "Choose 5, 10, 25, 50 or 100 miles"),
    ({"radius": "7"}, "radius", "Choose 5, 10, 25, 50 or 100 miles"),
    ({"near": "00000"}, "near", "know the ZIP code 00000"),
    ({"near": "Atlantis, ZZ"}, "near", "not a US state"),
    ({"near": "x" * 300}, "near", ""),
    ({"condition": "not-a-condition"}, "condition", "don't know one of those conditions"),
    ({"technique": "laser"}, "technique", "isn't one we know"),
    ({"credential": "phd"}, "credential", "isn't one we know"),
    ({"language": "zz"}, "language", "isn't one we know"),
    ({"min_rating": "9"}, "min_rating", "Choose a minimum rating from 1 to 5"),
    ({"accepting": "yes"}, "accepting", "Use 1"),
    ({"verified": "maybe"}, "verified", "Use 1 (verified license only) or 0 (everyone listed)"),
    ({"sort": "random"}, "sort", "Sort by best match, distance, rating or experience"),
    ({"sort": "distance"}, "sort", "Enter a ZIP code or city to sort by distance"),
    ({"q": "x" * 5000}, "q", "limited to 200 characters"),
]


@pytest.mark.parametrize(("params", "field", "message"), BAD_PARAMETERS)
def test_a_bad_parameter_answers_200_with_a_message_next_to_the_field(
    client, params, field, message
):
    make("Still", "Listed")
    response = get(client, **params)
    errors = response.context["field_errors"]
    assert field in errors
    assert message in errors[field]
    assert f'id="{field}-error"' in response.text
    # The other filters still work: the (verified) practitioner is still found
    # unless the bad value was the location.
    if field != "near":
        assert names(response) == ["Still Listed"]


@pytest.mark.parametrize("page_number", ["999", "abc", "-1", "0"])
def test_a_page_past_the_end_or_not_a_number_answers_200_with_a_message(client, page_number):
    make("Only", "One")
    response = get(client, page=page_number)
    assert response.context["page_message"]
    assert names(response) == ["Only One"]


def test_an_empty_result_explains_and_offers_to_widen_or_drop_filters(client):
    make("Far", "Away", at=(47.6, -122.3))
    response = get(client, near="97214", radius="10", condition="migraine")
    assert "No practitioners match all of this" in response.text
    assert "within 10 miles of 97214" in response.text
    # Each link is the same search with one change, page dropped, HTML-escaped.
    assert response.context["wider_radius"] == 25
    assert (
        '<a href="?near=97214&amp;radius=25&amp;condition=migraine">Search a wider area</a>'
        in response.text
    )
    assert '<a href="?near=97214&amp;radius=10">Drop “treats migraine”</a>' in response.text
    assert (
        '<a href="?near=97214&amp;radius=10&amp;condition=migraine&amp;verified=0">'
        "Include practitioners whose license is not yet verified</a>" in response.text
    )


def test_the_try_links_drop_the_page_and_replace_a_value_already_set(client):
    make("Far", "Away", at=(47.6, -122.3))
    response = get(client, near="97214", radius="10", verified="1", q="chen", page="3")
    assert '<a href="?near=97214&amp;radius=25&amp;verified=1&amp;q=chen">' in response.text
    assert '<a href="?near=97214&amp;radius=10&amp;verified=1">Drop' in response.text
    assert '<a href="?near=97214&amp;radius=10&amp;verified=0&amp;q=chen">Include' in response.text


def test_htmx_requests_get_the_results_partial_with_field_errors_out_of_band(client):
    make("Part", "Ial")
    response = client.get("/practitioners/", {"near": "00000"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="results-count"' in response.text
    assert 'id="near-errors"' in response.text and 'hx-swap-oob="true"' in response.text


def test_the_search_page_works_without_javascript(client):
    response = get(client, near="97214")
    html = response.text
    assert '<form id="search-form"' in html and 'method="get"' in html
    assert 'type="submit"' in html
    assert 'hx-get="/practitioners/"' in html  # progressive enhancement only


# At most this many queries per results page, everything counted (the page
# cache's version row too when it is on): issue 13's budget.
MAX_QUERIES = 6
SEARCHES = {
    "condition": {"condition": "low-back-pain"},
    "near and conditions": {"near": "97214", "condition": ["low-back-pain", "migraine"]},
    "text": {"q": "back pain"},
    "page 2": {"condition": "low-back-pain", "page": "2"},
    "everyone listed, by rating": {"verified": "0", "sort": "rating", "accepting": "1"},
    "credential and language": {"credential": "dipl-ac", "language": "en", "technique": "tcm"},
    "nobody near, the nearest beyond": {"near": "59230", "condition": "migraine"},
    "a misspelt name": {"q": "Bakc Pian", "verified": "0"},
    "a name no one has, near a place": {"near": "59230", "q": "qwertyuiop"},
}


def many(n: int, tag: str) -> None:
    """Practitioners whose cards show every relation: conditions, clinics, license, credential."""
    for i in range(n):
        p = make(f"{tag}{i}", "Back", conditions=["low-back-pain", "migraine", "fibromyalgia",
                                                   "neck-pain"], bio="back pain")  # fmt: skip
        p.languages.set(Language.objects.filter(code="en"))
        refresh_search_fields([p.pk])
        CredentialFactory(practitioner=p, kind=Credential.Kind.DIPL_AC, verified=True)
        ClinicFactory(practitioner=p)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx partial"])
@pytest.mark.parametrize("params", SEARCHES.values(), ids=SEARCHES.keys())
def test_a_results_page_runs_at_most_six_queries_however_many_results(
    client, django_assert_max_num_queries, params, htmx
):
    headers = {"HX-Request": "true"} if htmx else {}
    many(3, "A")
    get(client)  # the first search reads the form's options and the terms, then keeps them
    with django_assert_max_num_queries(MAX_QUERIES) as few:
        client.get("/practitioners/", params, headers=headers)
    many(30, "B")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/practitioners/", params, headers=headers)
    assert response.status_code == 200


def test_with_the_page_cache_on_a_miss_still_runs_at_most_six_queries(
    client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 300
    many(25, "A")
    get(client)
    for params in SEARCHES.values():
        with django_assert_max_num_queries(MAX_QUERIES) as counted:
            response = client.get("/practitioners/", params)
        assert response["X-Page-Cache"] == "miss"
        assert "core_pagecacheversion" in counted.captured_queries[0]["sql"]


def test_card_shows_name_credentials_badge_distance_conditions_rating_and_accepting(client):
    p = make(
        "Card",
        "Person",
        conditions=["migraine", "fibromyalgia", "neck-pain", "sciatica"],
        review_count=2,
        rating_average=4.5,
    )
    CredentialFactory(practitioner=p, kind=Credential.Kind.DIPL_AC, verified=True)
    html = get(client, near="97214").text
    assert "Card Person" in html and "L.Ac., Dipl. Ac." in html
    assert "✓ Verified license · checked" in html
    assert "under 1 mile" in html
    assert "+1 more" in html
    assert "4.5" in html and "(2 reviews)" in html
    assert "Accepting new patients" in html


@pytest.mark.parametrize("text", ["%_%", "!!!", "'", "--"])
def test_text_with_no_searchable_words_is_ignored_not_an_error(client, text):
    make("Still", "Found")
    assert names(get(client, q=text)) == ["Still Found"]


def test_any_condition_from_the_home_page_is_no_condition_not_an_error(client):
    response = client.get("/practitioners/", {"near": "97214", "condition": ""})
    assert response.status_code == 200
    assert "We don&#x27;t know one of those conditions" not in response.text
    assert "condition" not in response.context["field_errors"]


def test_cards_show_resized_photos_or_initials_without_a_query_per_card(
    client, django_assert_max_num_queries
):
    make("Nophoto", "Person")
    with django_assert_max_num_queries(13) as without:
        get(client, near="97214")
    for i in range(10):
        make(f"P{i}", "Photo", photo=f"photos/p{i}.jpg")
    with django_assert_max_num_queries(len(without.captured_queries)):
        html = get(client, near="97214").text
    assert 'src="/media/photos/p0.w72.jpg"' in html
    assert html.count('loading="lazy"') == 10 and html.count('width="72" height="72"') == 10
    assert '<span class="avatar photo-card" aria-hidden="true">NP</span>' in html


def test_past_the_cap_the_count_says_more_and_the_pages_stop(client, monkeypatch):
    monkeypatch.setattr("practitioners.views.COUNT_CAP", 20)
    for i in range(25):
        make(f"Many{i}", "Capped")
    response = get(client, near="97214")
    assert "20+ practitioners within 25 miles" in response.text
    assert len(response.context["results"]) == 20
    response = get(client, near="97214", page="2")
    assert "Pages stop at 1; showing the last one." in response.text


def test_at_the_cap_exactly_the_count_is_exact(client, monkeypatch):
    monkeypatch.setattr("practitioners.views.COUNT_CAP", 3)
    for i in range(3):
        make(f"Three{i}", "Exact")
    assert "3 practitioners within" in get(client, near="97214").text


def test_a_condition_added_by_staff_is_offered_on_the_next_search(client):
    get(client)  # the options are read and kept
    Condition.objects.create(slug="new-condition", name="A condition added today", order=99)
    assert "A condition added today" in get(client).text


def test_the_distance_and_city_are_the_nearest_clinic_even_when_another_is_far(client):
    p = make("Two", "Clinics", at=(45.60, -122.6364))  # about 6 miles north of 97214
    ClinicFactory(practitioner=p, latitude=40.7506, longitude=-73.9972, city="New York")
    ClinicFactory(practitioner=p, latitude=45.5142, longitude=-122.6364, city="Hawthorne")
    (card,) = get(client, near="97214", radius="10").context["results"]
    assert card.distance == pytest.approx(0.0, abs=0.01)
    assert card.nearest_city == "Hawthorne"
