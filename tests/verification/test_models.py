"""Licensing boards, and what licenses and credentials say about themselves."""

import pytest

from tests.factories import CredentialFactory, LicenseFactory
from verification.models import LicensingBoard, PrimarySource

pytestmark = pytest.mark.django_db


def test_for_state_returns_the_states_board():
    board, _ = LicensingBoard.objects.update_or_create(state="OR", defaults={"name": "OR board"})
    assert LicensingBoard.objects.for_state("OR") == board


def test_for_state_returns_none_for_a_state_without_a_board():
    LicensingBoard.objects.filter(state="OR").delete()
    assert LicensingBoard.objects.for_state("OR") is None
    assert LicensingBoard.objects.for_state("") is None


def test_a_license_without_a_stored_board_is_issued_by_its_states_board():
    board, _ = LicensingBoard.objects.update_or_create(state="WA")
    assert LicenseFactory(state="WA", board=None).issuing_board == board
    assert CredentialFactory().issuing_board is None


def test_records_describe_themselves_the_way_their_owner_would():
    assert LicenseFactory(state="OR", number="AC1").description == "Oregon license #AC1"
    assert CredentialFactory(identifier="").description == "Dipl. Ac. credential (NCCAOM)"


def test_the_sources_a_record_allows_depend_on_its_board_and_kind():
    lookup, roster, registry, letter = (
        PrimarySource.STATE_BOARD_LOOKUP,
        PrimarySource.BOARD_ROSTER,
        PrimarySource.NCCAOM_REGISTRY,
        PrimarySource.ISSUER_LETTER,
    )
    LicensingBoard.objects.filter(state="OR").update(lookup_url="https://example.org/or")
    assert LicenseFactory().primary_sources == (lookup, roster, letter)
    # The roster is the import's to record, never a verifier's choice on the form.
    assert LicenseFactory().sources_by_hand == (lookup, letter)
    assert LicenseFactory(state="WI").sources_by_hand == (letter,)
    nccaom = CredentialFactory(kind="dipl-om")
    degree = CredentialFactory(kind="dacm", expires_on=None)
    assert nccaom.is_nccaom and not degree.is_nccaom and not LicenseFactory().is_nccaom
    assert nccaom.sources_by_hand == (registry, letter)
    assert degree.sources_by_hand == (letter,)
