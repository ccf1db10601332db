"""Per record: its status in plain words and what the practitioner can do next."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from core.formats import long_date

from .models import VerificationStatus
from .services import ALLOWED_TRANSITIONS

S = VerificationStatus
EXPIRY_WARNING_DAYS = 60

# The badge of each status: its tone ("ok", "warn", "bad" or "muted": the colour) and label.
BADGES = {
    S.UNVERIFIED: ("muted", "Not submitted"),
    S.PENDING: ("warn", "Pending review"),
    S.VERIFIED: ("ok", "Verified"),
    S.REJECTED: ("bad", "Rejected"),
    S.EXPIRED: ("bad", "Expired"),
    S.NEEDS_REVIEW: ("warn", "Needs review"),
}


@dataclass(frozen=True)
class Guidance:
    tone: str  # "ok", "warn", "bad" or "muted": the badge colour
    label: str
    next_step: str
    can_submit: bool
    can_edit: bool
    expiry_note: str = ""


def expiry_note(record, today: datetime.date) -> str:
    if not record.expires_on:
        return "No expiry date."
    days = (record.expires_on - today).days
    if days < 0:
        return f"Expired {long_date(record.expires_on)}."
    if days == 0:
        return "Expires today."
    if days <= EXPIRY_WARNING_DAYS:
        return f"Expires {long_date(record.expires_on)}: in {days} day{'s' if days != 1 else ''}."
    return f"Expires {long_date(record.expires_on)}."


def record_guidance(record, *, today: datetime.date | None = None) -> Guidance:
    """Say plainly where a license or credential stands and what the practitioner does next."""
    today = today or timezone.localdate()
    status = record.verification_status
    expired_by_date = bool(record.expires_on and record.expires_on < today)
    # Past its expiry date a verified record no longer counts, before the sweep marks it.
    tone, label = BADGES[S.EXPIRED if status == S.VERIFIED and expired_by_date else status]
    # Submitting sends it to pending; an expired record only once its date is renewed.
    can_submit = (
        bool(record.proof_document)
        and S.PENDING in ALLOWED_TRANSITIONS[status]
        and not (status == S.EXPIRED and expired_by_date)
    )
    return Guidance(
        tone,
        label,
        _next_step(record, today, expired_by_date=expired_by_date),
        can_submit=can_submit,
        # Pending is the verifier's turn: the record is frozen until they decide.
        can_edit=status != S.PENDING,
        expiry_note=expiry_note(record, today),
    )


def _next_step(record, today: datetime.date, *, expired_by_date: bool) -> str:
    kind = record.record_kind
    status = record.verification_status
    renew = (
        f"When you renew, enter the new expiry date and upload the new {kind} as proof; "
        "we check it again."
    )
    if status == S.UNVERIFIED and not record.proof_document:
        return (
            f"Upload a proof document (a scan or photo of the {kind}, or the issuer's lookup "
            "page saved as a PDF), then submit it for verification."
        )
    if status == S.UNVERIFIED:
        return (
            "Your proof is attached. Submit it for verification: a verifier checks it "
            "against the issuer's records."
        )
    if status == S.PENDING:
        submitted = long_date(record.submitted_at)
        return (
            f"Submitted {submitted}. A verifier is checking it against the issuer's records; "
            "there's nothing for you to do. You can edit it again once they decide."
        )
    if status == S.VERIFIED and expired_by_date:
        return f"The expiry date has passed, so this {kind} no longer counts. {renew}"
    if status == S.VERIFIED:
        checked = f"Verified {long_date(record.verified_at)}"
        if record.primary_source:
            checked += f" against the {record.get_primary_source_display().lower()}"
        if record.expires_on and (record.expires_on - today).days <= EXPIRY_WARNING_DAYS:
            return f"{checked}. It expires soon. {renew}"
        return f"{checked}. Nothing to do now."
    if status == S.REJECTED:
        return "Correct the details or upload a clearer proof document, then submit it again."
    if status == S.EXPIRED:
        return (
            f"It expired on {long_date(record.expires_on)}, so it no longer counts. Once renewed, "
            "enter the new expiry date, upload the new proof and submit it again."
        )
    # needs_review
    return (
        "A verified detail changed, or its regular re-check is due. A verifier will check it "
        "again; until then it doesn't count as verified."
    )


def with_guidance(records, *, today: datetime.date | None = None) -> list:
    today = today or timezone.localdate()
    for record in records:
        record.guidance = record_guidance(record, today=today)
    return list(records)
