"""Verification statuses and primary sources: the vocabulary every verification module shares."""

from django.db import models


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    PENDING = "pending", "Pending review"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"
    EXPIRED = "expired", "Expired"
    NEEDS_REVIEW = "needs_review", "Needs review"


# For export: our states in FHIR VerificationResult status codes.
FHIR_VERIFICATION_STATUS = {
    VerificationStatus.UNVERIFIED: "attested",
    VerificationStatus.PENDING: "in-process",
    VerificationStatus.VERIFIED: "validated",
    VerificationStatus.REJECTED: "val-fail",
    VerificationStatus.EXPIRED: "reval-fail",
    VerificationStatus.NEEDS_REVIEW: "req-revalid",
}


class PrimarySource(models.TextChoices):
    STATE_BOARD_LOOKUP = "state-board-lookup", "State board license lookup"
    NCCAOM_REGISTRY = "nccaom-registry", "NCCAOM certification registry"
    BOARD_ROSTER = "board-roster", "State board roster file"
    ISSUER_LETTER = "issuer-letter", "Letter or certificate confirmed with the issuer"


# Sources only an import records, with the file and row it matched: never chosen by hand.
IMPORTED_SOURCES = frozenset({PrimarySource.BOARD_ROSTER})


class DeclaredSource(models.TextChoices):
    """Who said a record exists, before anyone verified it (self-reported either way)."""

    PRACTITIONER = "practitioner", "The practitioner"
    NPPES = "nppes", "The public NPI registry (NPPES), self-reported"
