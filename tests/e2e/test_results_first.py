"""A patient on a phone or a laptop: results first, places that say what they matched, the nearest."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_search_journey import directory  # noqa: F401 (a fixture)
from tests.practitioners.test_nearest_and_places import rural_montana  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def viewport(request, page):
    page.set_viewport_size(request.param)
    return request.param


@pytest.mark.usefixtures("directory")
def test_after_a_home_search_the_count_and_first_result_show_without_scrolling(
    live_server, page, viewport, assert_accessible
):
    page.goto(live_server.url + "/")
    page.get_by_label("ZIP code or city").fill("97214")
    page.get_by_label("Condition").select_option("migraine")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results-count")).to_contain_text("2 practitioners")
    expect(page.locator("#results-count")).to_be_in_viewport()
    first = page.locator("#results .result-list > li").first
    expect(first.get_by_role("link").first).to_be_in_viewport()
    assert page.evaluate("window.scrollY") == 0
    # Sorted by distance, as from any entry point.
    expect(page.locator(".results-meta")).to_contain_text("Sorted by distance")
    if viewport is PHONE:
        # The filters wait behind their disclosure, which says how many are set.
        expect(page.locator("#more-filters > summary")).to_contain_text("Filters (1 active)")
        expect(page.get_by_label("Migraine")).to_be_hidden()
    assert_accessible(page, context=f"results at {viewport['width']}px")


@pytest.mark.usefixtures("directory")
def test_keyboard_users_skip_the_filters_to_the_results(live_server, page, viewport):
    page.goto(live_server.url + "/practitioners/?near=97214")
    skip = page.get_by_role("link", name="Skip to results")
    skip.focus()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#results-heading")).to_be_focused()


@pytest.mark.usefixtures("rural_montana")
def test_rural_montana_shows_the_nearest_beyond_the_radius(
    live_server, page, viewport, assert_accessible
):
    page.goto(live_server.url + "/practitioners/?near=59230&condition=fibromyalgia")
    expect(page.locator("#nearest-beyond-summary")).to_contain_text(
        "No one within 25 miles of 59230 (Glasgow, MT); the nearest verified acupuncturists "
        "who treat fibromyalgia are 38–61 miles away."
    )
    cards = page.locator(".nearest-beyond > li")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Thirty Eight")
    assert_accessible(page, context=f"nearest beyond at {viewport['width']}px")


@pytest.mark.usefixtures("directory")
def test_an_unknown_place_lists_nobody_and_a_bare_city_offers_its_states(
    live_server, page, viewport, assert_accessible
):
    page.goto(live_server.url + "/practitioners/?near=00000")
    expect(page.locator("#results-count")).to_contain_text("0 practitioners")
    expect(page.locator("#near-error")).to_contain_text("don't know the ZIP code 00000")
    page.goto(live_server.url + "/practitioners/?near=portland")
    expect(page.locator("#results-count")).to_contain_text("0 practitioners")
    assert_accessible(page, context=f"place suggestions at {viewport['width']}px")
    page.get_by_role("link", name="Portland, OR").click()
    expect(page.locator("#results-count")).to_contain_text("3 practitioners within 25 miles")
