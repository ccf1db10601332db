"""Object-level security: a practitioner reaches only their own things, and only the fields they may set."""

import pytest
from django.test import Client

from practitioners.models import Clinic, Practitioner
from tests.factories import (
    MINIMAL_PDF,
    AccountFactory,
    ClinicFactory,
    CredentialFactory,
    LicenseFactory,
    PractitionerFactory,
    StaffFactory,
    UserFactory,
    upload,
)
from verification.models import Credential, License, VerificationStatus

pytestmark = pytest.mark.django_db
S = VerificationStatus


@pytest.fixture(autouse=True)
def _staff_without_mfa(settings):
    # Two-factor for staff is tested in tests/accounts; here staff read documents.
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def alice():
    """Practitioner A, whose things B tries to reach."""
    owner = AccountFactory(email="alice@example.org")
    practitioner = PractitionerFactory(owner=owner, slug="alice", email="alice@example.org")
    return {
        "owner": owner,
        "practitioner": practitioner,
        "clinic": ClinicFactory(practitioner=practitioner, is_primary=True),
        "license": LicenseFactory(practitioner=practitioner, with_proof=True),
        "credential": CredentialFactory(practitioner=practitioner, with_proof=True),
    }


@pytest.fixture
def bob_client(client):
    bob = AccountFactory(email="bob@example.org")
    PractitionerFactory(owner=bob, slug="bob")
    client.force_login(bob)
    return client


def targets(a) -> list[tuple[str, str]]:
    """Every URL that touches one of A's objects, with its method."""
    c, lic, cred = a["clinic"].pk, a["license"].pk, a["credential"].pk
    return [
        ("get", f"/dashboard/clinics/{c}/"),
        ("post", f"/dashboard/clinics/{c}/"),
        ("get", f"/dashboard/clinics/{c}/delete/"),
        ("post", f"/dashboard/clinics/{c}/delete/"),
        ("get", f"/dashboard/licenses/{lic}/"),
        ("post", f"/dashboard/licenses/{lic}/"),
        ("post", f"/dashboard/licenses/{lic}/submit/"),
        ("get", f"/dashboard/licenses/{lic}/delete/"),
        ("post", f"/dashboard/licenses/{lic}/delete/"),
        ("get", f"/dashboard/credentials/{cred}/"),
        ("post", f"/dashboard/credentials/{cred}/"),
        ("post", f"/dashboard/credentials/{cred}/submit/"),
        ("get", f"/dashboard/credentials/{cred}/delete/"),
        ("post", f"/dashboard/credentials/{cred}/delete/"),
        ("get", f"/dashboard/documents/license/{lic}/"),
        ("get", f"/dashboard/documents/credential/{cred}/"),
        ("get", f"/dashboard/documents/license/{lic}/?inline=1"),
    ]


HOSTILE_POST = {
    "name": "Taken over",
    "address_line1": "1 Evil St",
    "city": "Portland",
    "state": "OR",
    "zip_code": "97214",
    "number": "HACKED",
    "kind": "dacm",
    "issuer": "Nobody",
    "expires_on": "2099-01-01",
    "confirm_review": "on",
}


def assert_untouched(a):
    clinic = Clinic.objects.get(pk=a["clinic"].pk)
    license_ = License.objects.get(pk=a["license"].pk)
    credential = Credential.objects.get(pk=a["credential"].pk)
    assert clinic.name != "Taken over"
    assert license_.number != "HACKED" and license_.verification_status == S.UNVERIFIED
    assert credential.issuer != "Nobody" and credential.verification_status == S.UNVERIFIED


def test_another_practitioner_gets_404_for_each_of_a_practitioners_objects(alice, bob_client):
    for method, url in targets(alice):
        response = getattr(bob_client, method)(url, HOSTILE_POST if method == "post" else None)
        assert response.status_code == 404, (method, url, response.status_code)
    assert_untouched(alice)


def test_an_account_without_a_profile_gets_404_for_each_of_them_too(alice, client):
    client.force_login(AccountFactory())
    for method, url in targets(alice):
        response = getattr(client, method)(url, HOSTILE_POST if method == "post" else None)
        assert response.status_code == 404, (method, url)
    assert_untouched(alice)


def test_anonymous_visitors_are_sent_to_log_in_for_dashboard_pages_and_get_404_for_documents(
    alice, client
):
    for method, url in targets(alice):
        response = getattr(client, method)(url, HOSTILE_POST if method == "post" else None)
        if url.startswith("/dashboard/documents/"):
            assert response.status_code == 404, url
        else:
            assert response.status_code == 302, (method, url)
            assert response["Location"].startswith("/accounts/login/")
    assert_untouched(alice)


def test_the_owner_reaches_each_of_their_own_objects(alice, client):
    client.force_login(alice["owner"])
    for method, url in targets(alice):
        if method == "get" and "inline" not in url:
            assert client.get(url).status_code == 200, url


