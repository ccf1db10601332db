"""Failure drill in the browser: the session ends while a review is being written."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from tests.factories import ClinicFactory, LicenseFactory, PractitionerFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_losing_the_session_mid_review_loses_nothing(live_server, page, assert_accessible):
    p = PractitionerFactory(slug="drill-profile", first_name="Drill", last_name="Target")
    ClinicFactory(practitioner=p)
    LicenseFactory(practitioner=p, verified=True)
    user = UserFactory(email="drill-patient@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    page.goto(live_server.url + "/accounts/login/?next=/practitioners/drill-profile/review/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").or_(
        page.get_by_role("button", name="Log in")
    ).click()
    expect(page).to_have_url(live_server.url + "/practitioners/drill-profile/review/")

    page.get_by_label("Title").fill("Gentle and clear")
    page.get_by_label("Your review").or_(page.get_by_label("Review")).first.fill(
        "Explained each step; I felt safe with the sterile needles."
    )
    # The session ends (expiry, or a log-out in another tab) before sending.
    page.context.clear_cookies(name="sessionid")
    page.locator("form.review-form button[type=submit]").click()

    expect(page.get_by_text("You were signed out before your review was sent")).to_be_visible()
    assert_accessible(page, context="login after a lost session")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").or_(
        page.get_by_role("button", name="Log in")
    ).click()
    expect(page.get_by_text("Here is the review you were writing")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Gentle and clear")
