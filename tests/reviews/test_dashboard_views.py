"""The practitioner's reviews and replies at /dashboard/reviews/."""

import pytest

from practitioners.models import Condition
from reviews import services
from reviews.models import Review
from tests.factories import PractitionerFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/dashboard/reviews/"


def reply_url(review) -> str:
    return f"{LIST}{review.pk}/reply/"


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def test_anonymous_visitors_are_sent_to_log_in(client, practitioner):
    review = ReviewFactory(practitioner=practitioner)
    for url in (LIST, reply_url(review)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_accounts_without_a_profile_get_a_404(client):
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 404


def test_the_list_shows_published_reviews_of_my_profile_only(owner_client, practitioner):
    ReviewFactory(practitioner=practitioner, title="Published here")
    ReviewFactory(practitioner=practitioner, title="Still pending", status=Review.Status.PENDING)
    ReviewFactory(title="Someone else's")
    services.recompute_rating_aggregates(practitioner_id=practitioner.pk)
    html = owner_client.get(LIST).text
    assert "Published here" in html
    assert "Still pending" not in html and "Someone else" not in html
    assert "1 more is waiting for moderation" in html
    assert "Never disclose patient information" in html


def test_the_owner_replies_edits_and_removes_the_reply(owner_client, practitioner):
    review = ReviewFactory(practitioner=practitioner, title="Kind words")
    page = owner_client.get(reply_url(review))
    assert page.status_code == 200
    assert "Do not disclose any patient information" in page.text

    response = owner_client.post(reply_url(review), {"body": "Thank you for writing."}, follow=True)
    assert response.redirect_chain[-1][0] == f"{LIST}#review-{review.pk}"
    assert "Your reply is published." in response.text
    review.refresh_from_db()
    assert review.reply_body == "Thank you for writing."

    services.recompute_rating_aggregates(practitioner_id=practitioner.pk)
    profile = owner_client.get(practitioner.get_absolute_url()).text
    assert "Reply from Mei Chen" in profile and "Thank you for writing." in profile

    edit = owner_client.get(reply_url(review))
    assert "Edit your reply" in edit.text and "Thank you for writing." in edit.text
    owner_client.post(reply_url(review), {"body": "Thanks again."})
    review.refresh_from_db()
    assert review.reply_body == "Thanks again."

    owner_client.post(reply_url(review), {"remove": "1"})
    review.refresh_from_db()
    assert review.reply_body == "" and review.replied_at is None


def test_an_empty_reply_is_an_error_next_to_the_field(owner_client, practitioner):
    review = ReviewFactory(practitioner=practitioner)
    response = owner_client.post(reply_url(review), {"body": "   "})
    assert response.status_code == 400
    assert 'id="id_body_error"' in response.text and 'aria-invalid="true"' in response.text


def test_nobody_else_can_reply(client, practitioner, patient):
    review = ReviewFactory(practitioner=practitioner)
    client.force_login(patient)
    assert client.get(reply_url(review)).status_code == 404
    assert client.post(reply_url(review), {"body": "Hijack"}).status_code == 404
    other_owner = UserFactory()
    PractitionerFactory(owner=other_owner)
    client.force_login(other_owner)
    assert client.post(reply_url(review), {"body": "Hijack"}).status_code == 404
    review.refresh_from_db()
    assert review.reply_body == ""


def test_pending_reviews_cannot_be_replied_to(owner_client, practitioner):
    review = ReviewFactory(practitioner=practitioner, status=Review.Status.PENDING)
    assert owner_client.get(reply_url(review)).status_code == 404


def test_the_list_query_count_is_constant(
    owner_client, practitioner, django_assert_max_num_queries
):
    ReviewFactory(practitioner=practitioner, condition=Condition.objects.first())
    with django_assert_max_num_queries(10) as before:
        owner_client.get(LIST)
    for _ in range(25):
        ReviewFactory(practitioner=practitioner, condition=Condition.objects.all()[1])
        ReviewFactory(practitioner=practitioner, status=Review.Status.PENDING)
    services.recompute_rating_aggregates(practitioner_id=practitioner.pk)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = owner_client.get(LIST)
    assert response.context["page"].paginator.count == 26
