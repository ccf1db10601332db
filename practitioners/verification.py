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

from .models import (
    Credential,
    License,
    PrimarySource,
    VerificationEvent,
    VerificationStatus,
)

S = VerificationStatus
Record = License | Credential

# from-status -> the statuses it may move to
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.UNVERIFIED: frozenset({S.PENDING}),
    S.PENDING: frozenset({S.VERIFIED, S.REJECTED, S.UNVERIFIED, S.EXPIRED}),
    S.VERIFIED: frozenset({S.NEEDS_REVIEW, S.EXPIRED}),
    S.REJECTED: frozenset({S.PENDING}),
    S.EXPIRED: frozenset({S.PENDING}),
    S.NEEDS_REVIEW: frozenset({S.VERIFIED, S.REJECTED, S.UNVERIFIED, S.EXPIRED}),
}

# Editing any of these on a verified license sends it back to a verifier.
LICENSE_VERIFIED_FACTS = ("number", "state", "expires_on")
CREDENTIAL_VERIFIED_FACTS = ("kind", "identifier", "issuer", "expires_on")
DEFAULT_RECHECK_DAYS = 365


class VerificationError(Exception):
    """A verification action that cannot be done; the message says why."""


class IllegalTransition(VerificationError):
    pass


class StaleRecord(VerificationError):
    """Someone else changed the record since the caller loaded it."""


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
) -> TransitionResult:
    locked = _lock(record)
    if expected_version is not None and locked.version != expected_version:
        raise StaleRecord(
            f"This {locked.kind_label} was changed by someone else (it is now "
            f"{_label(locked.verification_status)}). Reload it before deciding."
        )
    current = locked.verification_status
    if to not in ALLOWED_TRANSITIONS[current]:
        raise IllegalTransition(
            f"A {locked.kind_label} that is {_label(current)} cannot become {_label(to)}."
        )
    for field, value in (changes or {}).items():
        setattr(locked, field, value)
    locked.verification_status = to
    locked.version += 1
    locked.full_clean()
    locked.save()
    event = VerificationEvent.objects.create(
        practitioner_id=locked.practitioner_id,
        license=locked if isinstance(locked, License) else None,
        credential=locked if isinstance(locked, Credential) else None,
        actor=actor,
        from_status=current,
        to_status=to,
        note=note,
    )
    # Keep the caller's object in step with the database.
    record.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return TransitionResult(record=locked, event=event)


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


@transaction.atomic
def verify(
    record: Record,
    *,
    actor,
    primary_source: str,
    reference: str = "",
    recheck_on: datetime.date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> TransitionResult:
    """Mark a record verified against a primary source."""
    if primary_source not in PrimarySource.values:
        raise VerificationError("Choose the primary source the record was checked against.")
    today = timezone.localdate()
    if record.expires_on and record.expires_on < today:
        raise IllegalTransition(
            f"This {record.kind_label} expired on {record.expires_on:%B %-d, %Y}; "
            "it cannot be verified until it is renewed."
        )
    recheck_on = recheck_on or default_recheck_date(record, today=today)
    if recheck_on < today:
        raise VerificationError("The re-check date cannot be in the past.")
    return _transition(
        record,
        to=S.VERIFIED,
        actor=actor,
        note=note or f"Verified against {PrimarySource(primary_source).label}.",
        expected_version=expected_version,
        changes={
            "verified_by": actor,
            "verified_at": timezone.now(),
            "primary_source": primary_source,
            "primary_source_reference": reference,
            "next_recheck_on": recheck_on,
            "rejection_reason": "",
        },
    )


@transaction.atomic
def reject(
    record: Record, *, actor, reason: str, expected_version: int | None = None
) -> TransitionResult:
    """Reject a record; the reason is shown to the practitioner."""
    reason = (reason or "").strip()
    if not reason:
        raise VerificationError("Give a reason: the practitioner sees it and needs to act on it.")
    return _transition(
        record,
        to=S.REJECTED,
        actor=actor,
        note=reason,
        expected_version=expected_version,
        changes={"rejection_reason": reason},
    )


@transaction.atomic
def request_changes(
    record: Record, *, actor, note: str, expected_version: int | None = None
) -> TransitionResult:
    """Send a record back to the practitioner to correct and resubmit."""
    note = (note or "").strip()
    if not note:
        raise VerificationError("Say what the practitioner needs to change.")
    return _transition(
        record,
        to=S.UNVERIFIED,
        actor=actor,
        note=note,
        expected_version=expected_version,
        changes={"rejection_reason": ""},
    )


@transaction.atomic
def mark_needs_review(record: Record, *, actor=None, note: str) -> TransitionResult:
    """Drop a verified record back to a verifier (edited facts, re-check date reached)."""
    return _transition(record, to=S.NEEDS_REVIEW, actor=actor, note=note)


@transaction.atomic
def expire(record: Record, *, actor=None, note: str = "") -> TransitionResult:
    """Mark a record whose expiry date has passed as expired."""
    today = timezone.localdate()
    if not record.expires_on or record.expires_on >= today:
        raise IllegalTransition(f"This {record.kind_label} has not reached its expiry date.")
    return _transition(
        record,
        to=S.EXPIRED,
        actor=actor,
        note=note or f"Expiry date {record.expires_on:%Y-%m-%d} passed.",
    )


@transaction.atomic
def update_record_facts(record: Record, *, actor, **changes) -> Record:
    """Edit a license or credential; edited verified facts send it to needs_review."""
    locked = _lock(record)
    watched = LICENSE_VERIFIED_FACTS if isinstance(locked, License) else CREDENTIAL_VERIFIED_FACTS
    forbidden = {"verification_status", "verified_by", "verified_at", "primary_source",
                 "next_recheck_on", "version", "practitioner", "practitioner_id"}  # fmt: skip
    if forbidden & changes.keys():
        raise VerificationError("Verification fields can only change through a decision.")
    changed = [f for f, v in changes.items() if getattr(locked, f) != v]
    for field in changed:
        setattr(locked, field, changes[field])
    locked.full_clean()
    locked.save()
    touched_facts = [f for f in changed if f in watched]
    if locked.verification_status == S.VERIFIED and touched_facts:
        names = ", ".join(f.replace("_", " ") for f in touched_facts)
        _transition(locked, to=S.NEEDS_REVIEW, actor=actor, note=f"Verified facts edited: {names}.")
    locked.refresh_from_db()
    record.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked
