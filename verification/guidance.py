"""Per record: its status in plain words and what the practitioner can do next."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from core.formats import long_date

from .models import VerificationStatus

S = VerificationStatus
EXPIRY_WARNING_DAYS = 60


# Per record: its status in plain words and what to do next


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
    kind = record.record_kind
    status = record.verification_status
    has_proof = bool(record.proof_document)
    note = expiry_note(record, today)
    expired_by_date = bool(record.expires_on and record.expires_on < today)
    renew = (
        f"When you renew, enter the new expiry date and upload the new {kind} as proof; "
        "we check it again."
    )
    if status == S.UNVERIFIED and not has_proof:
        return Guidance(
            "muted",
            "Not submitted",
            f"Upload a proof document (a scan or photo of the {kind}, or the issuer's lookup "
            "page saved as a PDF), then submit it for verification.",
            can_submit=False,
            can_edit=True,
            expiry_note=note,
        )
    if status == S.UNVERIFIED:
        return Guidance(
            "muted",
            "Not submitted",
            "Your proof is attached. Submit it for verification: a verifier checks it "
            "against the issuer's records.",
            can_submit=True,
            can_edit=True,
            expiry_note=note,
        )
    if status == S.PENDING:
        submitted = long_date(record.submitted_at)
        return Guidance(
            "warn",
            "Pending review",
            f"Submitted {submitted}. A verifier is checking it against the issuer's records; "
            "there's nothing for you to do. You can edit it again once they decide.",
            can_submit=False,
            can_edit=False,
            expiry_note=note,
        )
    if status == S.VERIFIED and expired_by_date:
        return Guidance(
            "bad",
            "Expired",
            f"The expiry date has passed, so this {kind} no longer counts. {renew}",
            can_submit=False,
            can_edit=True,
            expiry_note=note,
        )
    if status == S.VERIFIED:
        checked = f"Verified {long_date(record.verified_at)}"
        if record.primary_source:
            checked += f" against the {record.get_primary_source_display().lower()}"
        next_step = f"{checked}. Nothing to do now."
        if record.expires_on and (record.expires_on - today).days <= EXPIRY_WARNING_DAYS:
            next_step = f"{checked}. It expires soon. {renew}"
        return Guidance("ok", "Verified", next_step, False, True, note)
    if status == S.REJECTED:
        return Guidance(
            "bad",
            "Rejected",
            "Correct the details or upload a clearer proof document, then submit it again.",
            can_submit=has_proof,
            can_edit=True,
            expiry_note=note,
        )
    if status == S.EXPIRED:
        return Guidance(
            "bad",
            "Expired",
            f"It expired on {long_date(record.expires_on)}, so it no longer counts. Once renewed, "
            "enter the new expiry date, upload the new proof and submit it again.",
            can_submit=has_proof and not expired_by_date,
            can_edit=True,
            expiry_note=note,
        )
    # needs_review
    return Guidance(
        "warn",
        "Needs review",
        "A verified detail changed, or its regular re-check is due. A verifier will check it "
        "again; until then it doesn't count as verified.",
        can_submit=False,
        can_edit=True,
        expiry_note=note,
    )


def with_guidance(records, *, today: datetime.date | None = None) -> list:
    today = today or timezone.localdate()
    for record in records:
        record.guidance = record_guidance(record, today=today)
    return list(records)
