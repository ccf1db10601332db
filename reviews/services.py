"""Every change to a review, in one place.

Each service locks the practitioner's row first (then the review or report),
so that changes to one profile's reviews run one at a time and the stored
`review_count` / `rating_average` are recomputed from the published reviews
inside the same transaction: they can never disagree with the reviews. Every
step is appended to the `ModerationEvent` log.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from practitioners.models import Condition, Practitioner

from .aggregates import refresh_rating_aggregates
from .models import ModerationEvent, Review, ReviewReport

Status = Review.Status
Action = ModerationEvent.Action


class ReviewError(Exception):
    """A review action that cannot be done; the message says why, for a person."""


class ReviewNotAllowed(ReviewError):
    """This account may not review this practitioner (see `review_eligibility`)."""


class StaleReview(ReviewError):
    """The review changed since the moderator loaded it."""


class AlreadyReported(ReviewError):
    pass


# Who may write a review


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    code: str = ""  # "anonymous", "unverified", "owner" or "unpublished" when refused
    message: str = ""


def has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def review_eligibility(user, practitioner: Practitioner) -> Eligibility:
    """Say whether `user` may write (or edit) a review of `practitioner`, and why not."""
    if user is None or not user.is_authenticated:
        return Eligibility(False, "anonymous", "Log in to write a review.")
    if not practitioner.is_published:
        return Eligibility(False, "unpublished", "This profile is not published.")
    if practitioner.owner_id == user.pk:
        return Eligibility(
            False,
            "owner",
            "This is your own profile: practitioners cannot review themselves. "
            "You can reply to your reviews from your dashboard.",
        )
    if not has_verified_email(user):
        return Eligibility(
            False,
            "unverified",
            "Verify your email address before writing a review: it keeps reviews to "
            "real people, one review each.",
        )
    return Eligibility(True)


def _lock_practitioner(practitioner_id: int) -> Practitioner:
    return Practitioner.objects.select_for_update().get(pk=practitioner_id)


@transaction.atomic
def recompute_rating_aggregates(*, practitioner_id: int) -> tuple[int, Decimal | None]:
    """Bring a practitioner's stored review count and average in line with its reviews."""
    _lock_practitioner(practitioner_id)
    refresh_rating_aggregates([practitioner_id])
    return (
        Practitioner.objects.filter(pk=practitioner_id)
        .values_list("review_count", "rating_average")
        .get()
    )


def _record(
    review: Review,
    *,
    action: str,
    actor,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    report: ReviewReport | None = None,
) -> ModerationEvent:
    event = ModerationEvent(
        review=review,
        report=report,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
    event.full_clean()
    event.save()
    return event


def _sync(target: Review | ReviewReport, fresh: Review | ReviewReport) -> None:
    # Keep the caller's object in step with the database.
    target.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})


# Writing a review


@dataclass(frozen=True)
class Submission:
    review: Review
    outcome: Literal["created", "edited", "unchanged"]


def _existing_review(*, practitioner_id: int, author) -> Review | None:
    return (
        Review.objects.select_for_update()
        .filter(practitioner_id=practitioner_id, author=author)
        .first()
    )


@transaction.atomic
def submit_review(
    *,
    author,
    practitioner: Practitioner,
    rating_overall: int,
    title: str,
    body: str,
    display_name: str,
    rating_pain_relief: int | None = None,
    rating_listening: int | None = None,
    rating_hygiene_safety: int | None = None,
    rating_gentleness: int | None = None,
    condition: Condition | None = None,
    sessions: int | None = None,
) -> Submission:
    """Write the author's review of a practitioner, or edit it; either way it awaits moderation.

    Editing a published review takes it off the profile until a moderator reads
    it again, so the profile's aggregates are recomputed.
    """
    locked = _lock_practitioner(practitioner.pk)
    eligibility = review_eligibility(author, locked)
    if not eligibility.allowed:
        raise ReviewNotAllowed(eligibility.message)
    fields = {
        "rating_overall": rating_overall,
        "rating_pain_relief": rating_pain_relief,
        "rating_listening": rating_listening,
        "rating_hygiene_safety": rating_hygiene_safety,
        "rating_gentleness": rating_gentleness,
        "condition_id": condition.pk if condition else None,
        "sessions": sessions,
        "title": title.strip(),
        "body": body.strip(),
        "display_name": display_name.strip(),
    }
    review = _existing_review(practitioner_id=locked.pk, author=author)
    now = timezone.now()
    if review is None:
        review = Review(
            practitioner=locked, author=author, created_at=now, submitted_at=now, **fields
        )
        action, from_status, outcome = Action.SUBMITTED, "", "created"
    else:
        if all(getattr(review, name) == value for name, value in fields.items()):
            return Submission(review=review, outcome="unchanged")
        from_status = review.status
        for name, value in fields.items():
            setattr(review, name, value)
        review.status = Status.PENDING
        review.moderation_reason = ""
        review.submitted_at = now
        review.version += 1
        action, outcome = Action.EDITED, "edited"
    review.full_clean()
    review.save()
    _record(review, action=action, actor=author, from_status=from_status, to_status=Status.PENDING)
    if from_status == Status.PUBLISHED:
        refresh_rating_aggregates([locked.pk])
    return Submission(review=review, outcome=outcome)


