"""Claiming a profile by its NPI: check digit first, then the match, then either path."""

import pytest
from django.urls import reverse

from claims import services
from claims.models import ClaimRequest
from opendata.nppes import import_file
from opendata.nppes_layout import write_file
from practitioners.models import Practitioner
from tests.factories import AccountFactory
from tests.opendata.nppes_files import acupuncturist, npi

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path):
    import_file(write_file(tmp_path / "full.csv", [acupuncturist(1)]))
    practitioner = Practitioner.objects.get(npi=npi(1))
    practitioner.email = "jane@clinic.example.org"
    practitioner.save()
    return practitioner


def test_an_npi_claim_waits_for_staff_with_the_registry_evidence(imported):
    user = AccountFactory(email="jane.personal@example.org", first_name="Jane", last_name="Doeb")
    claim = services.request_claim_by_npi(npi=npi(1), user=user)
    assert claim.status == ClaimRequest.Status.PENDING
    assert claim.npi == npi(1)
    assert "matches the profile" in claim.evidence
    assert "Registry address: 1234 Se Division St, Portland, OR 97214" in claim.evidence


def test_an_npi_claim_completes_at_once_when_the_verified_email_matches(imported):
    user = AccountFactory(email="jane@clinic.example.org")
    claim = services.request_claim_by_npi(npi=npi(1), user=user)
    imported.refresh_from_db()
    assert claim.status == ClaimRequest.Status.APPROVED and imported.owner == user


@pytest.mark.parametrize(
    ("entered", "message"),
    [
        ("123", "exactly 10 digits"),
        ("1234567890", "check digit is wrong"),
        (npi(77), "No profile in the directory carries the NPI"),
    ],
)
def test_wrong_or_unknown_npis_are_explained(imported, entered, message):
    with pytest.raises(services.ClaimError, match=message):
        services.request_claim_by_npi(npi=entered, user=AccountFactory())
    assert not ClaimRequest.objects.exists()


def test_the_claim_by_npi_page_reports_a_bad_check_digit_and_keeps_the_input(client, imported):
    client.force_login(AccountFactory())
    response = client.post(reverse("claims:claim_by_npi"), {"npi": "1234567890"})
    assert response.status_code == 400
    assert "check digit is wrong" in response.text and 'value="1234567890"' in response.text


def test_the_claim_by_npi_page_sends_a_claim(client, imported):
    user = AccountFactory()
    client.force_login(user)
    response = client.post(reverse("claims:claim_by_npi"), {"npi": npi(1)})
    assert response.status_code == 302
    assert ClaimRequest.objects.get(user=user).practitioner == imported
