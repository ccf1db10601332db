"""The search when nothing is near, when the place is unknown, and its one default order."""

import pytest

from tests.practitioners.test_search_page import get, make, names

pytestmark = pytest.mark.django_db

GLASGOW_MT = (48.2034, -106.6094)  # ZIP 59230: rural Montana
MILES_NORTH = 1 / 69  # degrees of latitude per mile, near enough


def north_of_glasgow(miles: float) -> tuple[float, float]:
    return (GLASGOW_MT[0] + miles * MILES_NORTH, GLASGOW_MT[1])


@pytest.fixture
def rural_montana():
    """Nobody within 100 miles of Glasgow treats fibromyalgia; some do 38-61 miles out."""
    make("Near", "Butwrong", at=north_of_glasgow(5), conditions=["migraine"])
    make("Thirty", "Eight", at=north_of_glasgow(38.2), conditions=["fibromyalgia"])
    make("Sixty", "One", at=north_of_glasgow(61.2), conditions=["fibromyalgia", "migraine"])
    make("Not", "Verified", at=north_of_glasgow(45), conditions=["fibromyalgia"], verified=False)
    make("Far", "Away", at=(45.5142, -122.6364), conditions=["fibromyalgia"])  # Portland, OR


def test_nothing_within_the_radius_shows_the_nearest_matching_beyond_it(client, rural_montana):
    response = get(client, near="59230", condition="fibromyalgia")
    assert names(response) == []
    nearest = response.context["nearest_beyond"]
    assert [p.full_name for p in nearest] == ["Thirty Eight", "Sixty One"]
    assert (
        "No one within 25 miles of 59230 (Glasgow, MT)</strong>; the nearest verified "
        "acupuncturists who treat fibromyalgia are 38–61 miles away." in response.text
    )
    assert "38.2 mi" in response.text or "38 mi" in response.text


def test_the_nearest_beyond_keep_every_other_filter(client, rural_montana):
    response = get(client, near="59230", condition="fibromyalgia", verified="0", radius="5")
    assert [p.full_name for p in response.context["nearest_beyond"]] == [
        "Thirty Eight",
        "Not Verified",
        "Sixty One",
    ]
    one = get(client, near="59230", condition="fibromyalgia", q="sixty")
    assert "the nearest verified acupuncturist who treats fibromyalgia and matches" in one.text
    assert "is 61 miles away" in one.text


def test_the_nearest_beyond_are_looked_up_only_when_the_page_is_empty(
    client, rural_montana, django_assert_max_num_queries
):
    assert get(client, near="59230", radius="50").context["nearest_beyond"] == []
    # The capped count, the conditions chosen, the nearest with their cards: one
    # query a ring, three here, as fewer than five are anywhere within 600 miles.
    with django_assert_max_num_queries(5):
        get(client, near="59230", condition="fibromyalgia")


def test_the_look_beyond_widens_ring_by_ring():
    from practitioners.selectors import NEAREST_BEYOND_MILES, reaches

    assert reaches(5) == [50, 150, NEAREST_BEYOND_MILES]
    assert reaches(25) == [50, 150, NEAREST_BEYOND_MILES]
    assert reaches(100) == [200, NEAREST_BEYOND_MILES]
    assert all(ring > 100 for ring in reaches(100))


def test_five_within_the_first_ring_are_the_nearest_and_end_the_look(
    client, django_assert_max_num_queries
):
    for miles in (30, 32, 34, 36, 38, 47):
        make(f"At{miles}", "Miles", at=north_of_glasgow(miles), conditions=["fibromyalgia"])
    make("Far", "North", at=north_of_glasgow(140), conditions=["fibromyalgia"])
    get(client, near="59230", radius="50")  # the kept vocabularies, read once
    with django_assert_max_num_queries(3):  # the first ring answered
        response = get(client, near="59230", condition="fibromyalgia")
    assert [p.full_name for p in response.context["nearest_beyond"]] == [
        "At30 Miles", "At32 Miles", "At34 Miles", "At36 Miles", "At38 Miles",
    ]  # fmt: skip


def test_the_nearest_found_ring_by_ring_are_those_of_the_widest_look(client):
    # One inside the first ring, the others beyond it: the rings find the same five
    # that a single look across 600 miles finds, in the same order.
    for miles in (45, 60, 90, 149, 151, 400, 700):
        make(f"At{miles}", "Miles", at=north_of_glasgow(miles), conditions=["fibromyalgia"])
    response = get(client, near="59230", condition="fibromyalgia")
    assert [p.full_name for p in response.context["nearest_beyond"]] == [
        "At45 Miles", "At60 Miles", "At90 Miles", "At149 Miles", "At151 Miles",
    ]  # fmt: skip


@pytest.mark.parametrize("place", ["00000", "portland", "Atlantis, OR", "Portlnd, OR"])
def test_an_unknown_place_lists_nobody(client, place):
    make("Port", "Lander")
    response = get(client, near=place)
    assert names(response) == []
    assert response.context["page"].paginator.count == 0
    assert "couldn't tell where to look" in response.text
    assert "No practitioners match" not in response.text


def test_a_city_without_its_state_offers_the_matching_cities_as_links(client):
    response = get(client, near="portland")
    assert '<a href="?near=Portland%2C+OR">Portland, OR</a>' in response.text
    assert '<a href="?near=Portland%2C+ME">Portland, ME</a>' in response.text


def test_a_misspelt_city_gets_a_did_you_mean_link(client):
    response = get(client, near="Portlnd, OR", condition="migraine")
    assert "Did you mean" in response.text
    assert '<a href="?near=Portland%2C+OR&amp;condition=migraine">Portland, OR</a>' in response.text


def test_a_place_sorts_by_distance_from_the_search_page_too(client):
    # The page's sort select sends the empty default, not "best match".
    make("Far", "Zed", at=(45.60, -122.6364))
    make("Near", "Aaron", at=(45.52, -122.6364))
    response = get(client, near="97214", q="", sort="")
    assert response.context["sort"] == "distance"
    assert names(response) == ["Near Aaron", "Far Zed"]
    assert '<option value="" selected>' in response.text
    assert '<option value="relevance">' in response.text
    chosen = get(client, near="97214", sort="relevance")
    assert '<option value="relevance" selected>' in chosen.text


def test_the_empty_state_reads_as_a_sentence_without_nested_quotes(client):
    make("Some", "One")
    response = get(client, q="zzyzx", condition="migraine")
    assert (
        "We looked everywhere for someone who treats migraine and matches ‘zzyzx’, "
        "with a verified license." in response.text
    )
    assert "Drop “matches ‘zzyzx’”" in response.text
