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
    # The capped count, the conditions chosen, the nearest with their cards.
    with django_assert_max_num_queries(3):
        get(client, near="59230", condition="fibromyalgia")


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
