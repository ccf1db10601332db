"""Claiming a profile never leaves the new owner's own review on it, by either path."""

from decimal import Decimal

import pytest

from claims import services
from reviews import services as reviews
from reviews.models import ModerationEvent, Review
from tests.factories import AccountFactory, PractitionerFactory, ReviewFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _staff_without_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def moderator():
    return StaffFactory(email="moderator@example.org")


@pytest.fixture
def unclaimed():
    """An unclaimed profile rated 4, 5 and 5 by patients: 4.67."""
    practitioner = PractitionerFactory(
        owner=None, slug="rosa-imported", email="rosa@clinic.example.org"
    )
    for stars in (4, 5, 5):
        ReviewFactory(practitioner=practitioner, rating_overall=stars)
    reviews.recompute_rating_aggregates(practitioner_id=practitioner.pk)
    return practitioner


def write_and_publish(practitioner, author, moderator) -> Review:
    review = reviews.submit_review(
        author=author,
        practitioner=practitioner,
        rating_overall=5,
        title="Best in town",
        body="Wonderful practitioner, I recommend her to everyone I know.",
        display_name="A fan",
    ).review
    return reviews.publish_review(review=review, moderator=moderator)


def assert_no_self_review(practitioner, review, actor):
    practitioner.refresh_from_db()
    review.refresh_from_db()
    assert review.status == Review.Status.WITHDRAWN
    assert not Review.objects.published().filter(author=practitioner.owner).exists()
    assert (practitioner.review_count, practitioner.rating_average) == (3, Decimal("4.67"))
    event = review.events.first()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        ModerationEvent.Action.WITHDRAWN, "published", "withdrawn", actor,
    )  # fmt: skip
    assert "now manages this profile" in event.note


def test_staff_approving_a_claim_withdraws_the_claimants_own_published_review(unclaimed, moderator):
    claimant = AccountFactory(email="rosa.personal@example.org")
    review = write_and_publish(unclaimed, claimant, moderator)
    unclaimed.refresh_from_db()
    assert unclaimed.rating_average == Decimal("4.75")
    claim = services.request_claim(practitioner=unclaimed, user=claimant)
    services.approve_claim(claim=claim, actor=moderator)
    assert_no_self_review(unclaimed, review, moderator)


def test_a_claim_completed_by_matching_email_withdraws_the_claimants_own_review(
    unclaimed, moderator
):
    claimant = AccountFactory(email="rosa@clinic.example.org")
    review = write_and_publish(unclaimed, claimant, moderator)
    claim = services.request_claim(practitioner=unclaimed, user=claimant)
    assert claim.matched_email
    assert_no_self_review(unclaimed, review, None)


def test_a_pending_own_review_is_withdrawn_too_and_cannot_be_published_later(unclaimed, moderator):
    claimant = AccountFactory(email="rosa@clinic.example.org")
    review = ReviewFactory(practitioner=unclaimed, author=claimant, status=Review.Status.PENDING)
    services.request_claim(practitioner=unclaimed, user=claimant)
    review.refresh_from_db()
    assert review.status == Review.Status.WITHDRAWN
    with pytest.raises(reviews.ReviewError, match="now manages this profile"):
        reviews.publish_review(review=review, moderator=moderator)


def test_other_patients_reviews_are_untouched_by_a_claim(unclaimed, moderator):
    claimant = AccountFactory()
    services.approve_claim(
        claim=services.request_claim(practitioner=unclaimed, user=claimant), actor=moderator
    )
    assert Review.objects.published().filter(practitioner=unclaimed).count() == 3
    assert not ModerationEvent.objects.filter(action=ModerationEvent.Action.WITHDRAWN).exists()


def test_claim_warnings_tell_staff_about_the_claimants_own_review(unclaimed, moderator):
    claimant = AccountFactory()
    assert services.claim_warnings(unclaimed, claimant) == []
    write_and_publish(unclaimed, claimant, moderator)
    (warning,) = services.claim_warnings(unclaimed, claimant)
    assert warning.startswith("This account wrote 1 review of this profile; approving removes it")
