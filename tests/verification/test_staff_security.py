"""Every staff verification URL: login required, staff only, CSRF, nothing leaked."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import LicenseFactory, PendingCredentialFactory, StaffFactory, UserFactory
from verification.models import VerificationStatus

pytestmark = pytest.mark.django_db
S = VerificationStatus


@pytest.fixture(autouse=True)
def _no_staff_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def records():
    return {
        "license": LicenseFactory(pending=True),
        "credential": PendingCredentialFactory(),
    }


def staff_urls(records) -> list[tuple[str, str]]:
    """(method, url) of every staff verification page and action."""
    urls = [
        ("get", reverse("verification_staff:queue")),
        ("get", reverse("verification_staff:log")),
        ("get", reverse("verification_staff:log_csv")),
    ]
    for kind, record in records.items():
        urls += [
            ("get", reverse("verification_staff:record", args=[kind, record.pk])),
            ("get", reverse("verification_staff:document", args=[kind, record.pk])),
            ("post", reverse("verification_staff:verify", args=[kind, record.pk])),
            ("post", reverse("verification_staff:reject", args=[kind, record.pk])),
            ("post", reverse("verification_staff:request_changes", args=[kind, record.pk])),
        ]
    return urls


def test_anonymous_visitors_are_sent_to_the_login_page(client, records):
    for method, url in staff_urls(records):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login") + "?next="), url


@pytest.mark.parametrize("owns_a_record", [False, True])
def test_signed_in_non_staff_get_a_404_everywhere(client, records, owns_a_record):
    user = UserFactory()
    if owns_a_record:
        # Owning the profile does not open the staff pages for its own records.
        practitioner = records["license"].practitioner
        practitioner.owner = user
        practitioner.save()
    client.force_login(user)
    for method, url in staff_urls(records):
        response = getattr(client, method)(url, {"reject-version": 0, "reject-reason": "x"})
        assert response.status_code == 404, url
    for record in records.values():
        record.refresh_from_db()
        assert record.verification_status == S.PENDING


def test_a_deactivated_staff_account_is_signed_out(client, records):
    client.force_login(StaffFactory(is_active=False))
    for method, url in staff_urls(records):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_non_staff_cannot_tell_existing_records_from_missing_ones(client, records):
    client.force_login(UserFactory())
    real = client.get(reverse("verification_staff:record", args=["license", records["license"].pk]))
    missing = client.get(reverse("verification_staff:record", args=["license", 999_999]))
    assert real.status_code == missing.status_code == 404

    # Identical pages but for the per-response CSP nonce and CSRF token.
    def strip(response, pk):
        html = re.sub(r'(nonce|value)="[^"]*"', "", response.content.decode())
        return html.replace(f"/{pk}/", "/PK/")

    assert strip(real, records["license"].pk) == strip(missing, 999_999)


def test_staff_get_a_404_for_missing_records_and_unknown_kinds(client):
    client.force_login(StaffFactory())
    assert (
        client.get(reverse("verification_staff:record", args=["license", 999])).status_code == 404
    )
    assert client.get("/staff/verification/review/1/").status_code == 404


def test_decisions_need_a_csrf_token(records):
    client = Client(enforce_csrf_checks=True)
    client.force_login(StaffFactory())
    license = records["license"]
    response = client.post(
        reverse("verification_staff:reject", args=["license", license.pk]),
        {"reject-version": license.version, "reject-reason": "No."},
    )
    assert response.status_code == 403
    license.refresh_from_db()
    assert license.verification_status == S.PENDING


def test_decisions_refuse_get_and_pages_refuse_post(client, records):
    client.force_login(StaffFactory())
    license = records["license"]
    assert (
        client.get(reverse("verification_staff:verify", args=["license", license.pk])).status_code
        == 405
    )
    assert client.post(reverse("verification_staff:queue")).status_code == 405
    assert client.post(reverse("verification_staff:log")).status_code == 405