# Moderation


def _require_moderator(user) -> None:
    if user is None or not (user.is_authenticated and user.is_active and user.is_staff):
        raise PermissionDenied("Only staff can moderate reviews.")


def _lock_review(review: Review, *, expected_version: int | None = None) -> Review:
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleReview(
            "The author changed this review after you opened it. Read the new text, then decide."
        )
    return locked


def _change_status(
    review: Review,
    *,
    to: str,
    moderator,
    action: str,
    note: str = "",
    report: ReviewReport | None = None,
) -> ModerationEvent:
    """Move a locked review to a new status and log it; the caller refreshes aggregates."""
    from_status = review.status
    review.status = to
    review.moderation_reason = note if to in (Status.REJECTED, Status.WITHDRAWN) else ""
    review.moderated_by = moderator
    review.moderated_at = timezone.now()
    review.version += 1
    review.full_clean()
    review.save()
    return _record(
        review,
        action=action,
        actor=moderator,
        from_status=from_status,
        to_status=to,
        note=note,
        report=report,
    )


@transaction.atomic
def publish_review(
    *, review: Review, moderator, expected_version: int | None = None, note: str = ""
) -> Review:
    """Publish a pending (or previously rejected) review and update the profile's rating."""
    _require_moderator(moderator)
    practitioner = _lock_practitioner(review.practitioner_id)
    locked = _lock_review(review, expected_version=expected_version)
    if locked.status == Status.PUBLISHED:
        raise ReviewError("This review is already published.")
    # The author may have claimed the profile since writing the review.
    if practitioner.owner_id == locked.author_id:
        raise ReviewError(
            "The author of this review now manages this profile, and practitioners cannot "
            "review themselves, so it cannot be published."
        )
    _change_status(
        locked, to=Status.PUBLISHED, moderator=moderator, action=Action.PUBLISHED, note=note
    )
    refresh_rating_aggregates([locked.practitioner_id])
    _sync(review, locked)
    return review


@transaction.atomic
def reject_review(
    *, review: Review, moderator, reason: str, expected_version: int | None = None
) -> Review:
    """Reject a pending review, or take a published one down, with a reason for the author."""
    _require_moderator(moderator)
    reason = reason.strip()
    if not reason:
        raise ReviewError("Give a reason: the author sees it.")
    _lock_practitioner(review.practitioner_id)
    locked = _lock_review(review, expected_version=expected_version)
    if locked.status == Status.REJECTED:
        raise ReviewError("This review is already rejected.")
    was_published = locked.status == Status.PUBLISHED
    _change_status(
        locked, to=Status.REJECTED, moderator=moderator, action=Action.REJECTED, note=reason
    )
    if was_published:
        refresh_rating_aggregates([locked.practitioner_id])
    _sync(review, locked)
    return review


# The author becomes the practitioner

WITHDRAWN_NOTE = "Withdrawn: the author now manages this profile."
# The reviews that could still reach (or are on) the profile.
LIVE_STATUSES = (Status.PENDING, Status.PUBLISHED)


def own_reviews(*, practitioner: Practitioner, user):
    """The reviews `user` wrote of `practitioner` that are published or awaiting moderation."""
    return Review.objects.filter(practitioner=practitioner, author=user, status__in=LIVE_STATUSES)


@transaction.atomic
def delete_own_review(*, review: Review, author) -> None:
    """Delete a review at its author's request (with its history); profile aggregates follow."""
    locked = _lock_practitioner(review.practitioner_id)
    review = Review.objects.select_for_update().get(pk=review.pk, author=author)
    review.delete()
    refresh_rating_aggregates([locked.pk])


@transaction.atomic
def withdraw_owner_reviews(*, practitioner: Practitioner, owner, actor=None) -> list[Review]:
    """Take the new owner's own reviews of the profile off it, and out of its rating."""
    _lock_practitioner(practitioner.pk)
    withdrawn = list(own_reviews(practitioner=practitioner, user=owner).select_for_update())
    for review in withdrawn:
        _change_status(
            review, to=Status.WITHDRAWN, moderator=actor, action=Action.WITHDRAWN,
            note=WITHDRAWN_NOTE,
        )  # fmt: skip
    if withdrawn:
        refresh_rating_aggregates([practitioner.pk])
    return withdrawn


