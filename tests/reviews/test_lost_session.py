"""A patient whose session ends while writing a review loses nothing."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from tests.factories import ClinicFactory, LicenseFactory, PractitionerFactory, UserFactory

pytestmark = pytest.mark.django_db

REVIEW = {
    "rating_overall": "4",
    "title": "Careful with my sciatica",
    "body": "She explained every step and kept in touch with my physical therapist.",
    "display_name": "Ana R.",
    "confirm": "on",
}


@pytest.fixture
def practitioner():
    p = PractitionerFactory(slug="kept-drafts")
    ClinicFactory(practitioner=p)
    LicenseFactory(practitioner=p, verified=True)
    return p


@pytest.fixture
def patient():
    user = UserFactory(email="drafts@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_a_review_posted_after_the_session_ended_is_kept_and_given_back(
    client, practitioner, patient
):
    url = "/practitioners/kept-drafts/review/"
    response = client.post(url, REVIEW)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    login_page = client.get(response["Location"])
    assert "You were signed out before your review was sent" in login_page.text
    client.post("/accounts/login/", {"login": patient.email, "password": "correct-horse-battery"})
    form = client.get(url)
    assert "Here is the review you were writing" in form.text
    assert "Careful with my sciatica" in form.text
    assert "kept in touch with my physical therapist" in form.text
    # Given back once: a later visit starts from the saved state again.
    assert "Careful with my sciatica" not in client.get(url).text


def test_a_form_whose_csrf_token_expired_gets_a_clear_page_and_keeps_the_draft(
    practitioner, patient
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(patient)
    response = client.post("/practitioners/kept-drafts/review/", REVIEW)
    assert response.status_code == 403
    assert "That form had expired" in response.text
    assert "We kept the review you were writing" in response.text
    assert "Careful with my sciatica" in client.get("/practitioners/kept-drafts/review/").text


def test_other_expired_forms_say_how_to_recover(practitioner):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "x@example.org", "password": "x"})
    assert response.status_code == 403
    assert "not saved" in response.text and "reload the page" in response.text
