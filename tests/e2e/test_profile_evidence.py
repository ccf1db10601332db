"""A patient reads a profile's checklist: verified, stated and reviewed facts look different."""

import pytest
from playwright.sync_api import expect

from tests.factories import ClinicFactory, CredentialFactory, LicenseFactory, PractitionerFactory
from verification.models import LicensingBoard

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SCREENSHOTS = "test-results/profile-evidence"


@pytest.fixture
def profile_url(live_server):
    LicensingBoard.objects.update_or_create(
        state="OR",
        defaults={"name": "Oregon Medical Board", "lookup_url": "https://omb.oregon.gov/lookup"},
    )
    p = PractitionerFactory(
        first_name="Mei",
        last_name="Chen",
        slug="mei-chen",
        conditions=["migraine", "fibromyalgia"],
        review_count=2,
        rating_average=4.5,
        accepts_physician_referrals=True,
    )
    ClinicFactory(practitioner=p, is_primary=True)
    LicenseFactory(practitioner=p, state="OR", verified=True)
    CredentialFactory(practitioner=p, verified=True)
    return f"{live_server.url}{p.get_absolute_url()}"


def kind_style(page, selector: str) -> tuple[str, str]:
    color, border = page.locator(selector).first.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).borderStyle]"
    )
    return color, border


@pytest.mark.parametrize("width", [1280, 390])
def test_the_three_kinds_of_evidence_are_distinct_and_accessible(
    page, profile_url, assert_accessible, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(profile_url)

    licensure = page.locator("#check-licensure")
    expect(licensure.locator(".badge")).to_have_text("Verified")
    expect(licensure.locator(".evidence-verified")).to_contain_text("✓ Verified")
    link = licensure.get_by_role("link", name="Check it yourself at the Oregon board")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")

    experience = page.locator("#check-experience")
    expect(experience.locator(".badge")).to_have_text("Stated by the practitioner")
    expect(experience.locator(".check-icon")).not_to_have_text("✓")
    expect(experience).not_to_contain_text("Checked")

    reviews = page.locator("#check-reviews")
    expect(reviews.locator(".badge")).to_have_text("From 2 moderated reviews")
    expect(reviews.locator(".evidence-reviews")).to_contain_text("From 2 moderated reviews")
    expect(reviews.locator(".evidence-stated").first).to_contain_text("Stated by the practitioner")

    looks = {
        kind_style(page, "#check-licensure .kind-verified"),
        kind_style(page, "#check-experience .kind-stated"),
        kind_style(page, "#check-reviews .kind-reviews"),
    }
    assert len(looks) == 3, looks

    expect(page.locator(".profile-dates")).to_contain_text("Profile updated")
    expect(page.locator(".profile-dates")).to_contain_text("License last verified")
    # No sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, context=f"profile at {width}px")
    page.locator("#checklist-heading").scroll_into_view_if_needed()
    page.screenshot(path=f"{SCREENSHOTS}-{width}.png", full_page=True)
