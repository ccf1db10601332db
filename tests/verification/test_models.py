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


def test_the_primary_source_a_verifier_starts_from_depends_on_the_kind():
    assert LicenseFactory().default_primary_source == PrimarySource.STATE_BOARD_LOOKUP
    nccaom = CredentialFactory(kind="dipl-om")
    degree = CredentialFactory(kind="dacm", expires_on=None)
    assert nccaom.is_nccaom and not degree.is_nccaom and not LicenseFactory().is_nccaom
    assert nccaom.default_primary_source == PrimarySource.NCCAOM_REGISTRY
    assert degree.default_primary_source == PrimarySource.ISSUER_LETTER
