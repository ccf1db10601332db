"""A patient searches near them, refines, opens a profile and reads the checklist."""

import re

import pytest
from playwright.sync_api import expect

from practitioners.search import refresh_search_fields
from tests.factories import ClinicFactory, CredentialFactory, LicenseFactory, PractitionerFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def directory():
    people = [
        ("Mei", "Chen", ["migraine", "fibromyalgia"], ["electro", "tcm"], (45.5142, -122.6364)),
        ("John", "Smith", ["migraine"], ["tcm"], (45.53, -122.66)),
        ("Ana", "Lopez", ["low-back-pain"], ["auricular"], (45.50, -122.62)),
    ]
    for first, last, conditions, techniques, (lat, lon) in people:
        p = PractitionerFactory(
            first_name=first,
            last_name=last,
            slug=f"{first}-{last}".lower(),
            conditions=conditions,
            techniques=techniques,
        )
        ClinicFactory(practitioner=p, latitude=lat, longitude=lon, is_primary=True)
        LicenseFactory(practitioner=p, verified=True)
        CredentialFactory(practitioner=p, verified=True)
        refresh_search_fields([p.pk])


def test_search_refine_open_profile_and_follow_a_checklist_link(
    live_server, page, directory, assert_accessible
):
    page.goto(live_server.url + "/")
    page.get_by_label("ZIP code or city").fill("97214")
    page.get_by_label("Condition").select_option("migraine")
    page.get_by_role("button", name="Search").click()

    expect(page.locator("#results-count")).to_contain_text(
        "2 practitioners within 25 miles of 97214"
    )
    assert_accessible(page, context="search results")

    # Refine in place: htmx swaps the results and pushes the URL, no reload.
    page.evaluate("window.__noReload = true")
    page.get_by_label("Technique").select_option("electro")
    expect(page.locator("#results-count")).to_contain_text("1 practitioner within")
    expect(page).to_have_url(re.compile(r"technique=electro"))
    assert page.evaluate("window.__noReload") is True
    expect(page.locator("#search-announcer")).to_contain_text("1 practitioner")

    page.get_by_role("link", name="Mei Chen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mei Chen")
    expect(page.locator("#check-licensure")).to_contain_text("Verified")
    assert_accessible(page, context="profile")

    page.get_by_role("link", name="What to look for: licensure and registration").click()
    expect(page).to_have_url(
        live_server.url + "/learn/finding-a-qualified-acupuncturist/#licensure"
    )
    expect(page.locator("#licensure")).to_be_in_viewport()


def test_bad_zip_shows_a_message_next_to_the_field_in_place(live_server, page, directory):
    page.goto(live_server.url + "/practitioners/")
    page.get_by_label("ZIP code or city").fill("00000")
    page.get_by_label("ZIP code or city").press("Enter")
    expect(page.locator("#near-error")).to_contain_text("don't know the ZIP code 00000")
    expect(page.get_by_label("ZIP code or city")).to_have_attribute("aria-invalid", "true")


def test_empty_results_are_accessible_and_offer_a_way_out(
    live_server, page, directory, assert_accessible
):
    page.goto(live_server.url + "/practitioners/?near=97214&radius=5&condition=sciatica")
    expect(page.get_by_text("No practitioners match all of this")).to_be_visible()
    assert_accessible(page, context="empty search")
    page.get_by_role("link", name="Drop “treats sciatica”").click()
    expect(page.locator("#results-count")).to_contain_text("3 practitioners")


@pytest.fixture
def browser_context_args(browser_context_args, request):
    if request.node.get_closest_marker("no_javascript"):
        return {**browser_context_args, "java_script_enabled": False}
    return browser_context_args


@pytest.mark.no_javascript
def test_the_same_search_works_with_javascript_disabled(
    live_server, page, directory, assert_accessible
):
    page.goto(live_server.url + "/practitioners/")
    page.get_by_label("ZIP code or city").fill("97214")
    # Without JavaScript the extra filters start folded away; opening them is native HTML.
    page.locator("#more-filters > summary").click()
    page.get_by_label("Migraine").check()
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results-count")).to_contain_text(
        "2 practitioners within 25 miles of 97214"
    )
    assert "near=97214" in page.url and "condition=migraine" in page.url
    # The results come first again; the disclosure says how many filters are set.
    expect(page.locator("#more-filters > summary")).to_contain_text("Filters (1 active)")
    page.locator("#more-filters > summary").click()
    page.get_by_label("Technique").select_option("electro")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results-count")).to_contain_text("1 practitioner within")


def test_home_search_and_profile_at_mobile_width(live_server, page, directory, assert_accessible):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/practitioners/?near=97214")
    assert_accessible(page, context="search (mobile)")
    page.goto(live_server.url + "/practitioners/mei-chen/")
    assert_accessible(page, context="profile (mobile)")
