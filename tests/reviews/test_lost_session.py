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
# What a browser sends with a form from this site (the test client's host).
SAME_SITE = {"Origin": "http://testserver"}
ATTACK = {**REVIEW, "title": "Visit cheap-pills.example", "body": "Planted by another site."}


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
    response = client.post(url, REVIEW, headers=SAME_SITE)
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
    response = client.post("/practitioners/kept-drafts/review/", REVIEW, headers=SAME_SITE)
    assert response.status_code == 403
    assert "That form had expired" in response.text
    assert "We kept the review you were writing" in response.text
    assert "Careful with my sciatica" in client.get("/practitioners/kept-drafts/review/").text


def test_other_expired_forms_say_how_to_recover(practitioner):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "x@example.org", "password": "x"})
    assert response.status_code == 403
    assert "not saved" in response.text and "reload the page" in response.text


def test_a_same_site_referer_keeps_the_draft_when_the_browser_sent_no_origin(practitioner, patient):
    client = Client(enforce_csrf_checks=True)
    client.force_login(patient)
    url = "/practitioners/kept-drafts/review/"
    response = client.post(url, REVIEW, headers={"Referer": f"http://testserver{url}"})
    assert "We kept the review you were writing" in response.text
    assert "Careful with my sciatica" in client.get(url).text


def test_a_trusted_origin_from_the_settings_counts_as_this_site(settings, practitioner, patient):
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.directory.example"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(patient)
    response = client.post(
        "/practitioners/kept-drafts/review/",
        REVIEW,
        headers={"Origin": "https://www.directory.example"},
    )
    assert "We kept the review you were writing" in response.text


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://attacker.example"},
        {"Origin": "null"},
        {"Origin": "https://testserver"},  # same host, other scheme
        {"Referer": "https://attacker.example/form.html"},
        {},
    ],
    ids=["cross-site-origin", "null-origin", "other-scheme", "cross-site-referer", "neither"],
)
def test_a_cross_site_post_keeps_no_draft_and_starts_no_session(headers, practitioner):
    # The patient's SameSite=Lax cookies are not sent with another site's POST.
    client = Client(enforce_csrf_checks=True)
    response = client.post("/practitioners/kept-drafts/review/", ATTACK, headers=headers)
    assert response.status_code == 403
    assert "We kept the review you were writing" not in response.text
    assert "sessionid" not in response.cookies


def test_a_cross_site_post_leaves_a_signed_in_patients_session_alone(practitioner, patient):
    client = Client(enforce_csrf_checks=True)
    client.force_login(patient)
    session_key = client.cookies["sessionid"].value
    response = client.post(
        "/practitioners/kept-drafts/review/",
        ATTACK,
        headers={"Origin": "https://attacker.example", "Referer": "https://attacker.example/"},
    )
    assert response.status_code == 403
    assert "sessionid" not in response.cookies
    assert client.cookies["sessionid"].value == session_key
    form = client.get("/practitioners/kept-drafts/review/")
    assert form.wsgi_request.user == patient
    assert "cheap-pills" not in form.text and "Here is the review" not in form.text


def test_a_cross_site_post_after_the_session_ended_keeps_nothing_for_the_next_login(
    client, practitioner, patient
):
    url = "/practitioners/kept-drafts/review/"
    response = client.post(url, ATTACK, headers={"Origin": "https://attacker.example"})
    assert response.status_code == 302
    assert "sessionid" not in response.cookies
    assert "You were signed out" not in client.get(response["Location"]).text
    client.post("/accounts/login/", {"login": patient.email, "password": "correct-horse-battery"})
    assert "cheap-pills" not in client.get(url).text
