"""Requests to take over an unclaimed profile."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import acting_user
from practitioners.models import Practitioner


class ClaimRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ClaimRequest.Status.PENDING)


class ClaimRequest(models.Model):
    """An account asking to take over an unclaimed profile (seeded or imported).

    It completes on its own when the account's verified email is the profile's
    email; otherwise staff approve or reject it at /staff/claims/.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for staff"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="claim_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claim_requests"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(
        blank=True,
        max_length=2000,
        help_text="What the claimant told staff to show the profile is theirs.",
    )
    matched_email = models.BooleanField(
        default=False, help_text="Approved automatically: verified email matched the profile's."
    )
    npi = models.CharField(
        "NPI", max_length=10, blank=True, help_text="The NPI the claimant entered, if any."
    )
    evidence = models.TextField(
        blank=True, help_text="What the NPI registry says, for staff: name match and address."
    )
    decided_by = acting_user()
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, help_text="Shown to the claimant.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ClaimRequestQuerySet.as_manager()

    class Meta:
        # Created by the practitioners app; kept when the model moved here.
        db_table = "practitioners_claimrequest"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected", "withdrawn"]),
                name="claim_status_valid",
            ),
            # One open claim per account (so also per account and profile): an
            # account can never be handed two profiles.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="claim_one_pending_per_user",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="claim_decided_iff_not_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="claim_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(matched_email=True) | Q(status="approved"),
                name="claim_email_match_is_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.practitioner} ({self.status})"
