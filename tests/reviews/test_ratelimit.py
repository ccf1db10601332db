"""Review submissions and reports are rate-limited per account."""

import pytest

from reviews import ratelimit
from reviews.models import Review, ReviewReport
from tests.factories import PractitionerFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def review_data(n: int) -> dict:
    return {
        "rating_overall": "5",
        "title": f"Visit number {n}",
        "body": "A careful practitioner who explained every step of the treatment.",
        "display_name": "Maria G.",
        "confirm": "on",
    }


def test_the_counter_allows_the_limit_then_refuses(settings):
    settings.REVIEW_RATE_LIMITS = {"review": (3, 3600)}
    user = UserFactory()
    results = [ratelimit.consume(action="review", user=user).allowed for _ in range(4)]
    assert results == [True, True, True, False]
    # Counted per account.
    assert ratelimit.consume(action="review", user=UserFactory()).allowed


def test_usage_reports_when_to_retry():
    usage = ratelimit.consume(action="report", user=UserFactory())
    assert usage.rate == ratelimit.DEFAULT_RATES["report"]
    assert 0 < usage.retry_after <= 3600 and 1 <= usage.retry_after_minutes <= 60
    assert usage.rate.description == "10 per hour"


def test_review_submissions_over_the_limit_get_a_429_that_keeps_the_text(client, patient):
    client.force_login(patient)
    practitioners = [PractitionerFactory() for _ in range(6)]
    for n, p in enumerate(practitioners[:5]):
        assert client.post(f"/practitioners/{p.slug}/review/", review_data(n)).status_code == 302
    response = client.post(f"/practitioners/{practitioners[5].slug}/review/", review_data(5))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many reviews for now." in response.text
    assert "5 per hour" in response.text
    assert 'value="Visit number 5"' in response.text
    assert Review.objects.count() == 5


def test_edits_count_towards_the_review_limit(client, patient, practitioner, settings):
    settings.REVIEW_RATE_LIMITS = {"review": (2, 3600)}
    client.force_login(patient)
    url = f"/practitioners/{practitioner.slug}/review/"
    assert client.post(url, review_data(1)).status_code == 302
    assert client.post(url, review_data(2)).status_code == 302
    assert client.post(url, review_data(3)).status_code == 429
    assert Review.objects.get().title == "Visit number 2"


def test_invalid_submissions_do_not_use_up_the_limit(client, patient, practitioner, settings):
    settings.REVIEW_RATE_LIMITS = {"review": (1, 3600)}
    client.force_login(patient)
    url = f"/practitioners/{practitioner.slug}/review/"
    for _ in range(3):
        assert client.post(url, review_data(1) | {"title": ""}).status_code == 400
    assert client.post(url, review_data(1)).status_code == 302


def test_reports_over_the_limit_get_a_429(client, patient, settings):
    settings.REVIEW_RATE_LIMITS = {"report": (2, 3600)}
    client.force_login(patient)
    reviews = [ReviewFactory() for _ in range(3)]
    codes = [
        client.post(
            f"/practitioners/{r.practitioner.slug}/reviews/{r.pk}/report/",
            {"reason": "offensive", "details": "Insults."},
        ).status_code
        for r in reviews
    ]
    assert codes == [302, 302, 429]
    assert ReviewReport.objects.count() == 2
    last = client.post(
        f"/practitioners/{reviews[2].practitioner.slug}/reviews/{reviews[2].pk}/report/",
        {"reason": "offensive", "details": "Insults."},
    )
    assert "Too many reports for now." in last.text and "Insults." in last.text
