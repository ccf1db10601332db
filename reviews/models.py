from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]

# The rating dimensions that matter for acupuncture (domain.md), in display order.
RATING_DIMENSIONS = [
    ("rating_pain_relief", "Pain relief"),
    ("rating_listening", "Listening and explanation"),
    ("rating_hygiene_safety", "Hygiene and safety"),
    ("rating_gentleness", "Gentleness of technique"),
]


class ReviewQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Review.Status.PUBLISHED)

    def pending(self):
        return self.filter(status=Review.Status.PENDING)


class Review(models.Model):
    """A patient's review of a practitioner; public only once a moderator publishes it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending moderation"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"

    practitioner = models.ForeignKey(
        "practitioners.Practitioner", on_delete=models.CASCADE, related_name="reviews"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    display_name = models.CharField(
        max_length=60, help_text="Shown with the review; never your email address."
    )
    rating_overall = models.PositiveSmallIntegerField(
        "overall rating", validators=RATING_VALIDATORS
    )
    rating_pain_relief = models.PositiveSmallIntegerField(
        "pain relief", null=True, blank=True, validators=RATING_VALIDATORS
    )
    rating_listening = models.PositiveSmallIntegerField(
        "listening and explanation", null=True, blank=True, validators=RATING_VALIDATORS
    )
    rating_hygiene_safety = models.PositiveSmallIntegerField(
        "hygiene and safety", null=True, blank=True, validators=RATING_VALIDATORS
    )
    rating_gentleness = models.PositiveSmallIntegerField(
        "gentleness of technique", null=True, blank=True, validators=RATING_VALIDATORS
    )
    condition = models.ForeignKey(
        "practitioners.Condition",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
        verbose_name="condition treated",
    )
    sessions = models.PositiveSmallIntegerField(
        "number of sessions", null=True, blank=True, validators=[MaxValueValidator(500)]
    )
    title = models.CharField(max_length=120)
    body = models.TextField(max_length=5000, help_text="Plain text.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    moderation_reason = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    reply_body = models.TextField("practitioner reply", max_length=3000, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["practitioner", "status", "-created_at"], name="review_profile_idx"
            ),
            models.Index(fields=["status", "created_at"], name="review_queue_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "author"], name="review_one_per_author_per_practitioner"
            ),
            models.CheckConstraint(
                condition=Q(rating_overall__gte=1, rating_overall__lte=5),
                name="review_rating_overall_range",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True})
                    | Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
                    name=f"review_{field}_range",
                )
                for field, _ in RATING_DIMENSIONS
            ],
            models.CheckConstraint(
                condition=Q(status__in=["pending", "published", "rejected"]),
                name="review_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(moderation_reason=""),
                name="review_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(reply_body="") | Q(replied_at__isnull=False),
                name="review_reply_has_timestamp",
            ),
            models.CheckConstraint(
                condition=~Q(display_name=""), name="review_display_name_present"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.rating_overall}/5) for {self.practitioner_id}"
