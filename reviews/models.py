from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import AppendOnly, TimeStamped, acting_user, optional_reference, unless_null

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

    def awaiting_moderation(self):
        """Pending reviews, the longest-waiting first."""
        return self.pending().order_by("submitted_at", "id")

    def of_practitioner(self, practitioner):
        return self.filter(practitioner=practitioner)

    def written_by(self, user):
        """The reviews `user` wrote, the latest first, with their practitioner."""
        return self.filter(author=user).select_related("practitioner").order_by("-submitted_at")


class Review(TimeStamped):
    """A patient's review of a practitioner; public only once a moderator publishes it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending moderation"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        # The author came to manage the profile (a claim was approved): a
        # practitioner's review of themself never counts, by any path.
        WITHDRAWN = "withdrawn", "Withdrawn: the author now manages this profile"

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
    condition = optional_reference(
        "practitioners.Condition", related_name="reviews", verbose_name="condition treated"
    )
    sessions = models.PositiveSmallIntegerField(
        "number of sessions", null=True, blank=True, validators=[MaxValueValidator(500)]
    )
    title = models.CharField(max_length=120)
    body = models.TextField(max_length=5000, help_text="Plain text.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    moderation_reason = models.TextField(blank=True)
    moderated_by = acting_user()
    moderated_at = models.DateTimeField(null=True, blank=True)
    reply_body = models.TextField("practitioner reply", max_length=3000, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    # When the current text went to moderation (the first submission or the
    # latest edit): the queue is worked oldest first by this.
    submitted_at = models.DateTimeField(default=timezone.now)
    # Incremented by every edit and moderation decision: a decision made on a
    # stale copy (the author edited it meanwhile) is refused.
    version = models.PositiveIntegerField(default=0)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["practitioner", "status", "-created_at"], name="review_profile_idx"
            ),
            models.Index(fields=["status", "submitted_at"], name="review_queue_idx"),
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
                    condition=unless_null(
                        field, then=Q(**{f"{field}__gte": 1, f"{field}__lte": 5})
                    ),
                    name=f"review_{field}_range",
                )
                for field, _ in RATING_DIMENSIONS
            ],
            models.CheckConstraint(
                condition=Q(status__in=["pending", "published", "rejected", "withdrawn"]),
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

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def dimension_ratings(self) -> list[tuple[str, int | None]]:
        return [(label, getattr(self, field)) for field, label in RATING_DIMENSIONS]


class ReviewReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ReviewReport.Status.OPEN)

    def oldest_first(self):
        return self.order_by("created_at", "id")


class ReviewReport(models.Model):
    """A signed-in reader's report that a published review breaks the review policy."""

    class Reason(models.TextChoices):
        PERSONAL_INFORMATION = "personal-info", "It shares someone's personal information"
        OFFENSIVE = "offensive", "It is abusive, hateful or harassing"
        NOT_GENUINE = "not-genuine", "It is fake, or written with a conflict of interest"
        OUTCOME_CLAIM = "outcome-claim", "It gives medical advice or promises results"
        OFF_TOPIC = "off-topic", "It is not about an experience with this practitioner"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    class Resolution(models.TextChoices):
        KEPT = "kept", "Review kept"
        REMOVED = "removed", "Review unpublished"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    # Reports need an account: it lets us rate-limit them and trace abuse.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_reports"
    )
    reason = models.CharField(max_length=16, choices=Reason.choices)
    details = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True)
    resolution_note = models.TextField(blank=True)
    resolved_by = acting_user()
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReviewReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="review_report_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    reason__in=[
                        "personal-info",
                        "offensive",
                        "not-genuine",
                        "outcome-claim",
                        "off-topic",
                        "other",
                    ]
                ),
                name="review_report_reason_valid",
            ),
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(details=""),
                name="review_report_other_has_details",
                violation_error_message="Tell us what is wrong with the review.",
            ),
            models.CheckConstraint(
                condition=Q(status="open", resolution="", resolved_at__isnull=True)
                | Q(
                    status="resolved", resolution__in=["kept", "removed"], resolved_at__isnull=False
                ),
                name="review_report_resolution_matches_status",
            ),
            # One open report per reader per review: repeating it adds nothing.
            models.UniqueConstraint(
                fields=["review", "reporter"],
                condition=Q(status="open"),
                name="review_report_one_open_per_reporter",
            ),
        ]

    def __str__(self) -> str:
        return f"Report on review {self.review_id}: {self.get_reason_display()}"


class ModerationEvent(AppendOnly, models.Model):
    """One step in a review's life: submitted, edited, moderated, reported, replied. Append-only."""

    append_only_label = "Moderation events"

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        EDITED = "edited", "Edited by the author"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        REPORTED = "reported", "Reported"
        REPORT_KEPT = "report-kept", "Report resolved: review kept"
        REPORT_REMOVED = "report-removed", "Report resolved: review unpublished"
        REPLIED = "replied", "Practitioner replied"
        REPLY_EDITED = "reply-edited", "Practitioner edited the reply"
        REPLY_REMOVED = "reply-removed", "Practitioner removed the reply"
        WITHDRAWN = "withdrawn", "Withdrawn: the author now manages this profile"

    REPORT_ACTIONS = frozenset({Action.REPORTED, Action.REPORT_KEPT, Action.REPORT_REMOVED})

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="events")
    report = models.ForeignKey(
        ReviewReport, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    actor = acting_user()
    action = models.CharField(max_length=16, choices=Action.choices)
    from_status = models.CharField(max_length=10, choices=Review.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Review.Status.choices, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    action__in=[
                        "submitted",
                        "edited",
                        "published",
                        "rejected",
                        "reported",
                        "report-kept",
                        "report-removed",
                        "replied",
                        "reply-edited",
                        "reply-removed",
                        "withdrawn",
                    ]
                ),
                name="moderation_event_action_valid",
            ),
            models.CheckConstraint(
                condition=~Q(action__in=["reported", "report-kept", "report-removed"])
                | Q(report__isnull=False),
                name="moderation_event_report_action_has_report",
            ),
            models.CheckConstraint(
                condition=~Q(action="rejected") | ~Q(note=""),
                name="moderation_event_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Review {self.review_id}: {self.get_action_display()}"
