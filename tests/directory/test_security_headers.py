"""Security headers on every public page, with the production settings."""

import re

import pytest

from practitioners.search import refresh_search_fields
from tests.factories import (
    AccountFactory,
    ClinicFactory,
    LicenseFactory,
    PractitionerFactory,
    VerifiedStaffFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/practitioners/",
    "/practitioners/?near=97214&condition=migraine",
    "/practitioners/?near=00000",
    "/practitioners/headers-test/",
    "/learn/",
    "/learn/safety/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/api/v1/practitioners/",
    "/api/v1/practitioners/headers-test/",
    "/api/docs/",
    "/api/schema/",
    "/fhir/Practitioner",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
    "/no-such-page/",
]


# Signed-in pages: the practitioner's dashboard, staff queues and account pages.
PRACTITIONER_PAGES = [
    "/dashboard/",
    "/dashboard/profile/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/practitioners/headers-test/",
]
STAFF_PAGES = ["/staff/verification/", "/staff/reviews/", "/staff/exports/practitioners.csv"]
# What the site never uses; each must be denied outright ("feature=()").
DENIED = [
    "camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth",
    "magnetometer", "gyroscope", "accelerometer", "display-capture", "browsing-topics",
    "interest-cohort", "hid", "midi",
]  # fmt: skip


@pytest.fixture(autouse=True)
def listed_practitioner():
    owner = AccountFactory(email="owner-headers@example.org")
    p = PractitionerFactory(slug="headers-test", owner=owner)
    ClinicFactory(practitioner=p)
    LicenseFactory(practitioner=p, verified=True)
    refresh_search_fields([p.pk])
    return p


def denied_features(response) -> set[str]:
    directives = (item.strip() for item in response["Permissions-Policy"].split(","))
    return {d.removesuffix("=()") for d in directives if d.endswith("=()")}


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_sends_the_security_headers(client, path):
    response = client.get(path, secure=True)
    assert response.status_code in (200, 404), response.status_code
    hsts = response["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31_536_000
    assert "includeSubDomains" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if " " in d.strip())
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives.get("style-src", "")
    assert set(DENIED) <= denied_features(response)


@pytest.mark.parametrize(
    "path", ["/", "/practitioners/?near=97214", "/practitioners/headers-test/", "/learn/"]
)
def test_anonymous_public_pages_are_not_marked_private(client, settings, path):
    # These are the pages the anonymous page cache (and a CDN) may keep.
    settings.PAGE_CACHE_SECONDS = 300
    for _ in range(2):  # a miss, then a hit from the page cache
        response = client.get(path, secure=True)
        assert response.status_code == 200
        assert "private" not in response.get("Cache-Control", "")
        assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", PRACTITIONER_PAGES)
def test_pages_for_a_signed_in_practitioner_are_private_and_never_stored(
    client, listed_practitioner, path
):
    client.force_login(listed_practitioner.owner)
    response = client.get(path, secure=True)
    assert response.status_code == 200, response.status_code
    cache_control = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control
    assert set(DENIED) <= denied_features(response)


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_pages_are_private_and_never_stored(client, settings, path):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(VerifiedStaffFactory(email="staff-headers@example.org"))
    response = client.get(path, secure=True)
    assert response.status_code == 200, response.status_code
    assert "no-store" in response["Cache-Control"]
    assert set(DENIED) <= denied_features(response)


def test_a_signed_in_redirect_is_not_stored_either(client, listed_practitioner):
    client.force_login(listed_practitioner.owner)
    response = client.get("/accounts/login/", secure=True)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/practitioners/", "/practitioners/headers-test/", "/api/docs/"])
def test_pages_with_scripts_use_a_fresh_nonce_that_matches_the_header(client, path):
    nonces = set()
    for _ in range(2):
        response = client.get(path, secure=True)
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        html = response.content.decode()
        # Data blocks (json_script) are never run, so the CSP does not apply to them.
        scripts = [
            tag
            for tag in re.findall(r"<script\b[^>]*>", html)
            if 'type="application/json"' not in tag
        ]
        assert scripts
        for tag in scripts:
            assert f'nonce="{nonce}"' in tag or "src=" in tag, tag
        nonces.add(nonce)
    assert len(nonces) == 2


def test_no_inline_event_handlers_or_style_attributes_in_our_pages(client):
    for path in [
        "/",
        "/practitioners/?near=97214",
        "/practitioners/headers-test/",
        "/learn/safety/",
    ]:
        html = client.get(path, secure=True).content.decode()
        assert not re.search(r"\son[a-z]+=", html), path
        assert " style=" not in html, path


def test_cookies_are_secure_httponly_and_samesite_in_production(client):
    response = client.get("/accounts/login/", secure=True)
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    from tests.factories import UserFactory

    user = UserFactory(email="cookie@example.org")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(
        "/accounts/login/",
        {"login": "cookie@example.org", "password": "correct-horse-battery"},
        secure=True,
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_http_is_redirected_to_https_in_production(client, settings):
    from django.test import Client

    # The test settings switch the redirect off for the live server; the
    # production default (DEBUG off) has it on.
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
