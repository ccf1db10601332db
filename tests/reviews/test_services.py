"""The review services: who may write, moderation, reports, replies, and the stored rating."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from practitioners.models import Condition, Practitioner
from reviews import services
from reviews.models import ModerationEvent, Review, ReviewReport
from tests.factories import (
    PatientFactory,
    PractitionerFactory,
    ReviewFactory,
    ReviewReportFactory,
)

pytestmark = pytest.mark.django_db

Action = ModerationEvent.Action


def aggregates(practitioner) -> tuple[int, Decimal | None]:
    practitioner.refresh_from_db(fields=["review_count", "rating_average"])
    return practitioner.review_count, practitioner.rating_average


def published_review(practitioner, rating: int, **fields) -> Review:
    review = ReviewFactory(
        practitioner=practitioner, rating_overall=rating, status=Review.Status.PENDING, **fields
    )
    return review


def publish(review, moderator) -> Review:
    return services.publish_review(review=review, moderator=moderator)


# Submitting and editing


def test_a_new_review_waits_for_moderation_and_is_logged(patient, practitioner, review_fields):
    migraine = Condition.objects.get(slug="migraine")
    submission = services.submit_review(
        author=patient,
        practitioner=practitioner,
        rating_pain_relief=5,
        condition=migraine,
        sessions=6,
        **review_fields,
    )
    review = submission.review
    assert submission.outcome == "created"
    assert review.status == Review.Status.PENDING
    assert (review.rating_overall, review.rating_pain_relief, review.rating_listening) == (
        4,
        5,
        None,
    )
    assert review.condition == migraine and review.sessions == 6
    assert aggregates(practitioner) == (0, None)
    event = review.events.get()
    assert (event.action, event.actor, event.to_status) == (Action.SUBMITTED, patient, "pending")


def test_text_is_stored_as_typed_apart_from_surrounding_whitespace(
    patient, practitioner, review_fields
):
    review_fields["body"] = "  <b>Not bold</b>\n\nSecond paragraph.  "
    review = services.submit_review(
        author=patient, practitioner=practitioner, **review_fields
    ).review
    assert review.body == "<b>Not bold</b>\n\nSecond paragraph."


def test_editing_a_published_review_sends_it_back_to_moderation_and_updates_the_rating(
    patient, practitioner, moderator, review_fields
):
    review = services.submit_review(
        author=patient, practitioner=practitioner, **review_fields
    ).review
    publish(review, moderator)
    assert aggregates(practitioner) == (1, Decimal("4.00"))

    review_fields["rating_overall"] = 2
    submission = services.submit_review(author=patient, practitioner=practitioner, **review_fields)

    assert submission.outcome == "edited"
    assert submission.review.pk == review.pk
    assert submission.review.status == Review.Status.PENDING
    assert submission.review.rating_overall == 2
    assert aggregates(practitioner) == (0, None)
    edit = review.events.filter(action=Action.EDITED).get()
    assert (edit.from_status, edit.to_status) == ("published", "pending")


def test_editing_a_rejected_review_resubmits_it_without_the_old_reason(
    patient, practitioner, moderator, review_fields
):
    review = services.submit_review(
        author=patient, practitioner=practitioner, **review_fields
    ).review
    services.reject_review(review=review, moderator=moderator, reason="Names another patient.")
    review_fields["body"] = "Rewritten without anyone's name, about my own sessions only."
    edited = services.submit_review(
        author=patient, practitioner=practitioner, **review_fields
    ).review
    assert edited.status == Review.Status.PENDING and edited.moderation_reason == ""


def test_submitting_the_same_text_again_changes_nothing(patient, practitioner, review_fields):
    first = services.submit_review(author=patient, practitioner=practitioner, **review_fields)
    again = services.submit_review(author=patient, practitioner=practitioner, **review_fields)
    assert again.outcome == "unchanged"
    assert again.review.version == first.review.version
    assert ModerationEvent.objects.count() == 1


def test_one_review_per_patient_per_practitioner_is_enforced_by_the_database(
    patient, practitioner, review_fields
):
    services.submit_review(author=patient, practitioner=practitioner, **review_fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(author=patient, practitioner=practitioner, **review_fields)
    # The service edits instead of duplicating.
    services.submit_review(
        author=patient, practitioner=practitioner, **review_fields | {"rating_overall": 5}
    )
    assert Review.objects.filter(author=patient, practitioner=practitioner).count() == 1


def test_a_practitioner_cannot_review_their_own_profile(owner, practitioner, review_fields):
    with pytest.raises(services.ReviewNotAllowed, match="cannot review themselves"):
        services.submit_review(author=owner, practitioner=practitioner, **review_fields)
    assert not Review.objects.exists()


def test_an_unverified_email_cannot_review(unverified, practitioner, review_fields):
    with pytest.raises(services.ReviewNotAllowed, match="Verify your email"):
        services.submit_review(author=unverified, practitioner=practitioner, **review_fields)


def test_only_published_profiles_can_be_reviewed(patient, review_fields):
    draft = PractitionerFactory(publication_status=Practitioner.Publication.DRAFT)
    with pytest.raises(services.ReviewNotAllowed, match="not published"):
        services.submit_review(author=patient, practitioner=draft, **review_fields)


def test_eligibility_explains_each_refusal(patient, unverified, owner, practitioner):
    from django.contrib.auth.models import AnonymousUser

    assert services.review_eligibility(patient, practitioner).allowed
    assert services.review_eligibility(AnonymousUser(), practitioner).code == "anonymous"
    assert services.review_eligibility(unverified, practitioner).code == "unverified"
    assert services.review_eligibility(owner, practitioner).code == "owner"


# Moderation and the stored rating


def test_publishing_updates_the_rating_from_published_reviews_only(practitioner, moderator):
    a = published_review(practitioner, 5)
    b = published_review(practitioner, 4)
    published_review(practitioner, 1)  # stays pending
    publish(a, moderator)
    assert aggregates(practitioner) == (1, Decimal("5.00"))
    publish(b, moderator)
    assert aggregates(practitioner) == (2, Decimal("4.50"))


def test_the_average_is_rounded_half_up_to_two_places(practitioner, moderator):
    for rating in (5, 4, 4):
        publish(published_review(practitioner, rating), moderator)
    assert aggregates(practitioner) == (3, Decimal("4.33"))
    publish(published_review(practitioner, 4), moderator)
    publish(published_review(practitioner, 4), moderator)
    publish(published_review(practitioner, 4), moderator)
    assert aggregates(practitioner) == (6, Decimal("4.17"))


def test_publishing_records_who_and_when(practitioner, moderator):
    review = published_review(practitioner, 5)
    publish(review, moderator)
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
    assert review.moderated_by == moderator and review.moderated_at is not None
    event = review.events.get(action=Action.PUBLISHED)
    assert (event.actor, event.from_status, event.to_status) == (moderator, "pending", "published")


def test_rejecting_needs_a_reason_and_keeps_the_rating(practitioner, moderator):
    publish(published_review(practitioner, 5), moderator)
    review = published_review(practitioner, 1)
    with pytest.raises(services.ReviewError, match="reason"):
        services.reject_review(review=review, moderator=moderator, reason="   ")
    services.reject_review(review=review, moderator=moderator, reason="Advertises a product.")
    review.refresh_from_db()
    assert review.status == Review.Status.REJECTED
    assert review.moderation_reason == "Advertises a product."
    assert aggregates(practitioner) == (1, Decimal("5.00"))
    assert review.events.get(action=Action.REJECTED).note == "Advertises a product."


def test_unpublishing_a_published_review_updates_the_rating(practitioner, moderator):
    keep = published_review(practitioner, 5)
    drop = published_review(practitioner, 1)
    publish(keep, moderator)
    publish(drop, moderator)
    assert aggregates(practitioner) == (2, Decimal("3.00"))
    services.reject_review(review=drop, moderator=moderator, reason="Not about this practitioner.")
    assert aggregates(practitioner) == (1, Decimal("5.00"))


def test_a_rejected_review_can_be_published_later(practitioner, moderator):
    review = published_review(practitioner, 3)
    services.reject_review(review=review, moderator=moderator, reason="Looked like spam.")
    publish(review, moderator)
    assert review.status == Review.Status.PUBLISHED and review.moderation_reason == ""
    assert aggregates(practitioner) == (1, Decimal("3.00"))


def test_publishing_a_review_whose_author_now_owns_the_profile_is_refused(practitioner, moderator):
    review = ReviewFactory(
        practitioner=practitioner, author=practitioner.owner, status=Review.Status.PENDING
    )
    with pytest.raises(services.ReviewError, match="now manages this profile"):
        services.publish_review(review=review, moderator=moderator)
    review.refresh_from_db()
    assert review.status == Review.Status.PENDING
    assert aggregates(practitioner) == (0, None)


def test_withdrawing_the_owners_reviews_leaves_the_others_and_recomputes_the_rating(
    practitioner, moderator
):
    publish(published_review(practitioner, 3), moderator)
    # Written before the account came to own the profile.
    own = ReviewFactory(practitioner=practitioner, author=practitioner.owner, rating_overall=5)
    other_pending = ReviewFactory(practitioner=practitioner, status=Review.Status.PENDING)
    services.recompute_rating_aggregates(practitioner_id=practitioner.pk)
    assert aggregates(practitioner) == (2, Decimal("4.00"))
    withdrawn = services.withdraw_owner_reviews(
        practitioner=practitioner, owner=practitioner.owner, actor=moderator
    )
    assert [r.pk for r in withdrawn] == [own.pk]
    own.refresh_from_db()
    assert own.status == Review.Status.WITHDRAWN and own.moderated_by == moderator
    assert "now manages this profile" in own.moderation_reason
    assert aggregates(practitioner) == (1, Decimal("3.00"))
    other_pending.refresh_from_db()
    assert other_pending.status == Review.Status.PENDING


def test_publishing_twice_is_refused(practitioner, moderator):
    review = published_review(practitioner, 3)
    publish(review, moderator)
    with pytest.raises(services.ReviewError, match="already published"):
        publish(review, moderator)
    assert review.events.filter(action=Action.PUBLISHED).count() == 1


def test_a_decision_on_a_stale_copy_is_refused(patient, practitioner, moderator, review_fields):
    review = services.submit_review(
        author=patient, practitioner=practitioner, **review_fields
    ).review
    seen = review.version
    services.submit_review(
        author=patient, practitioner=practitioner, **review_fields | {"title": "Changed my mind"}
    )
    with pytest.raises(services.StaleReview):
        services.publish_review(review=review, moderator=moderator, expected_version=seen)
    review.refresh_from_db()
    assert review.status == Review.Status.PENDING


def test_only_staff_can_moderate(practitioner, patient):
    review = published_review(practitioner, 5)
    with pytest.raises(PermissionDenied):
        services.publish_review(review=review, moderator=patient)
    with pytest.raises(PermissionDenied):
        services.reject_review(review=review, moderator=patient, reason="No.")


def test_recompute_repairs_aggregates_that_drifted(practitioner, moderator):
    publish(published_review(practitioner, 4), moderator)
    Practitioner.objects.filter(pk=practitioner.pk).update(
        review_count=7, rating_average=Decimal("1.00")
    )
    assert services.recompute_rating_aggregates(practitioner_id=practitioner.pk) == (
        1,
        Decimal("4.00"),
    )
    assert aggregates(practitioner) == (1, Decimal("4.00"))


def test_refreshing_many_stores_what_recomputing_each_stores():
    ratings = {
        "tie": [5, 4, 4, 4, 4, 4, 4, 4],  # 33 / 8 = 4.125: the half rounds up
        "thirds": [5, 5, 4],  # 4.666...
        "low": [1, 2],
        "one": [3],
        "unpublished only": [],
        "no reviews": [],
    }
    practitioners = {label: PractitionerFactory() for label in ratings}
    for label, stars in ratings.items():
        for rating in stars:
            ReviewFactory(practitioner=practitioners[label], rating_overall=rating)
    unpublished = {"status": Review.Status.REJECTED, "moderation_reason": "Off topic."}
    for fields in ({"status": Review.Status.PENDING}, unpublished):
        ReviewFactory(practitioner=practitioners["unpublished only"], **fields)
        ReviewFactory(practitioner=practitioners["tie"], rating_overall=1, **fields)
    untouched = PractitionerFactory()
    everyone = [*practitioners.values(), untouched]

    def drift():
        Practitioner.objects.filter(pk__in=[p.pk for p in everyone]).update(
            review_count=7, rating_average=Decimal("1.00")
        )

    drift()
    for practitioner in practitioners.values():
        services.recompute_rating_aggregates(practitioner_id=practitioner.pk)
    one_by_one = {label: aggregates(p) for label, p in practitioners.items()}
    drift()
    assert services.refresh_rating_aggregates(p.pk for p in practitioners.values()) == 6
    set_based = {label: aggregates(p) for label, p in practitioners.items()}

    assert (
        set_based
        == one_by_one
        == {
            "tie": (8, Decimal("4.13")),
            "thirds": (3, Decimal("4.67")),
            "low": (2, Decimal("1.50")),
            "one": (1, Decimal("3.00")),
            "unpublished only": (0, None),
            "no reviews": (0, None),
        }
    )
    assert aggregates(untouched) == (7, Decimal("1.00"))


# Reports


def test_a_signed_in_reader_reports_a_published_review(practitioner, moderator):
    review = ReviewFactory(practitioner=practitioner)
    reader = PatientFactory()
    report = services.report_review(
        review=review, reporter=reader, reason="personal-info", details=" Names a nurse. "
    )
    assert report.status == ReviewReport.Status.OPEN and report.details == "Names a nurse."
    event = review.events.get()
    assert (event.action, event.actor, event.report) == (Action.REPORTED, reader, report)
    assert "Names a nurse." in event.note


def test_reporting_twice_or_your_own_or_an_unpublished_review_is_refused(practitioner):
    review = ReviewFactory(practitioner=practitioner, author=PatientFactory())
    reader = PatientFactory()
    services.report_review(review=review, reporter=reader, reason="offensive")
    with pytest.raises(services.AlreadyReported):
        services.report_review(review=review, reporter=reader, reason="offensive")
    with pytest.raises(services.ReviewError, match="own review"):
        services.report_review(review=review, reporter=review.author, reason="offensive")
    pending = ReviewFactory(practitioner=practitioner, status=Review.Status.PENDING)
    with pytest.raises(services.ReviewError, match="Only published"):
        services.report_review(review=pending, reporter=reader, reason="offensive")


def test_something_else_needs_details(practitioner):
    review = ReviewFactory(practitioner=practitioner)
    with pytest.raises(ValidationError, match="Tell us what is wrong with the review."):
        services.report_review(review=review, reporter=PatientFactory(), reason="other")


def test_keeping_a_reported_review_closes_only_that_report(practitioner, moderator):
    review = ReviewFactory(practitioner=practitioner)
    first = ReviewReportFactory(review=review)
    second = ReviewReportFactory(review=review)
    services.resolve_report(
        report=first, moderator=moderator, decision="keep", note="Fair criticism."
    )
    first.refresh_from_db(), second.refresh_from_db(), review.refresh_from_db()
    assert (first.status, first.resolution, first.resolved_by) == ("resolved", "kept", moderator)
    assert second.status == "open"
    assert review.status == Review.Status.PUBLISHED
    assert review.events.get(action=Action.REPORT_KEPT).note == "Fair criticism."


def test_unpublishing_a_reported_review_closes_all_its_reports_and_updates_the_rating(
    practitioner, moderator
):
    kept = published_review(practitioner, 5)
    reported = published_review(practitioner, 1)
    publish(kept, moderator)
    publish(reported, moderator)
    first = ReviewReportFactory(review=reported)
    second = ReviewReportFactory(review=reported)
    with pytest.raises(services.ReviewError, match="reason"):
        services.resolve_report(report=first, moderator=moderator, decision="remove")
    services.resolve_report(
        report=first, moderator=moderator, decision="remove", note="Shares a phone number."
    )
    reported.refresh_from_db()
    assert reported.status == Review.Status.REJECTED
    assert reported.moderation_reason == "Shares a phone number."
    assert set(ReviewReport.objects.values_list("status", "resolution")) == {
        ("resolved", "removed")
    }
    assert aggregates(practitioner) == (1, Decimal("5.00"))
    actions = list(reported.events.values_list("action", flat=True))
    assert actions.count(Action.REPORT_REMOVED) == 2 and Action.REJECTED in actions
    with pytest.raises(services.ReviewError, match="already been resolved"):
        services.resolve_report(report=second, moderator=moderator, decision="keep")


def test_only_staff_resolve_reports(practitioner, patient):
    report = ReviewReportFactory(review=ReviewFactory(practitioner=practitioner))
    with pytest.raises(PermissionDenied):
        services.resolve_report(report=report, moderator=patient, decision="keep")


# Replies


def test_the_practitioner_replies_once_and_can_edit_and_remove_it(owner, practitioner):
    review = ReviewFactory(practitioner=practitioner)
    services.reply_to_review(review=review, user=owner, body="  Thank you for the kind words.  ")
    review.refresh_from_db()
    assert review.reply_body == "Thank you for the kind words." and review.replied_at
    services.reply_to_review(review=review, user=owner, body="Thank you!")
    review.refresh_from_db()
    assert review.reply_body == "Thank you!"
    services.remove_reply(review=review, user=owner)
    review.refresh_from_db()
    assert review.reply_body == "" and review.replied_at is None
    assert list(review.events.values_list("action", flat=True).order_by("id")) == [
        Action.REPLIED,
        Action.REPLY_EDITED,
        Action.REPLY_REMOVED,
    ]


def test_a_reply_does_not_send_the_review_back_to_moderation(owner, practitioner):
    review = ReviewFactory(practitioner=practitioner)
    version = review.version
    services.reply_to_review(review=review, user=owner, body="Thank you.")
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED and review.version == version


def test_only_the_owner_replies_and_only_to_published_reviews(owner, practitioner, patient):
    review = ReviewFactory(practitioner=practitioner)
    with pytest.raises(PermissionDenied):
        services.reply_to_review(review=review, user=patient, body="Hi")
    other = ReviewFactory()  # another practitioner's review
    with pytest.raises(PermissionDenied):
        services.reply_to_review(review=other, user=owner, body="Hi")
    pending = ReviewFactory(practitioner=practitioner, status=Review.Status.PENDING)
    with pytest.raises(services.ReviewError, match="once the review is published"):
        services.reply_to_review(review=pending, user=owner, body="Hi")


# The log


def test_moderation_events_are_append_only(practitioner, moderator):
    review = published_review(practitioner, 4)
    publish(review, moderator)
    event = review.events.get()
    event.note = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_report_events_must_name_their_report(practitioner):
    review = ReviewFactory(practitioner=practitioner)
    with pytest.raises(IntegrityError), transaction.atomic():
        ModerationEvent.objects.create(review=review, action=Action.REPORTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        ModerationEvent.objects.create(review=review, action=Action.REJECTED, note="")
