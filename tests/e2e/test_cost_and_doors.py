"""Cost and the doors, in a real browser: a patient filters by Medicare and a maximum fee and
reads the payment article; a new practitioner goes from "List your practice" to their
dashboard; a patient opens My reviews."""

import re

import pytest
from playwright.sync_api import expect

from practitioners.search import refresh_search_fields
from tests.factories import (
    AccountFactory,
    ClinicFactory,
    LicenseFactory,
    PractitionerFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "door.practitioner@example.org"
PASSWORD = "a-long-and-careful-passphrase"


@pytest.fixture
def directory():
    people = [
        ("Mei", "Chen", {"accepts_medicare": True, "fee_min": 70, "fee_max": 110}),
        ("John", "Smith", {"accepts_medicare": True, "fee_min": 150, "fee_max": 180}),
        ("Ana", "Lopez", {"accepts_hsa_fsa": True, "fee_min": 40, "fee_max": 60}),
    ]
    for first, last, fields in people:
        p = PractitionerFactory(first_name=first, last_name=last, slug=f"{first}-{last}".lower(),
                                **fields)  # fmt: skip
        ClinicFactory(practitioner=p, is_primary=True)
        LicenseFactory(practitioner=p, verified=True)
        refresh_search_fields([p.pk])


def test_patient_filters_by_medicare_and_max_fee_then_reads_the_payment_article(
    live_server, page, directory, assert_accessible
):
    page.goto(live_server.url + "/practitioners/")
    details = page.locator("details#more-filters")
    if details.get_attribute("open") is None:
        page.locator("#more-filters summary").click()
    page.get_by_label("Medicare (through a qualifying provider)").check()
    page.get_by_label("Session fee up to (US $)").fill("120")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"payment=medicare"))
    expect(page).to_have_url(re.compile(r"max_fee=120"))
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Mei Chen")).to_be_visible()
    expect(results.get_by_role("link", name="John Smith")).to_have_count(0)
    expect(results.get_by_role("link", name="Ana Lopez")).to_have_count(0)
    expect(
        results.get_by_text("$70–$110 · Medicare (through a qualifying provider)")
    ).to_be_visible()
    assert_accessible(page, context="search by cost")

    results.get_by_role("link", name="Mei Chen").click()
    expect(page.get_by_role("heading", name="Practical details")).to_be_visible()
    assert_accessible(page, context="profile")
    page.get_by_role("link", name=re.compile("Paying for acupuncture")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Paying for acupuncture for chronic pain"
    )
    expect(page.get_by_text(re.compile("Reviewed by .+ on December 1, 2026"))).to_be_visible()
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    assert_accessible(page, context="payment article")


def test_new_practitioner_from_list_your_practice_to_the_dashboard(
    live_server, page, mailoutbox, assert_accessible
):
    page.goto(live_server.url + "/")
    page.get_by_role("main").get_by_role("link", name="List your practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("List your practice")
    assert_accessible(page, context="list your practice")
    page.get_by_role("link", name="Sign up as a practitioner").click()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    (mail,) = [m for m in mailoutbox if EMAIL in m.to]
    page.goto(re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.body).group(0))
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    assert_accessible(page, context="dashboard after confirmation")
    page.get_by_role("link", name="Create your profile").first.click()
    expect(page.get_by_label("Public contact email")).to_have_value("")
    expect(page.get_by_text("Shown to patients on your public profile")).to_be_visible()
    assert_accessible(page, context="create profile")


def test_patient_opens_my_reviews(live_server, page, assert_accessible):
    patient = AccountFactory(email="patient.door@example.org")
    ReviewFactory(author=patient, title="Calm and careful", status="pending")
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill(patient.email)
    page.locator("input[name=password]").fill("correct-horse-battery")
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.get_by_role("link", name="My account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My reviews")
    expect(page.get_by_text("Calm and careful")).to_be_visible()
    expect(page.get_by_text("Pending moderation")).to_be_visible()
    assert_accessible(page, context="my reviews")
    page.get_by_role("link", name="Delete your review of").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Delete your review of")
    assert_accessible(page, context="delete a review: confirm")
    page.get_by_role("button", name="Delete this review").click()
    expect(page.get_by_text("You haven't written a review yet.")).to_be_visible()
