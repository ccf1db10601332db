import datetime
import itertools

import pytest
from django.utils import timezone

from practitioners.models import Practitioner
from tests.factories import CredentialFactory, LicenseFactory, StaffFactory, UserFactory
from verification import services as verification
from verification.models import (
    License,
    LicensingBoard,
    PrimarySource,
    VerificationEvent,
    VerificationStatus,
)
from verification.services import (
    ALLOWED_TRANSITIONS,
    IllegalTransition,
    MissingEvidence,
    StaleRecord,
    VerificationError,
)

pytestmark = pytest.mark.django_db
S = VerificationStatus


@pytest.fixture
def verifier():
    return StaffFactory(email="verifier@example.org")


def make_record(status: str, factory=LicenseFactory, **extra):
    """Build a record already in `status`, respecting the database constraints."""
    fields = {"verification_status": status, "with_proof": True}
    if status == S.PENDING:
        fields["submitted_at"] = timezone.now()
    if status == S.VERIFIED:
        fields.update(verified_at=timezone.now(), primary_source=PrimarySource.STATE_BOARD_LOOKUP)
    if status == S.REJECTED:
        fields["rejection_reason"] = "Not found on the board's lookup."
    fields.update(extra)
    return factory(**fields)


def events_of(record):
    return list(VerificationEvent.objects.for_record(record).order_by("id"))


def test_submitting_with_proof_moves_to_pending_and_records_an_event():
    owner = UserFactory()
    license = make_record(S.UNVERIFIED)
    result = verification.submit_for_verification(license, actor=owner)
    license.refresh_from_db()
    assert license.verification_status == S.PENDING
    assert license.submitted_at is not None
    [event] = events_of(license)
    assert (event.from_status, event.to_status, event.actor) == (S.UNVERIFIED, S.PENDING, owner)
    assert result.event == event
    assert event.practitioner == license.practitioner


def test_submitting_without_proof_is_refused_with_a_clear_message():
    license = LicenseFactory()
    with pytest.raises(VerificationError, match="Attach a proof document"):
        verification.submit_for_verification(license, actor=None)
    assert events_of(license) == []


@pytest.fixture
def oregon_lookup():
    LicensingBoard.objects.filter(state="OR").update(lookup_url="https://example.org/or-lookup")


def test_verifying_records_who_when_source_and_recheck(verifier, oregon_lookup):
    license = make_record(S.PENDING)
    verification.verify(
        license,
        actor=verifier,
        primary_source=PrimarySource.STATE_BOARD_LOOKUP,
        reference=" https://example.org/lookup?AC1 ",
    )
    license.refresh_from_db()
    assert license.verification_status == S.VERIFIED
    assert license.verified_by == verifier
    assert license.verified_at is not None
    assert license.primary_source == PrimarySource.STATE_BOARD_LOOKUP
    assert license.primary_source_reference == "https://example.org/lookup?AC1"
    # The re-check date defaults from the expiry date (within a year here).
    assert license.next_recheck_on == license.expires_on
    assert events_of(license)[-1].to_status == S.VERIFIED
    assert license.practitioner in Practitioner.objects.verified()


def test_the_verify_event_holds_the_source_the_reference_and_the_verifier(verifier):
    license = make_record(S.PENDING)
    result = verification.verify(
        license,
        actor=verifier,
        primary_source=PrimarySource.ISSUER_LETTER,
        reference="Board letter 2026-114",
    )
    event = VerificationEvent.objects.get(pk=result.event.pk)
    assert event.primary_source == PrimarySource.ISSUER_LETTER
    assert event.primary_source_reference == "Board letter 2026-114"
    assert event.actor == verifier
    assert "Board letter 2026-114" in event.note


@pytest.mark.parametrize("reference", ["", "   "])
def test_verifying_without_a_reference_is_refused_and_nothing_changes(verifier, reference):
    license = make_record(S.PENDING)
    with pytest.raises(MissingEvidence, match="Give the reference") as refused:
        verification.verify(
            license, actor=verifier, primary_source=PrimarySource.ISSUER_LETTER, reference=reference
        )
    assert set(refused.value.problems) == {"reference"}
    license.refresh_from_db()
    assert license.verification_status == S.PENDING
    assert events_of(license) == []


