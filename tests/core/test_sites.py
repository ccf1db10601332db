"""`core.sites`: every email names the site's one address, whatever host a request came on."""

import re

import pytest

from claims import services as claims
from core.sites import absolute_url
from tests.factories import (
    AccountFactory,
    LicenseFactory,
    PractitionerFactory,
    StaffFactory,
    UserFactory,
)
from verification import services as verification

pytestmark = pytest.mark.django_db
SITE = "https://directory.example.org/"


@pytest.fixture(autouse=True)
def site_domain(settings):
    settings.SITE_DOMAIN = "directory.example.org"
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
    settings.STAFF_MFA_REQUIRED = False


def links_in(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def assert_every_link_on_the_site(body: str) -> None:
    links = links_in(body)
    assert links, body
    assert [link for link in links if not link.startswith(SITE)] == []


def test_absolute_url_joins_the_scheme_the_site_domain_and_the_path(settings):
    assert absolute_url("/dashboard/") == "https://directory.example.org/dashboard/"
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
    assert absolute_url("/x/") == "http://directory.example.org/x/"


@pytest.mark.parametrize(("redirect", "scheme"), [(True, "https"), (False, "http")])
def test_without_a_configured_scheme_links_use_the_one_the_site_serves(settings, redirect, scheme):
    del settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL
    settings.SECURE_SSL_REDIRECT = redirect
    assert absolute_url("/") == f"{scheme}://directory.example.org/"


def test_sign_up_confirmation_links_to_the_site_not_the_request_host(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "internal-host"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {"email": "new@example.org", "password1": "a-long-pass-phrase",
             "password2": "a-long-pass-phrase"},
            HTTP_HOST="internal-host:8000",
        )  # fmt: skip
    (mail,) = mailoutbox
    assert_every_link_on_the_site(mail.body)
    assert "https://directory.example.org/accounts/confirm-email/" in mail.body
    assert "internal-host" not in mail.body and "testserver" not in mail.body


def test_password_reset_links_to_the_site(client, mailoutbox, django_capture_on_commit_callbacks):
    AccountFactory(email="reset@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "reset@example.org"})
    (mail,) = mailoutbox
    assert_every_link_on_the_site(mail.body)
    assert "https://directory.example.org/accounts/password/reset/key/" in mail.body


def test_a_claim_email_links_to_the_site_not_the_staff_request_host(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    profile = PractitionerFactory(owner=None, email="front@clinic.example.org")
    claim = claims.request_claim(practitioner=profile, user=AccountFactory())
    client.force_login(StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/claims/{claim.pk}/", {"decision": "approve"}, HTTP_HOST="127.0.0.1")
    (mail,) = mailoutbox
    assert "https://directory.example.org/dashboard/" in mail.body
    assert_every_link_on_the_site(mail.body)


def test_a_verification_email_links_to_the_site(mailoutbox, django_capture_on_commit_callbacks):
    owner = UserFactory(email="owner@example.org")
    record = LicenseFactory(practitioner=PractitionerFactory(owner=owner), pending=True)
    with django_capture_on_commit_callbacks(execute=True):
        verification.reject(record, actor=StaffFactory(), reason="The number does not match.")
    (mail,) = mailoutbox
    assert "Your dashboard: https://directory.example.org/dashboard/" in mail.body
    assert_every_link_on_the_site(mail.body)
