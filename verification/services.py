"""The verification rules of domain.md, in one place.

Every status change of a license or credential goes through `_transition`:
it locks the row, checks the move is legal (and, when the caller says which
version it saw, that nobody decided first), writes the new state and appends a
`VerificationEvent`. An illegal move raises `IllegalTransition` with a
sentence a person can act on.
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.email import RETRY_DELAYS
from practitioners.models import Practitioner

from . import notifications
from .kinds import RECORD_MODELS, Record
from .models import (
    ExpiryReminder,
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
    )
    # Keep the caller's object in step with the database.
    record.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return TransitionResult(record=locked, event=event)


def refresh_standing(record: Record) -> None:
    """Keep the practitioner's stored `verified_until` in step with their licenses."""
    if record.counts_for_badge:
        refresh_verified_until(Practitioner.objects.filter(pk=record.practitioner_id))


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
            f"This {record.record_kind} expired on {record.expires_on:%B %-d, %Y}; "
            "it cannot be verified until it is renewed."
        )
    recheck_on = recheck_on or default_recheck_date(record, today=today)
    if recheck_on < today:
        raise VerificationError("The re-check date cannot be in the past.")
    return _decided(
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


# The daily sweep (manage.py sweep_verifications)

REMINDER_DAYS = (60, 30, 7)
# A record past its expiry date leaves these states for `expired`.
EXPIRABLE = (S.PENDING, S.VERIFIED, S.NEEDS_REVIEW)
# Records whose owner is reminded before expiry: the ones we have vouched for.
REMINDED = (S.VERIFIED, S.NEEDS_REVIEW)


def reminder_due(days_left: int) -> int | None:
    """Return the most urgent reminder (7, 30 or 60 days) reached with `days_left` to go.

    Only the most urgent one: a record first seen 20 days before expiry gets the
    30-day reminder, not the 60-day one as well.
    """
    for days in sorted(REMINDER_DAYS):
        if 0 <= days_left <= days:
            return days
    return None


@dataclass
class SweepReport:
    today: datetime.date
    dry_run: bool
    expired: list[Record] = dataclasses.field(default_factory=list)
    rechecks: list[Record] = dataclasses.field(default_factory=list)
    reminders: list[tuple[Record, int]] = dataclasses.field(default_factory=list)
    no_recipient: list[tuple[Record, int]] = dataclasses.field(default_factory=list)
    skipped: list[tuple[Record, str]] = dataclasses.field(default_factory=list)
    badges_dropped: list[Practitioner] = dataclasses.field(default_factory=list)
    requeued: list[ExpiryReminder] = dataclasses.field(default_factory=list)

    def reminders_by_days(self) -> dict[int, int]:
        counts = dict.fromkeys(sorted(REMINDER_DAYS, reverse=True), 0)
        for _record, days in self.reminders:
            counts[days] += 1
        return counts


def _candidates(queryset) -> list[Record]:
    return list(queryset.select_related("practitioner__owner").order_by("pk"))


def run_sweep(*, dry_run: bool = False, log: Callable[[str], None] | None = None) -> SweepReport:
    """Expire lapsed records, send due re-checks to review, remind owners before expiry.

    Safe to run twice: expired and re-checked records have left the states the
    sweep looks at, and each reminder is recorded (unique per record, threshold
    and expiry date) with its queued email; one still unsent long after is
    queued again, and its task sends it at most once.
    """
    today = timezone.localdate()
    report = SweepReport(today=today, dry_run=dry_run)
    log = log or (lambda message: None)

    expiring = [
        r
        for model in RECORD_MODELS.values()
        for r in _candidates(
            model.objects.filter(verification_status__in=EXPIRABLE).past_expiry(today)
        )
    ]
    rechecking = [
        r
        for model in RECORD_MODELS.values()
        for r in _candidates(
            model.objects.recheck_due(today).exclude(expires_on__lt=today)  # expiry wins
        )
    ]
    report.badges_dropped = _badges_dropped_by(expiring + rechecking, today)

    for record in expiring:
        if dry_run:
            report.expired.append(record)
            continue
        try:
            expire(record, expected_version=record.version)
        except VerificationError as exc:
            report.skipped.append((record, str(exc)))
        else:
            report.expired.append(record)
            log(f"expired: {_name(record)} (expiry date {record.expires_on:%Y-%m-%d})")

    for record in rechecking:
        if dry_run:
            report.rechecks.append(record)
            continue
        try:
            mark_needs_review(
                record,
                note=f"Re-check date {record.next_recheck_on:%Y-%m-%d} reached.",
                expected_version=record.version,
            )
        except VerificationError as exc:
            report.skipped.append((record, str(exc)))
        else:
            report.rechecks.append(record)
            log(f"needs review: {_name(record)} (re-check date {record.next_recheck_on:%Y-%m-%d})")

    _send_reminders(report, today=today, dry_run=dry_run, log=log)
    return report


def _name(record: Record) -> str:
    return f"{record.practitioner.full_name}, {notifications.describe(record)} [{record.record_kind} {record.pk}]"


def _badges_dropped_by(records: Iterable[Record], today: datetime.date) -> list[Practitioner]:
    """Practitioners verified now who hold no good license outside `records`."""
    badge_records = [r for r in records if r.counts_for_badge]
    if not badge_records:
        return []
    leaving = [r.pk for r in badge_records]
    touched = {r.practitioner_id for r in badge_records}
    verified_now = Practitioner.objects.filter(pk__in=touched).verified(today)
    still = (
        License.objects.in_good_standing(today)
        .filter(practitioner__in=touched)
        .exclude(pk__in=leaving)
        .values("practitioner_id")
    )
    return list(verified_now.exclude(pk__in=still).order_by("last_name", "first_name"))


def _send_reminders(report: SweepReport, *, today, dry_run: bool, log) -> None:
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    for model in RECORD_MODELS.values():
        records = _candidates(
            model.objects.filter(
                verification_status__in=REMINDED, expires_on__gte=today, expires_on__lte=horizon
            )
        )
        field_name = model.event_field
        recorded = set(
            ExpiryReminder.objects.filter(**{f"{field_name}__in": records}).values_list(
                f"{field_name}_id", "days_before", "expires_on"
            )
        )
        for record in records:
            days = reminder_due((record.expires_on - today).days)
            if days is None or (record.pk, days, record.expires_on) in recorded:
                continue
            to = notifications.recipient_for(record.practitioner)
            if to is None:
                report.no_recipient.append((record, days))
                continue
            if dry_run:
                report.reminders.append((record, days))
                continue
            try:
                with transaction.atomic():
                    reminder = ExpiryReminder.objects.create(
                        **{field_name: record},
                        days_before=days,
                        expires_on=record.expires_on,
                        recipient=to,
                    )
                    notifications.notify_expiry_reminder(reminder)
            except IntegrityError:
                # A sweep running at the same moment recorded it first.
                continue
            report.reminders.append((record, days))
            log(f"reminded ({days} days): {_name(record)} → {to}")
    if not dry_run:
        _requeue_unsent_reminders(report, today=today, log=log)


# A reminder still unsent this long after it was queued has outlived its task's
# retries (core/email.py): queue it again while its expiry date is ahead.
REQUEUE_UNSENT_AFTER = sum(RETRY_DELAYS, datetime.timedelta(hours=1))


def _requeue_unsent_reminders(report: SweepReport, *, today, log) -> None:
    stale = ExpiryReminder.objects.filter(
        sent_at__isnull=True,
        queued_at__lt=timezone.now() - REQUEUE_UNSENT_AFTER,
        expires_on__gte=today,
    ).exclude(recipient="")
    for reminder in stale.order_by("pk"):
        with transaction.atomic():
            reminder.queued_at = timezone.now()
            reminder.save(update_fields=["queued_at"])
            notifications.notify_expiry_reminder(reminder)
        report.requeued.append(reminder)
        log(f"re-queued unsent reminder: {reminder}")
