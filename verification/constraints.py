"""Database checks shared by the verification models."""

from django.db import models
from django.db.models import Q

from core.models import unless_null

from .choices import VerificationStatus


def verifiable_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(verification_status__in=VerificationStatus.values),
            name=f"{prefix}_status_valid",
        ),
        models.CheckConstraint(
            condition=~Q(verification_status=VerificationStatus.VERIFIED)
            | (Q(verified_at__isnull=False) & ~Q(primary_source="")),
            name=f"{prefix}_verified_has_source_and_time",
        ),
        models.CheckConstraint(
            condition=~Q(verification_status=VerificationStatus.REJECTED) | ~Q(rejection_reason=""),
            name=f"{prefix}_rejected_has_reason",
        ),
        models.CheckConstraint(
            condition=~Q(verification_status=VerificationStatus.PENDING) | ~Q(proof_document=""),
            name=f"{prefix}_pending_has_proof",
        ),
        models.CheckConstraint(
            condition=unless_null(
                "expires_on", "issued_on", then=Q(expires_on__gte=models.F("issued_on"))
            ),
            name=f"{prefix}_expires_after_issue",
        ),
    ]


def one_record_check(name: str) -> models.CheckConstraint:
    """Return a check that a row points at a license or a credential, never both or neither."""
    return models.CheckConstraint(
        condition=(Q(license__isnull=False) & Q(credential__isnull=True))
        | (Q(license__isnull=True) & Q(credential__isnull=False)),
        name=name,
    )
