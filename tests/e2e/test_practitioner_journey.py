"""A practitioner signs up and gets a license in front of a verifier, in a real browser."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from practitioners.models import Condition, Practitioner
from tests.factories import MINIMAL_PDF, AccountFactory, PractitionerFactory
from verification.models import License, VerificationStatus

# Transactional (the live server runs in another thread); serialized_rollback
# restores the reference data (conditions, state boards) the migrations loaded.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "new.practitioner@example.org"
PASSWORD = "a-long-and-careful-passphrase"


def tab_until(page, predicate: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element matches a JS predicate on `el`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def confirmation_link(mailoutbox) -> str:
    (mail,) = [m for m in mailoutbox if EMAIL in m.to]
    return re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.body).group(0)


def test_sign_up_verify_create_profile_add_clinic_and_submit_a_license(
    live_server, page, mailoutbox, assert_accessible
):
    # Sign up from the dashboard's login redirect.
    page.goto(live_server.url + "/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/dashboard/"))
    assert_accessible(page, context="log in")
    page.get_by_role("link", name="sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    assert_accessible(page, context="sign up")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    assert_accessible(page, context="verification sent")

    # Read the verification email and confirm the address in the same browser.
    page.goto(confirmation_link(mailoutbox))
    assert_accessible(page, context="confirm email")
    page.get_by_role("button", name="Confirm").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/confirm-email/"))
    page.goto(live_server.url + "/dashboard/")
    expect(page.get_by_role("heading", name="Create your profile")).to_be_visible()
    assert_accessible(page, context="dashboard start")

    # The profile form, keyboard only: Tab, typing, Space and Enter.
    page.get_by_role("link", name="Create your profile").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your profile")
    assert_accessible(page, context="create profile")
    tab_until(page, "el.id === 'id_first_name'")
    page.keyboard.type("Mei")
    page.keyboard.press("Tab")
    page.keyboard.type("Chen")
    page.keyboard.press("Tab")
    page.keyboard.type("Gentle TCM acupuncture for migraine and chronic low back pain.")
    tab_until(page, "el.id === 'id_years_in_practice'")
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    page.keyboard.type("20")  # more than in practice: the form must say so, keeping the rest
    # Ids differ between databases (and after reference data is reloaded).
    back_pain = Condition.objects.get(slug="low-back-pain").pk
    tab_until(page, f"el.name === 'conditions' && el.value === '{back_pain}'")
    page.keyboard.press("Space")
    tab_until(page, "el.id === 'id_npi'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("can't be more than your 12 years")
    expect(page.locator("#id_years_treating_chronic_pain")).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(page.locator("#id_first_name")).to_have_value("Mei")
    expect(page.locator("#id_conditions_0")).to_be_checked()
    assert_accessible(page, context="create profile with errors")
    # Follow the error summary's link with the keyboard, fix the value, submit with Enter.
    tab_until(page, "el.getAttribute('href') === '#id_years_treating_chronic_pain'")
    page.keyboard.press("Enter")
    # The link moves the keyboard's starting point to the field (no script focuses it).
    page.keyboard.press("Shift+Tab")
    tab_until(page, "el.id === 'id_years_treating_chronic_pain'", limit=3)
    page.keyboard.press("Control+A")
    page.keyboard.type("8")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    expect(page.get_by_text("Your profile is created as a draft")).to_be_visible()
    practitioner = Practitioner.objects.get(owner__email=EMAIL)
    assert (practitioner.first_name, practitioner.years_treating_chronic_pain) == ("Mei", 8)
    assert list(practitioner.conditions.values_list("slug", flat=True)) == ["low-back-pain"]
    assert_accessible(page, context="dashboard overview")

    # A clinic: the ZIP code is placed on the map.
    page.get_by_role("navigation", name="Dashboard").get_by_role("link", name="Clinics").click()
    expect(page).to_have_url(re.compile(r"/dashboard/clinics/$"))
    assert_accessible(page, context="clinics")
    page.get_by_role("link", name="Add a clinic").click()
    expect(page.get_by_label("Clinic name")).to_be_visible()
    assert_accessible(page, context="add clinic")
    page.get_by_label("Clinic name").fill("Hawthorne Acupuncture")
    page.get_by_label("Street address").fill("3000 SE Hawthorne Blvd")
    page.get_by_label("City").fill("Portland")
    page.get_by_label("State").select_option("OR")
    page.get_by_label("ZIP code").fill("97214")
    page.get_by_role("button", name="Add clinic").click()
    expect(page.get_by_text("Hawthorne Acupuncture is added.")).to_be_visible()
    expect(page.get_by_text("Main clinic", exact=True)).to_be_visible()

    # A license with its proof, submitted: Pending review.
    page.get_by_role("navigation", name="Dashboard").get_by_role("link", name="Licenses").click()
    expect(page).to_have_url(re.compile(r"/dashboard/licenses/$"))
    assert_accessible(page, context="licenses (empty)")
    page.get_by_role("link", name="Add a license").click()
    expect(page.get_by_label("License number")).to_be_visible()
    assert_accessible(page, context="add license")
    page.get_by_label("State").select_option("OR")
    page.get_by_label("License number").fill("AC004242")
    expires = timezone.localdate() + datetime.timedelta(days=400)
    page.get_by_label("Expires on").fill(expires.isoformat())
    page.get_by_label("Proof document").set_input_files(
        {"name": "oregon-license.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
    )
    page.get_by_role("button", name="Save and submit for verification").click()
    card = page.locator("article.record-card").first
    expect(card.locator(".badge")).to_have_text("Pending review")
    expect(card).to_contain_text("A verifier is checking it")
    assert_accessible(page, context="licenses (pending)")
    record = License.objects.get(practitioner=practitioner)
    assert record.verification_status == VerificationStatus.PENDING
    assert record.proof_content_type == "application/pdf"

    # The overview now says the license waits for a verifier.
    page.get_by_role("navigation", name="Dashboard").get_by_role("link", name="Overview").click()
    expect(page.locator(".completeness")).to_contain_text("Waiting for a verifier to check")


def test_every_other_dashboard_page_is_accessible(live_server, page, assert_accessible):
    owner = AccountFactory(email="mei@example.org")
    PractitionerFactory(owner=owner, slug="mei-chen", first_name="Mei", last_name="Chen")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(owner.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    for path, context in [
        ("/dashboard/profile/", "profile"),
        ("/dashboard/credentials/", "credentials"),
        ("/dashboard/credentials/new/", "add credential"),
        ("/accounts/2fa/", "two-factor"),
        ("/accounts/email/", "email"),
        ("/accounts/password/change/", "password"),
    ]:
        page.goto(live_server.url + path)
        assert_accessible(page, context=context)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/dashboard/")
    assert_accessible(page, context="overview (mobile)")


def test_claim_pages_are_accessible(live_server, page, assert_accessible):
    PractitionerFactory(owner=None, slug="rosa-imported", first_name="Rosa", last_name="Imported")
    user = AccountFactory(email="rosa@example.org")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto(live_server.url + "/dashboard/")
    page.get_by_label("Your name as it appears on the directory").fill("Rosa")
    page.get_by_role("button", name="Find my profile").click()
    expect(page.get_by_role("link", name=re.compile("This is me"))).to_be_visible()
    assert_accessible(page, context="claim search")
    page.get_by_role("link", name=re.compile("This is me")).click()
    expect(page.get_by_role("button", name="Claim this profile")).to_be_visible()
    assert_accessible(page, context="claim form")
    page.get_by_role("button", name="Claim this profile").click()
    expect(page.get_by_role("heading", name="Your claim is waiting for staff")).to_be_visible()
    assert_accessible(page, context="claim pending")