# Reports


@transaction.atomic
def report_review(*, review: Review, reporter, reason: str, details: str = "") -> ReviewReport:
    """Flag a published review for a moderator to look at again."""
    if reporter is None or not reporter.is_authenticated:
        raise ReviewNotAllowed("Log in to report a review.")
    if not has_verified_email(reporter):
        raise ReviewNotAllowed("Verify your email address before reporting a review.")
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.status != Status.PUBLISHED:
        raise ReviewError("Only published reviews can be reported.")
    if locked.author_id == reporter.pk:
        raise ReviewError("This is your own review: edit it instead of reporting it.")
    if ReviewReport.objects.open().filter(review=locked, reporter=reporter).exists():
        raise AlreadyReported("You have already reported this review; a moderator will look at it.")
    report = ReviewReport(review=locked, reporter=reporter, reason=reason, details=details.strip())
    report.full_clean()
    report.save()
    note = report.get_reason_display()
    if report.details:
        note += f": {report.details}"
    _record(locked, action=Action.REPORTED, actor=reporter, note=note, report=report)
    return report


@transaction.atomic
def resolve_report(
    *,
    report: ReviewReport,
    moderator,
    decision: Literal["keep", "remove"],
    note: str = "",
) -> ReviewReport:
    """Close a report: keep the review, or unpublish it (which closes its other reports too)."""
    _require_moderator(moderator)
    if decision not in ("keep", "remove"):
        raise ReviewError("Choose whether to keep the review or unpublish it.")
    note = note.strip()
    if decision == "remove" and not note:
        raise ReviewError("Give a reason for unpublishing: the author sees it.")
    review = Review.objects.only("practitioner_id").get(pk=report.review_id)
    _lock_practitioner(review.practitioner_id)
    locked_report = ReviewReport.objects.select_for_update().get(pk=report.pk)
    if locked_report.status != ReviewReport.Status.OPEN:
        raise ReviewError("This report has already been resolved.")
    locked_review = _lock_review(review)
    now = timezone.now()
    if decision == "keep":
        to_close = [locked_report]
        resolution, action = ReviewReport.Resolution.KEPT, Action.REPORT_KEPT
    else:
        # Unpublishing answers every open report on the review at once.
        to_close = list(
            ReviewReport.objects.open().select_for_update().filter(review=locked_review)
        )
        resolution, action = ReviewReport.Resolution.REMOVED, Action.REPORT_REMOVED
        if locked_review.status != Status.REJECTED:
            was_published = locked_review.status == Status.PUBLISHED
            _change_status(
                locked_review,
                to=Status.REJECTED,
                moderator=moderator,
                action=Action.REJECTED,
                note=note,
                report=locked_report,
            )
            if was_published:
                refresh_rating_aggregates([locked_review.practitioner_id])
    for item in to_close:
        item.status = ReviewReport.Status.RESOLVED
        item.resolution = resolution
        item.resolution_note = note
        item.resolved_by = moderator
        item.resolved_at = now
        item.full_clean()
        item.save()
        _record(locked_review, action=action, actor=moderator, note=note, report=item)
    _sync(report, next(item for item in to_close if item.pk == report.pk))
    return report


# Replies


def _lock_for_reply(review: Review, user) -> Review:
    locked = Review.objects.select_for_update().select_related("practitioner").get(pk=review.pk)
    if user is None or not user.is_authenticated or locked.practitioner.owner_id != user.pk:
        raise PermissionDenied("Only the practitioner can reply to their reviews.")
    return locked


@transaction.atomic
def reply_to_review(*, review: Review, user, body: str) -> Review:
    """Post the practitioner's one public reply to a published review, or edit it."""
    locked = _lock_for_reply(review, user)
    if locked.status != Status.PUBLISHED:
        raise ReviewError("You can reply once the review is published.")
    body = body.strip()
    if not body:
        raise ReviewError("Write a reply, or remove it instead.")
    if body == locked.reply_body:
        return review
    action = Action.REPLY_EDITED if locked.reply_body else Action.REPLIED
    locked.reply_body = body
    locked.replied_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["reply_body", "replied_at", "updated_at"])
    _record(locked, action=action, actor=user, note=body)
    _sync(review, locked)
    return review


@transaction.atomic
def remove_reply(*, review: Review, user) -> Review:
    """Take the practitioner's reply down."""
    locked = _lock_for_reply(review, user)
    if not locked.reply_body:
        return review
    locked.reply_body = ""
    locked.replied_at = None
    locked.save(update_fields=["reply_body", "replied_at", "updated_at"])
    _record(locked, action=Action.REPLY_REMOVED, actor=user)
    _sync(review, locked)
    return review