def test_a_board_without_an_online_lookup_cannot_be_the_source(verifier):
    license = make_record(S.PENDING)
    assert not license.issuing_board.lookup_url
    with pytest.raises(MissingEvidence, match="has no online lookup") as refused:
        verification.verify(
            license,
            actor=verifier,
            primary_source=PrimarySource.STATE_BOARD_LOOKUP,
            reference="https://example.org/or-lookup?AC1",
        )
    assert set(refused.value.problems) == {"primary_source"}
    assert license.verification_status == S.PENDING


def test_the_nccaom_registry_is_refused_for_a_credential_nccaom_does_not_issue(verifier):
    degree = make_record(S.PENDING, factory=CredentialFactory, kind="dacm", issuer="Some School")
    with pytest.raises(MissingEvidence, match="not available for this credential"):
        verification.verify(
            degree,
            actor=verifier,
            primary_source=PrimarySource.NCCAOM_REGISTRY,
            reference="NCCAOM #1",
        )
    verification.verify(
        degree,
        actor=verifier,
        primary_source=PrimarySource.ISSUER_LETTER,
        reference="Registrar letter 7",
    )
    assert degree.verification_status == S.VERIFIED


def test_a_roster_is_never_chosen_by_hand_only_recorded_by_the_import(verifier):
    license = make_record(S.PENDING)
    with pytest.raises(MissingEvidence, match="only by the roster import"):
        verification.verify(
            license,
            actor=verifier,
            primary_source=PrimarySource.BOARD_ROSTER,
            reference="roster or.csv line 2",
        )
    result = verification.verify_from_roster(license, actor=None, roster_name="or.csv", line=2)
    assert license.primary_source == PrimarySource.BOARD_ROSTER
    assert result.event.primary_source_reference == "roster or.csv line 2"


def test_decisions_other_than_verify_carry_no_evidence_but_their_reason(verifier):
    license = make_record(S.PENDING)
    verification.request_changes(license, actor=verifier, note="Upload page 2.")
    [event] = events_of(license)
    assert (event.note, event.primary_source, event.primary_source_reference) == (
        "Upload page 2.",
        "",
        "",
    )


def test_recheck_defaults_to_a_year_when_expiry_is_further_away(verifier):
    far = timezone.localdate() + datetime.timedelta(days=1000)
    license = make_record(S.PENDING, expires_on=far)
    verification.verify(
        license,
        actor=verifier,
        primary_source=PrimarySource.ISSUER_LETTER,
        reference="Board letter 2026-114",
    )
    assert license.next_recheck_on == timezone.localdate() + datetime.timedelta(days=365)


def test_verifying_needs_a_known_primary_source(verifier):
    license = make_record(S.PENDING)
    with pytest.raises(MissingEvidence, match="Choose the source you checked"):
        verification.verify(
            license, actor=verifier, primary_source="a friend", reference="Board letter 1"
        )


def test_a_record_past_its_expiry_cannot_be_verified(verifier):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    license = make_record(S.PENDING, expires_on=yesterday, issued_on=yesterday)
    with pytest.raises(IllegalTransition, match="expired on"):
        verification.verify(
            license,
            actor=verifier,
            primary_source=PrimarySource.ISSUER_LETTER,
            reference="Board letter 2026-114",
        )


def test_rejecting_needs_a_reason_that_the_practitioner_sees(verifier):
    license = make_record(S.PENDING)
    with pytest.raises(VerificationError, match="reason"):
        verification.reject(license, actor=verifier, reason="   ")
    verification.reject(license, actor=verifier, reason="The number does not match the board.")
    license.refresh_from_db()
    assert license.verification_status == S.REJECTED
    assert license.rejection_reason == "The number does not match the board."
    assert events_of(license)[-1].note == "The number does not match the board."


def test_resubmitting_a_rejected_record_clears_the_old_reason(verifier):
    license = make_record(S.REJECTED)
    verification.submit_for_verification(license, actor=None)
    license.refresh_from_db()
    assert (license.verification_status, license.rejection_reason) == (S.PENDING, "")


def test_request_changes_sends_it_back_to_the_practitioner(verifier):
    license = make_record(S.PENDING)
    verification.request_changes(license, actor=verifier, note=" Upload the whole certificate. ")
    assert license.verification_status == S.UNVERIFIED
    # The request is the event's note; the record keeps no rejection reason.
    assert license.rejection_reason == ""
    assert events_of(license)[-1].note == "Upload the whole certificate."
    with pytest.raises(VerificationError, match="needs to change"):
        verification.request_changes(make_record(S.PENDING), actor=verifier, note="")


def test_expiring_needs_a_past_expiry_date():
    license = make_record(S.VERIFIED)
    with pytest.raises(IllegalTransition, match="not reached its expiry"):
        verification.expire(license)
    past = timezone.localdate() - datetime.timedelta(days=1)
    old = make_record(S.VERIFIED, issued_on=past - datetime.timedelta(days=30), expires_on=past)
    verification.expire(old)
    old.refresh_from_db()
    assert old.verification_status == S.EXPIRED
    assert old.practitioner not in Practitioner.objects.verified()
    [event] = events_of(old)
    assert event.actor is None and "passed" in event.note


def test_editing_a_verified_license_number_needs_review():
    license = make_record(S.VERIFIED)
    verification.update_record_facts(license, actor=None, number="AC-NEW")
    license.refresh_from_db()
    assert license.verification_status == S.NEEDS_REVIEW
    assert license.number == "AC-NEW"
    assert "number" in events_of(license)[-1].note
    assert license.practitioner not in Practitioner.objects.verified()


@pytest.mark.parametrize(
    "changes",
    [{"state": "CA"}, {"expires_on": timezone.localdate() + datetime.timedelta(days=900)}],
)
def test_editing_a_verified_state_or_expiry_needs_review(changes):
    license = make_record(S.VERIFIED)
    verification.update_record_facts(license, actor=None, **changes)
    assert license.verification_status == S.NEEDS_REVIEW


def test_editing_other_fields_of_a_verified_license_keeps_it_verified():
    license = make_record(S.VERIFIED)
    issued = license.issued_on - datetime.timedelta(days=30)
    verification.update_record_facts(license, actor=None, issued_on=issued)
    assert license.verification_status == S.VERIFIED
    assert events_of(license) == []
    # ...but any change makes a verifier's copy stale.
    assert license.version == 1


@pytest.mark.parametrize(
    "changes", [{"status": License.Standing.SUSPENDED}, {"title": License.Title.ACUPUNCTURIST}]
)
def test_editing_a_verified_standing_or_title_needs_review(changes):
    license = make_record(S.VERIFIED)
    verification.update_record_facts(license, actor=None, **changes)
    assert license.verification_status == S.NEEDS_REVIEW


def test_editing_a_verified_credential_identifier_needs_review():
    credential = make_record(S.VERIFIED, factory=CredentialFactory)
    verification.update_record_facts(credential, actor=None, identifier="999")
    assert credential.verification_status == S.NEEDS_REVIEW


def test_facts_editing_cannot_set_verification_fields():
    license = make_record(S.UNVERIFIED)
    with pytest.raises(VerificationError):
        verification.update_record_facts(license, actor=None, verification_status=S.VERIFIED)


