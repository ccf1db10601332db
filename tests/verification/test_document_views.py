"""Proof documents: one view and one allow-list behind the owner's and the staff URL."""

import pytest
from django.core.files.base import ContentFile
from django.urls import resolve

from tests.factories import (
    MINIMAL_PDF,
    AccountFactory,
    LicenseFactory,
    PractitionerFactory,
    StaffFactory,
)
from verification.document_views import proof_document, served_type
from verification.models import License

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
HTML = b"<html><script>alert(1)</script></html>"


@pytest.fixture(autouse=True)
def _no_staff_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


def owner_url(record) -> str:
    return record.document_url()


def staff_url(record) -> str:
    return record.staff_url("document")


BOTH_URLS = pytest.mark.parametrize("url_of", [owner_url, staff_url], ids=["owner", "staff"])


def store(record: License, data: bytes, stored_type: str) -> None:
    """Replace the record's proof file and its stored type, behind the upload checks."""
    name = record.proof_document.storage.save("proofs/replaced", ContentFile(data))
    License.objects.filter(pk=record.pk).update(proof_document=name, proof_content_type=stored_type)


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_both_document_urls_are_served_by_the_one_view():
    record = LicenseFactory(with_proof=True)
    assert resolve(owner_url(record)).func is proof_document
    assert resolve(staff_url(record)).func.__wrapped__ is proof_document


@pytest.mark.parametrize(
    ("data", "stored_type", "served"),
    [
        (MINIMAL_PDF, "application/pdf", "application/pdf"),
        (PNG, "", "image/png"),
        (PNG, "image/png; charset=binary", "image/png"),
        (HTML, "application/pdf", ""),  # the bytes are not what was uploaded
        (MINIMAL_PDF, "image/png", ""),  # the stored type contradicts the bytes
        (b"GIF89a" + b"\x00" * 20, "image/gif", ""),  # not on the allow-list
    ],
)
def test_served_type_trusts_the_bytes_and_only_the_allowed_types(data, stored_type, served):
    record = License(proof_content_type=stored_type)
    assert served_type(record, data[:16]) == served


@BOTH_URLS
def test_a_file_that_sniffs_as_something_else_is_an_opaque_download_on_both_urls(
    staff_client, url_of
):
    record = LicenseFactory(with_proof=True)
    store(record, HTML, "application/pdf")
    response = staff_client.get(url_of(record))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert (
        response["Content-Disposition"] == f'attachment; filename="license-{record.pk}-proof.bin"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"  # the site default: never framed


@BOTH_URLS
def test_a_file_without_a_stored_type_is_typed_by_its_bytes_on_both_urls(staff_client, url_of):
    record = LicenseFactory(with_proof=True)
    store(record, PNG, "")
    response = staff_client.get(url_of(record))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].endswith(f'filename="license-{record.pk}-proof.png"')


@BOTH_URLS
def test_both_urls_lock_the_document_down_the_same_way(staff_client, url_of):
    record = LicenseFactory(with_proof=True)
    response = staff_client.get(url_of(record))
    csp = response["Content-Security-Policy"]
    assert csp.startswith("sandbox; default-src 'none'")
    assert "form-action 'none'" in csp
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_the_staff_viewer_is_inline_unless_a_download_is_asked_for(staff_client):
    record = LicenseFactory(with_proof=True)
    inline = staff_client.get(staff_url(record))
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    download = staff_client.get(staff_url(record) + "?download=1")
    assert download["Content-Disposition"].startswith("attachment")
    assert "frame-ancestors" not in download["Content-Security-Policy"]


def test_the_owners_url_is_a_download_unless_staff_ask_for_inline(client, staff_client):
    owner = AccountFactory()
    record = LicenseFactory(practitioner=PractitionerFactory(owner=owner), with_proof=True)
    assert staff_client.get(owner_url(record))["Content-Disposition"].startswith("attachment")
    assert staff_client.get(owner_url(record) + "?inline=1")["Content-Disposition"].startswith(
        "inline"
    )
    client.force_login(owner)
    assert client.get(owner_url(record) + "?inline=1")["Content-Disposition"].startswith(
        "attachment"
    )


def test_the_owner_reaches_their_proof_only_through_their_own_url(client):
    owner = AccountFactory()
    record = LicenseFactory(practitioner=PractitionerFactory(owner=owner), with_proof=True)
    client.force_login(owner)
    assert client.get(owner_url(record)).status_code == 200
    assert client.get(staff_url(record)).status_code == 404
