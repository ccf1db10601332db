import pytest
from django.db import IntegrityError, transaction

from reviews.models import Review
from tests.factories import PractitionerFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def assert_db_refuses(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(**fields)


def test_one_review_per_author_per_practitioner_is_enforced_by_the_database():
    author, practitioner = UserFactory(), PractitionerFactory()
    ReviewFactory(author=author, practitioner=practitioner)
    ReviewFactory(author=author)  # another practitioner is fine
    assert_db_refuses(author=author, practitioner=practitioner)


@pytest.mark.parametrize("value", [0, 6])
def test_overall_rating_is_one_to_five(value):
    assert_db_refuses(rating_overall=value)


@pytest.mark.parametrize(
    "field",
    ["rating_pain_relief", "rating_listening", "rating_hygiene_safety", "rating_gentleness"],
)
def test_each_rating_dimension_is_optional_but_one_to_five(field):
    assert_db_refuses(**{field: 0})
    assert_db_refuses(**{field: 6})
    assert getattr(ReviewFactory(**{field: None}), field) is None


def test_status_must_be_known_and_rejection_needs_a_reason():
    assert_db_refuses(status="hidden")
    assert_db_refuses(status=Review.Status.REJECTED, moderation_reason="")
    ReviewFactory(status=Review.Status.REJECTED, moderation_reason="Names another patient.")


def test_a_reply_needs_its_timestamp():
    assert_db_refuses(reply_body="Thank you", replied_at=None)


def test_a_display_name_is_required_so_the_email_is_never_needed():
    assert_db_refuses(display_name="")


def test_published_and_pending_querysets():
    published = ReviewFactory()
    pending = ReviewFactory(status=Review.Status.PENDING)
    assert list(Review.objects.published()) == [published]
    assert list(Review.objects.pending()) == [pending]
