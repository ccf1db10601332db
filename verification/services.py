"""The verification rules of domain.md, in one place.

Every status change of a license or credential goes through `_transition`:
it locks the row, checks the move is legal (and, when the caller says which
version it saw, that nobody decided first), writes the new state and appends a
`VerificationEvent`. An illegal move raises `IllegalTransition` with a
sentence a person can act on.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from practitioners.listings import refresh_listings
from practitioners.models import Practitioner

from . import notifications
from .kinds import Record
from .models import (
    IMPORTED_SOURCES,
    License,
    PrimarySource,
    VerificationEvent,
    VerificationStatus,
    refresh_verified_until,
)

S = VerificationStatus

# from-status -> the statuses it may move to
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.UNVERIFIED: frozenset({S.PENDING}),
    S.PENDING: frozenset({S.VERIFIED, S.REJECTED, S.UNVERIFIED, S.EXPIRED}),
    S.VERIFIED: frozenset({S.NEEDS_REVIEW, S.EXPIRED}),
    S.REJECTED: frozenset({S.PENDING}),
    S.EXPIRED: frozenset({S.PENDING}),
    S.NEEDS_REVIEW: frozenset({S.VERIFIED, S.REJECTED, S.UNVERIFIED, S.EXPIRED}),
}

DEFAULT_RECHECK_DAYS = 365


class VerificationError(Exception):
    """A verification action that cannot be done; the message says why."""


class IllegalTransition(VerificationError):
    pass


class StaleRecord(VerificationError):
    """Someone else changed the record since the caller loaded it."""


class MissingEvidence(VerificationError):
    """A verification without a source true for the record, or without a reference."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems  # field ("primary_source", "reference") -> message
        super().__init__(" ".join(problems.values()))


@dataclass(frozen=True)
class TransitionResult:
    record: Record
    event: VerificationEvent


def _label(status: str) -> str:
    return S(status).label.lower()


def _lock(record: Record) -> Record:
    return type(record).objects.select_for_update().get(pk=record.pk)


def _transition(
    record: Record,
    *,
    to: str,
    actor,
    note: str = "",
    expected_version: int | None = None,
    changes: dict | None = None,
    evidence: dict | None = None,
) -> TransitionResult:
    locked = _lock(record)
    if expected_version is not None and locked.version != expected_version:
        raise StaleRecord(
            f"This {locked.record_kind} was changed by someone else (it is now "
            f"{_label(locked.verification_status)}). Reload it before deciding."
        )
    current = locked.verification_status
    if to not in ALLOWED_TRANSITIONS[current]:
        raise IllegalTransition(
            f"A {locked.record_kind} that is {_label(current)} cannot become {_label(to)}."
        )
    for field, value in (changes or {}).items():
        setattr(locked, field, value)
    locked.verification_status = to
    locked.version += 1
    locked.full_clean()
    locked.save()
    refresh_standing(locked)
    event = VerificationEvent.objects.create(
        practitioner_id=locked.practitioner_id,
        **{locked.event_field: locked},
        actor=actor,
        from_status=current,
        to_status=to,
        note=note,
        **(evidence or {}),
    )
    # Keep the caller's object in step with the database.
    record.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return TransitionResult(record=locked, event=event)


def refresh_standing(record: Record) -> None:
    """Keep the practitioner's stored `verified_until` and result card in step with their records."""
    if record.counts_for_badge:
        refresh_verified_until(Practitioner.objects.filter(pk=record.practitioner_id))
    else:
        refresh_listings([record.practitioner_id])


def _decided(record: Record, **kwargs) -> TransitionResult:
    """Make a transition the practitioner is told about by email (after commit)."""
    result = _transition(record, **kwargs)
    notifications.notify_decision(result.event)
    return result


@transaction.atomic
def submit_for_verification(record: Record, *, actor, note: str = "") -> TransitionResult:
    """Send a record with its proof to the verification queue."""
    if not record.proof_document:
        raise VerificationError("Attach a proof document before submitting for verification.")
    return _transition(
        record,
        to=S.PENDING,
        actor=actor,
        note=note or "Submitted with proof.",
        changes={"submitted_at": timezone.now(), "rejection_reason": ""},
    )


def default_recheck_date(record: Record, *, today: datetime.date | None = None) -> datetime.date:
    """Re-check at expiry, or in a year, whichever comes first."""
    today = today or timezone.localdate()
    in_a_year = today + datetime.timedelta(days=DEFAULT_RECHECK_DAYS)
    if record.expires_on and record.expires_on < in_a_year:
        return record.expires_on
    return in_a_year


def evidence_problems(
    record: Record, *, primary_source: str, reference: str, by_hand: bool = True
) -> dict[str, str]:
    """Return what is wrong with the evidence offered for verifying a record, by form field."""
    problems = {}
    allowed = record.sources_by_hand if by_hand else record.primary_sources
    if primary_source not in allowed:
        names = " or ".join(f"“{PrimarySource(s).label}”" for s in record.sources_by_hand)
        if primary_source in IMPORTED_SOURCES:
            why = "is recorded only by the roster import (import_board_roster --apply)"
        elif primary_source in PrimarySource.values:
            why = f"is not available for this {record.record_kind}"
            if primary_source == PrimarySource.STATE_BOARD_LOOKUP:
                why += ": its board has no online lookup on record"
        else:
            why = ""
        problems["primary_source"] = (
            f"“{PrimarySource(primary_source).label}” {why}. Choose {names}."
            if why
            else f"Choose the source you checked: {names}."
        )
    if not (reference or "").strip():
        problems["reference"] = (
            "Give the reference of what you checked: the lookup URL or record id, "
            "the registry entry, or the letter’s reference."
        )
    return problems