def test_a_decision_on_a_stale_copy_is_refused_and_nothing_is_lost(verifier):
    license = make_record(S.PENDING)
    seen_by_first = License.objects.get(pk=license.pk)
    seen_by_second = License.objects.get(pk=license.pk)
    verification.verify(
        seen_by_first,
        actor=verifier,
        primary_source=PrimarySource.ISSUER_LETTER,
        reference="Board letter 2026-114",
        expected_version=seen_by_first.version,
    )
    with pytest.raises(StaleRecord, match="changed by someone else"):
        verification.reject(
            seen_by_second, actor=verifier, reason="No.", expected_version=seen_by_second.version
        )
    license.refresh_from_db()
    assert license.verification_status == S.VERIFIED
    assert [e.to_status for e in events_of(license)] == [S.VERIFIED]


ALL = [s.value for s in S]
ILLEGAL = [(a, b) for a, b in itertools.product(ALL, ALL) if b not in ALLOWED_TRANSITIONS[a]]


@pytest.mark.parametrize(("from_status", "to_status"), ILLEGAL)
def test_every_illegal_transition_raises_and_records_nothing(from_status, to_status):
    record = make_record(from_status)
    with pytest.raises(IllegalTransition, match="cannot become"):
        verification._transition(record, to=to_status, actor=None)
    record.refresh_from_db()
    assert record.verification_status == from_status
    assert events_of(record) == []


LEGAL = [(a, b) for a in ALL for b in sorted(ALLOWED_TRANSITIONS[a])]


@pytest.mark.parametrize(("from_status", "to_status"), LEGAL)
def test_every_legal_transition_is_recorded_as_one_event(from_status, to_status):
    changes = {}
    if to_status == S.VERIFIED:
        changes = {"verified_at": timezone.now(), "primary_source": PrimarySource.BOARD_ROSTER}
    if to_status == S.REJECTED:
        changes = {"rejection_reason": "Reason."}
    record = make_record(from_status)
    verification._transition(record, to=to_status, actor=None, note="n", changes=changes)
    record.refresh_from_db()
    assert record.verification_status == to_status
    assert record.version == 1
    [event] = events_of(record)
    assert (event.from_status, event.to_status) == (from_status, to_status)


def test_the_transition_table_covers_every_status():
    assert set(ALLOWED_TRANSITIONS) == set(ALL)
    # Verified can only be reached by a verifier's decision.
    sources = {a for a, targets in ALLOWED_TRANSITIONS.items() if S.VERIFIED in targets}
    assert sources == {S.PENDING, S.NEEDS_REVIEW}


def _exists_based_verified(practitioner) -> bool:
    """The definition in domain.md, computed from the licenses themselves."""
    return License.objects.in_good_standing().filter(practitioner=practitioner).exists()


@pytest.mark.parametrize(("from_status", "to_status"), LEGAL)
def test_stored_standing_always_agrees_with_the_licenses(from_status, to_status):
    changes = {}
    if to_status == S.VERIFIED:
        changes = {"verified_at": timezone.now(), "primary_source": PrimarySource.BOARD_ROSTER}
    if to_status == S.REJECTED:
        changes = {"rejection_reason": "Reason."}
    record = make_record(from_status)
    verification._transition(record, to=to_status, actor=None, changes=changes)
    practitioner = Practitioner.objects.get(pk=record.practitioner_id)
    stored = practitioner in Practitioner.objects.verified()
    assert stored == _exists_based_verified(practitioner)


def test_revoking_a_verified_license_drops_the_stored_standing():
    license = make_record(S.VERIFIED)
    assert license.practitioner in Practitioner.objects.verified()
    verification.update_record_facts(license, actor=None, status=License.Standing.REVOKED)
    assert license.practitioner not in Practitioner.objects.verified()


def test_the_latest_of_several_licenses_is_kept():
    first = make_record(S.VERIFIED, expires_on=timezone.localdate() + datetime.timedelta(days=10))
    make_record(
        S.VERIFIED,
        practitioner=first.practitioner,
        state="CA",
        expires_on=timezone.localdate() + datetime.timedelta(days=400),
    )
    verification.update_record_facts(first, actor=None, number="CHANGED")  # first → needs review
    practitioner = Practitioner.objects.get(pk=first.practitioner_id)
    assert practitioner.verified_until == timezone.localdate() + datetime.timedelta(days=400)
