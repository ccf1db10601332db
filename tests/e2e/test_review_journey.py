"""A patient signs up, writes a review, a moderator publishes it, the profile shows it."""

import re

import pytest
from playwright.sync_api import expect

from reviews import services
from tests.factories import (
    ClinicFactory,
    LicenseFactory,
    PatientFactory,
    PractitionerFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-patient-passphrase-42"


@pytest.fixture(autouse=True)
def _staff_without_mfa(settings):
    # Staff TOTP is the accounts work's concern; this journey is about reviews.
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def profile():
    p = PractitionerFactory(
        first_name="Mei", last_name="Chen", slug="mei-chen", conditions=["migraine"]
    )
    ClinicFactory(practitioner=p, is_primary=True)
    LicenseFactory(practitioner=p, verified=True)
    ReviewFactory(practitioner=p, rating_overall=3, title="Fine, a bit rushed")
    services.recompute_rating_aggregates(practitioner_id=p.pk)
    return p


@pytest.fixture
def moderator():
    return PatientFactory(email="moderator@example.org", is_staff=True, first_name="Sam")


def sign_up_and_verify(page, live_server, mailoutbox, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/signup/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form:has(input[name=password1]) [type=submit]").click()
    page.wait_for_load_state()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.locator("form:has(input[type=hidden]) [type=submit]").last.click()
    page.wait_for_load_state()


def log_in(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_load_state()


def test_patient_reviews_moderator_publishes_profile_shows_it(
    live_server, page, browser, profile, moderator, mailoutbox, assert_accessible
):
    sign_up_and_verify(page, live_server, mailoutbox, "new.patient@example.org")

    page.goto(f"{live_server.url}/practitioners/mei-chen/")
    expect(page.locator(".rating-big")).to_contain_text("3.0 out of 5")
    page.get_by_role("link", name="Write a review").click()
    if "/accounts/login/" in page.url:  # the sign-up did not leave us signed in
        page.locator("input[name=login]").fill("new.patient@example.org")
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form:has(input[name=password]) [type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review Mei Chen")
    # Check the form itself, without the sign-in flash message above it.
    page.reload()
    assert_accessible(page, context="review form")

    # A first try with nothing chosen: errors next to the fields, accessible too.
    page.get_by_label("Title").fill("Gentle and thorough")
    page.get_by_role("button", name="Send for moderation").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose an overall rating from 1 to 5.")
    expect(page.get_by_label("Title")).to_have_value("Gentle and thorough")
    expect(page.get_by_label("Display name")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, context="review form with errors")

    page.get_by_role("group", name="Overall rating").get_by_label("5 – Excellent").check()
    page.get_by_role("group", name="Pain relief").get_by_label("4 – Very good").check()
    page.get_by_role("group", name="Hygiene and safety").get_by_label("5 – Excellent").check()
    page.get_by_label("Condition treated").select_option(label="Migraine")
    page.get_by_label("Number of sessions").fill("6")
    page.get_by_label("Your review").fill(
        "She took a full history, explained each point and checked in during the session."
    )
    page.get_by_label("Display name").fill("Alex P.")
    page.get_by_label("This review describes my own experience").check()
    page.get_by_role("button", name="Send for moderation").click()

    expect(page.get_by_text("Thanks — your review will appear after moderation")).to_be_visible()
    expect(page.locator("#your-review")).to_contain_text("Waiting for moderation")
    expect(page.locator(".review-list")).not_to_contain_text("Gentle and thorough")

    # The moderator, in another browser session.
    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    staff_page = staff.new_page()
    log_in(staff_page, live_server, moderator.email, "correct-horse-battery")
    staff_page.goto(f"{live_server.url}/staff/reviews/")
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Review moderation")
    expect(staff_page.locator(".queue-counts")).to_contain_text("1 review waiting")
    expect(staff_page.locator(".queue-item")).to_contain_text("Alex P.")
    assert "new.patient@example.org" not in staff_page.content()
    assert_accessible(staff_page, context="moderation queue")

    staff_page.get_by_role("link", name=re.compile("Details and history")).click()
    expect(staff_page.get_by_role("heading", name="History")).to_be_visible()
    assert_accessible(staff_page, context="moderation review page")
    staff_page.go_back()

    staff_page.get_by_role("button", name="Publish “Gentle and thorough”").click()
    expect(staff_page.get_by_text("Published “Gentle and thorough”.")).to_be_visible()
    expect(staff_page.locator(".queue-counts")).to_contain_text("0 reviews waiting")
    staff_page.goto(f"{live_server.url}/staff/reviews/log/")
    expect(staff_page.locator(".log-table")).to_contain_text("Published")
    assert_accessible(staff_page, context="moderation log")
    staff.close()

    # The profile now shows the review and the new average: (3 + 5) / 2.
    page.goto(f"{live_server.url}/practitioners/mei-chen/")
    expect(page.locator(".rating-big")).to_contain_text("4.0 out of 5")
    expect(page.locator(".rating-big")).to_contain_text("2 published reviews")
    review = page.locator(".review").filter(has_text="Gentle and thorough")
    expect(review).to_contain_text("5 out of 5 · Alex P.")
    expect(review).to_contain_text("treated for migraine")
    expect(page.locator("#your-review")).to_contain_text("Published")
    assert "new.patient@example.org" not in page.content()


def test_rejection_with_a_missing_reason_and_a_report_stay_accessible(
    live_server, page, profile, moderator, assert_accessible
):
    reader = PatientFactory(email="reader@example.org")
    log_in(page, live_server, reader.email, "correct-horse-battery")
    page.goto(f"{live_server.url}/practitioners/mei-chen/")
    page.get_by_role("link", name=re.compile("Report this review")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a review")
    assert_accessible(page, context="report form")
    page.get_by_label("Something else", exact=True).check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("alert")).to_contain_text("Tell us what is wrong with the review.")
    assert_accessible(page, context="report form with errors")
    page.get_by_label(re.compile("^Details")).fill("Mentions another patient by name.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("a moderator will read this review again")).to_be_visible()

    page.context.clear_cookies()
    log_in(page, live_server, moderator.email, "correct-horse-battery")
    page.goto(f"{live_server.url}/staff/reviews/")
    expect(page.locator(".queue-counts")).to_contain_text("1 open report")
    item = page.locator(".queue-item").filter(has_text="Mentions another patient by name.")
    item.get_by_label("Unpublish the review").check()
    item.get_by_role("button", name=re.compile("Resolve report")).click()
    expect(page.get_by_role("alert")).to_contain_text("Give a reason for unpublishing")
    assert_accessible(page, context="moderation review page with errors")
    page.get_by_label("Note").fill("Names another patient.")
    page.get_by_role("button", name=re.compile("Resolve report")).click()
    expect(page.get_by_text("Review unpublished; its open reports are closed.")).to_be_visible()


def test_review_form_and_dashboard_at_mobile_width(live_server, page, profile, assert_accessible):
    patient = PatientFactory(email="mobile@example.org")
    owner = PatientFactory(email="owner@example.org")
    profile.owner = owner
    profile.save(update_fields=["owner"])
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, patient.email, "correct-horse-battery")
    page.goto(f"{live_server.url}/practitioners/mei-chen/review/")
    assert_accessible(page, context="review form (mobile)")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the review form scrolls sideways at 390px ({width}px)"

    page.context.clear_cookies()
    log_in(page, live_server, owner.email, "correct-horse-battery")
    page.goto(f"{live_server.url}/dashboard/reviews/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviews of your profile")
    assert_accessible(page, context="dashboard reviews (mobile)")
    page.get_by_role("link", name=re.compile("^Reply")).first.click()
    expect(page.get_by_text("Do not disclose any patient information")).to_be_visible()
    assert_accessible(page, context="reply form (mobile)")
    page.get_by_label("Your public reply").fill("Thank you for taking the time to write.")
    page.get_by_role("button", name="Publish reply").click()
    expect(page.get_by_text("Your reply is published.")).to_be_visible()
    expect(page.locator(".dashboard-reviews")).to_contain_text("Thank you for taking the time")