@transaction.atomic
def verify(
    record: Record,
    *,
    actor,
    primary_source: str,
    reference: str,
    recheck_on: datetime.date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> TransitionResult:
    """Mark a record verified against a primary source a verifier checked by hand."""
    return _verify(
        record,
        actor=actor,
        primary_source=primary_source,
        reference=reference,
        recheck_on=recheck_on,
        note=note,
        expected_version=expected_version,
        by_hand=True,
    )


@transaction.atomic
def verify_from_roster(
    record: License,
    *,
    actor,
    roster_name: str,
    line: int,
    note: str = "",
    expected_version: int | None = None,
) -> TransitionResult:
    """Mark a license verified by the board roster row it matched."""
    return _verify(
        record,
        actor=actor,
        primary_source=PrimarySource.BOARD_ROSTER,
        reference=f"roster {roster_name} line {line}",
        note=note,
        expected_version=expected_version,
        by_hand=False,
    )


def _verify(
    record: Record,
    *,
    actor,
    primary_source: str,
    reference: str,
    by_hand: bool,
    recheck_on: datetime.date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> TransitionResult:
    reference = (reference or "").strip()
    problems = evidence_problems(
        record, primary_source=primary_source, reference=reference, by_hand=by_hand
    )
    if problems:
        raise MissingEvidence(problems)
    today = timezone.localdate()
    if record.expires_on and record.expires_on < today:
        raise IllegalTransition(
            f"This {record.record_kind} expired on {record.expires_on:%B %-d, %Y}; "
            "it cannot be verified until it is renewed."
        )
    recheck_on = recheck_on or default_recheck_date(record, today=today)
    if recheck_on < today:
        raise VerificationError("The re-check date cannot be in the past.")
    evidence = {"primary_source": primary_source, "primary_source_reference": reference}
    return _decided(
        record,
        to=S.VERIFIED,
        actor=actor,
        note=note or f"Verified against {PrimarySource(primary_source).label}: {reference}.",
        expected_version=expected_version,
        evidence=evidence,
        changes={
            **evidence,
            "verified_by": actor,
            "verified_at": timezone.now(),
            "next_recheck_on": recheck_on,
            "rejection_reason": "",
        },
    )


def _decided_with_reason(
    record: Record, *, to: str, reason: str, missing: str, **kwargs
) -> TransitionResult:
    """Decide with a reason the practitioner reads; `missing` refuses an empty one."""
    reason = (reason or "").strip()
    if not reason:
        raise VerificationError(missing)
    # The record keeps a rejection's reason; a change request lives in the event note.
    kept = reason if to == S.REJECTED else ""
    return _decided(record, to=to, note=reason, changes={"rejection_reason": kept}, **kwargs)


@transaction.atomic
def reject(
    record: Record, *, actor, reason: str, expected_version: int | None = None
) -> TransitionResult:
    """Reject a record; the reason is shown to the practitioner."""
    return _decided_with_reason(
        record,
        to=S.REJECTED,
        reason=reason,
        missing="Give a reason: the practitioner sees it and needs to act on it.",
        actor=actor,
        expected_version=expected_version,
    )


@transaction.atomic
def request_changes(
    record: Record, *, actor, note: str, expected_version: int | None = None
) -> TransitionResult:
    """Send a record back to the practitioner to correct and resubmit."""
    return _decided_with_reason(
        record,
        to=S.UNVERIFIED,
        reason=note,
        missing="Say what the practitioner needs to change.",
        actor=actor,
        expected_version=expected_version,
    )


@transaction.atomic
def mark_needs_review(
    record: Record, *, actor=None, note: str, expected_version: int | None = None
) -> TransitionResult:
    """Drop a verified record back to a verifier (edited facts, re-check date reached)."""
    # No email: there is nothing for the practitioner to do until a verifier has looked.
    return _transition(
        record, to=S.NEEDS_REVIEW, actor=actor, note=note, expected_version=expected_version
    )


@transaction.atomic
def expire(
    record: Record, *, actor=None, note: str = "", expected_version: int | None = None
) -> TransitionResult:
    """Mark a record whose expiry date has passed as expired."""
    today = timezone.localdate()
    if not record.expires_on or record.expires_on >= today:
        raise IllegalTransition(f"This {record.record_kind} has not reached its expiry date.")
    return _decided(
        record,
        to=S.EXPIRED,
        actor=actor,
        note=note or f"Expiry date {record.expires_on:%Y-%m-%d} passed.",
        expected_version=expected_version,
    )


@transaction.atomic
def update_record_facts(record: Record, *, actor, **changes) -> Record:
    """Edit a license or credential; edited verified facts send it to needs_review."""
    locked = _lock(record)
    forbidden = {"verification_status", "verified_by", "verified_at", "primary_source",
                 "next_recheck_on", "version", "practitioner", "practitioner_id"}  # fmt: skip
    if forbidden & changes.keys():
        raise VerificationError("Verification fields can only change through a decision.")
    changed = [f for f, v in changes.items() if getattr(locked, f) != v]
    for field in changed:
        setattr(locked, field, changes[field])
    if changed:
        # A verifier deciding on the copy they loaded must see that it changed.
        locked.version += 1
    locked.full_clean()
    locked.save()
    refresh_standing(locked)
    touched_facts = [f for f in changed if f in locked.verified_facts]
    if locked.verification_status == S.VERIFIED and touched_facts:
        names = ", ".join(f.replace("_", " ") for f in touched_facts)
        _transition(locked, to=S.NEEDS_REVIEW, actor=actor, note=f"Verified facts edited: {names}.")
    locked.refresh_from_db()
    record.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked
