"""The results and profile maps: markers match the list, state outlines offline, no JS no map."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_search_journey import browser_context_args, directory  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(params=[(390, 844), (1280, 900)], ids=["phone", "desktop"])
def viewport(request, page):
    page.set_viewport_size({"width": request.param[0], "height": request.param[1]})
    return request.param


@pytest.mark.usefixtures("directory", "viewport")
def test_the_results_map_shows_the_page_results_numbered_as_in_the_list(
    live_server, page, assert_accessible
):
    page.goto(live_server.url + "/practitioners/?near=97214")
    expect(page.locator("#results-count")).to_contain_text("3 practitioners")
    markers = page.locator("#results-map .leaflet-marker-icon")
    expect(markers).to_have_count(3)
    labels = [markers.nth(i).get_attribute("aria-label") for i in range(3)]
    cards = page.locator(".result-list > li")
    # Each marker's number and name are the list's: "1. Mei Chen, Portland, OR".
    for i, label in enumerate(sorted(labels)):
        number, _, rest = label.partition(". ")
        assert number == str(i + 1)
        expect(cards.nth(i)).to_contain_text(rest.split(",")[0])
    # Offline (no tile server) the map still draws the US state outlines.
    expect(page.locator("#results-map[data-states-drawn]")).to_have_attribute(
        "data-states-drawn", "56"
    )
    assert page.locator("#results-map path").count() > 1  # the states and the radius circle
    # Keyboard: a marker takes focus and opens its popup, which links to the profile.
    markers.first.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content a")
    # As the card links: with the searched place, so the profile says how far.
    expect(popup).to_have_attribute("href", "/practitioners/mei-chen/?near=97214")
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")  # faded in
    assert_accessible(page, context="results map")


@pytest.mark.usefixtures("directory", "viewport")
def test_the_profile_maps_its_clinics_with_directions(live_server, page, assert_accessible):
    page.goto(live_server.url + "/practitioners/mei-chen/")
    expect(page.locator("#clinics-map .leaflet-marker-icon")).to_have_count(1)
    directions = page.get_by_role("link", name="Directions to")
    expect(directions).to_have_attribute(
        "href",
        "https://www.google.com/maps/dir/?api=1&destination=123+SE+Hawthorne+Blvd%2C+Portland%2C+OR+97214",
    )
    assert_accessible(page, context="profile map")


@pytest.mark.no_javascript
@pytest.mark.usefixtures("directory")
def test_without_javascript_there_is_no_map_and_the_list_is_whole(live_server, page):
    page.goto(live_server.url + "/practitioners/?near=97214")
    expect(page.locator("#results-count")).to_contain_text("3 practitioners")
    expect(page.locator("[data-map-figure]")).to_be_hidden()
    expect(page.locator(".result-list > li")).to_have_count(3)
    assert page.locator("script[src*='leaflet']").count() == 1  # loaded, but never run