def test_a_patient_cannot_reach_staff_claim_review(client):
    client.force_login(UserFactory())
    assert client.get("/staff/claims/").status_code == 404


# Proof documents


def test_the_owner_downloads_their_proof_as_an_attachment_with_safe_headers(alice, client):
    client.force_login(alice["owner"])
    response = client.get(f"/dashboard/documents/license/{alice['license'].pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    lic = alice["license"].pk
    assert response["Content-Disposition"] == f'attachment; filename="license-{lic}-proof.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_inline_viewing_is_for_staff_only(alice, client):
    client.force_login(alice["owner"])
    response = client.get(f"/dashboard/documents/license/{alice['license'].pk}/?inline=1")
    assert response["Content-Disposition"].startswith("attachment;")


def test_staff_may_view_any_proof_inline(alice, client):
    client.force_login(StaffFactory())
    response = client.get(f"/dashboard/documents/credential/{alice['credential'].pk}/?inline=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_record_without_proof_has_no_document(client):
    owner = AccountFactory()
    record = LicenseFactory(practitioner=PractitionerFactory(owner=owner))
    client.force_login(owner)
    assert client.get(f"/dashboard/documents/license/{record.pk}/").status_code == 404


def test_an_unknown_stored_type_is_served_as_an_opaque_download(alice, client):
    License.objects.filter(pk=alice["license"].pk).update(proof_content_type="text/html")
    client.force_login(alice["owner"])
    response = client.get(f"/dashboard/documents/license/{alice['license'].pk}/")
    assert response["Content-Type"] == "application/octet-stream"


def test_proof_files_live_outside_the_public_media_root(alice, settings):
    path = alice["license"].proof_document.path
    assert str(settings.STORAGES["private"]["OPTIONS"]["location"]) in path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert alice["license"].proof_document.storage.base_url is None


# Fields a form post may not set


def test_extra_post_fields_cannot_verify_a_license_or_change_its_owner(alice, client):
    client.force_login(alice["owner"])
    intruder = AccountFactory()
    response = client.post(
        "/dashboard/licenses/new/",
        {
            "state": "WA",
            "number": "AC777",
            "title": "lac",
            "status": "active",
            "expires_on": "2099-01-01",
            "proof": upload(MINIMAL_PDF),
            "verification_status": "verified",
            "verified_by": str(intruder.pk),
            "verified_at": "2024-01-01T00:00:00Z",
            "primary_source": "state-board-lookup",
            "practitioner": "999",
            "version": "7",
        },
    )
    assert response.status_code == 302
    record = License.objects.get(number="AC777")
    assert record.verification_status == S.UNVERIFIED
    assert record.verified_by is None and record.verified_at is None
    assert record.primary_source == ""
    assert record.practitioner == alice["practitioner"]
    assert record.version == 0


def test_extra_post_fields_cannot_change_a_profiles_owner_publication_or_ratings(alice, client):
    client.force_login(alice["owner"])
    intruder = AccountFactory()
    client.post(
        "/dashboard/profile/",
        {
            "first_name": "Alice",
            "last_name": "Doe",
            "owner": str(intruder.pk),
            "publication_status": "published",
            "slug": "someone-else",
            "review_count": "500",
            "rating_average": "5.00",
            "verified_until": "2099-01-01",
        },
    )
    practitioner = Practitioner.objects.get(pk=alice["practitioner"].pk)
    assert practitioner.owner == alice["owner"]
    assert practitioner.slug == "alice"
    assert practitioner.review_count == 0 and practitioner.rating_average is None


def test_extra_post_fields_cannot_move_a_clinic_to_another_practitioner(alice, client):
    other = PractitionerFactory()
    client.force_login(alice["owner"])
    client.post(
        f"/dashboard/clinics/{alice['clinic'].pk}/",
        {**HOSTILE_POST, "name": "Mine", "practitioner": str(other.pk), "latitude": "0"},
    )
    clinic = Clinic.objects.get(pk=alice["clinic"].pk)
    assert clinic.practitioner == alice["practitioner"]
    assert clinic.latitude != 0


def test_every_dashboard_post_needs_a_csrf_token(alice):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice["owner"])
    for method, url in targets(alice):
        if method == "post":
            assert strict.post(url, HOSTILE_POST).status_code == 403, url
    assert_untouched(alice)


def test_user_text_is_escaped_on_dashboard_pages(client):
    owner = AccountFactory()
    practitioner = PractitionerFactory(owner=owner, first_name="<script>alert(1)</script>")
    ClinicFactory(practitioner=practitioner, name="<img src=x onerror=alert(1)>")
    client.force_login(owner)
    for url in ("/dashboard/", "/dashboard/clinics/", "/dashboard/profile/"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x onerror" not in html
