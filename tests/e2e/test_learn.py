"""A newcomer reads the articles in a real browser."""

import pytest
from playwright.sync_api import expect

# Transactional (the live server runs in another thread); serialized_rollback
# restores the reference data and articles that the migrations loaded.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_home_links_to_the_checklist_section_of_the_article(live_server, page, assert_accessible):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("qualified acupuncturist")
    assert_accessible(page, context="home")
    page.get_by_role("link", name="About licenses").click()
    expect(page).to_have_url(
        live_server.url + "/learn/finding-a-qualified-acupuncturist/#licensure"
    )
    expect(page.locator("#licensure")).to_be_visible()
    expect(page.get_by_text("not medical advice").first).to_be_visible()
    assert_accessible(page, context="article")


def test_article_list_and_mobile_layout_are_accessible(live_server, page, assert_accessible):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/learn/")
    assert_accessible(page, context="learn list (mobile)")
    page.get_by_role("link", name="Safety: who should not have acupuncture").click()
    expect(page.locator("#who-should-not")).to_contain_text("pacemaker")
