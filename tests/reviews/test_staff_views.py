"""The moderation queue at /staff/reviews/."""

import datetime

import pytest
from django.utils import timezone

from reviews import services
from reviews.models import ModerationEvent, Review, ReviewReport
from tests.factories import PractitionerFactory, ReviewFactory, ReviewReportFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/staff/reviews/"


def pending(practitioner, title: str, *, hours_ago: int = 1, **fields) -> Review:
    when = timezone.now() - datetime.timedelta(hours=hours_ago)
    return ReviewFactory(
        practitioner=practitioner,
        title=title,
        status=Review.Status.PENDING,
        created_at=when,
        submitted_at=when,
        **fields,
    )


@pytest.fixture
def staff_client(client, moderator):
    client.force_login(moderator)
    return client


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in (QUEUE, f"{QUEUE}log/", f"{QUEUE}1/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_other_accounts_get_a_404(client, practitioner):
    review = pending(practitioner, "Hidden")
    client.force_login(UserFactory())
    for url in (QUEUE, f"{QUEUE}log/", f"{QUEUE}{review.pk}/"):
        assert client.get(url).status_code == 404
    response = client.post(f"{QUEUE}{review.pk}/publish/", {"version": review.version})
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.status == Review.Status.PENDING


def test_the_queue_lists_pending_reviews_oldest_first_and_open_reports(staff_client, practitioner):
    pending(practitioner, "Newer one", hours_ago=1)
    pending(practitioner, "Older one", hours_ago=30)
    ReviewFactory(practitioner=practitioner, title="Already public")
    reported = ReviewFactory(practitioner=practitioner, title="Reported one")
    ReviewReportFactory(review=reported, reason="personal-info", details="Names a nurse.")
    ReviewReportFactory(
        review=reported, status="resolved", resolution="kept", resolved_at=timezone.now()
    )

    response = staff_client.get(QUEUE)
    assert response.status_code == 200
    html = response.text
    assert "<strong>2</strong> reviews waiting" in html
    assert "<strong>1</strong> open report" in html
    assert html.index("Older one") < html.index("Newer one")
    assert "Already public" not in html
    assert "Names a nurse." in html and "It shares someone&#x27;s personal information" in html
    assert f'href="{practitioner.get_absolute_url()}"' in html


def test_publishing_from_the_queue_updates_the_profile(staff_client, practitioner, moderator):
    review = pending(practitioner, "Great", rating_overall=5)
    response = staff_client.post(
        f"{QUEUE}{review.pk}/publish/", {"version": review.version, "next": QUEUE}, follow=True
    )
    assert response.redirect_chain[-1] == (QUEUE, 302)
    assert "Published “Great”." in response.text
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED and review.moderated_by == moderator
    practitioner.refresh_from_db()
    assert practitioner.review_count == 1 and practitioner.rating_average == 5


def test_rejecting_without_a_reason_shows_the_error_and_keeps_the_review_pending(
    staff_client, practitioner
):
    review = pending(practitioner, "Spammy")
    response = staff_client.post(
        f"{QUEUE}{review.pk}/reject/", {"version": review.version, "reason": "  "}
    )
    assert response.status_code == 400
    assert "Give a reason: the author sees it." in response.text
    assert f'id="id_reject_{review.pk}_reason_error"' in response.text
    review.refresh_from_db()
    assert review.status == Review.Status.PENDING


def test_rejecting_with_a_reason(staff_client, practitioner):
    review = pending(practitioner, "Spammy")
    response = staff_client.post(
        f"{QUEUE}{review.pk}/reject/",
        {"version": review.version, "reason": "Advertises a supplement."},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.REJECTED
    assert review.moderation_reason == "Advertises a supplement."


def test_a_stale_decision_is_refused_with_a_message(staff_client, practitioner, patient):
    review = services.submit_review(
        author=patient,
        practitioner=practitioner,
        rating_overall=5,
        title="First text",
        body="The first version of the text, long enough.",
        display_name="Maria G.",
    ).review
    seen = review.version
    services.submit_review(
        author=patient,
        practitioner=practitioner,
        rating_overall=1,
        title="Second text",
        body="A changed version of the text, long enough.",
        display_name="Maria G.",
    )
    response = staff_client.post(f"{QUEUE}{review.pk}/publish/", {"version": seen}, follow=True)
    assert "The author changed this review after you opened it" in response.text
    assert response.redirect_chain[-1][0] == f"{QUEUE}{review.pk}/"
    review.refresh_from_db()
    assert review.status == Review.Status.PENDING


def test_resolving_a_report_by_unpublishing(staff_client, practitioner):
    review = ReviewFactory(practitioner=practitioner, title="Bad")
    services.recompute_rating_aggregates(practitioner_id=practitioner.pk)
    report = ReviewReportFactory(review=review)
    response = staff_client.post(
        f"{QUEUE}reports/{report.pk}/resolve/", {"decision": "remove", "note": ""}
    )
    assert response.status_code == 400
    assert "Give a reason for unpublishing" in response.text
    response = staff_client.post(
        f"{QUEUE}reports/{report.pk}/resolve/",
        {"decision": "remove", "note": "Shares a phone number.", "next": QUEUE},
        follow=True,
    )
    assert "Review unpublished" in response.text
    review.refresh_from_db()
    report.refresh_from_db()
    assert review.status == Review.Status.REJECTED
    assert report.resolution == ReviewReport.Resolution.REMOVED
    practitioner.refresh_from_db()
    assert practitioner.review_count == 0


def test_resolving_a_report_by_keeping_the_review(staff_client, practitioner):
    report = ReviewReportFactory(review=ReviewFactory(practitioner=practitioner))
    response = staff_client.post(
        f"{QUEUE}reports/{report.pk}/resolve/", {"decision": "keep", "note": "Fair."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.resolution == ReviewReport.Resolution.KEPT
    assert report.review.status == Review.Status.PUBLISHED


def test_the_review_page_shows_its_reports_and_history(staff_client, practitioner, moderator):
    review = pending(practitioner, "Checked")
    services.publish_review(review=review, moderator=moderator)
    ReviewReportFactory(review=review, details="Seems fake.")
    html = staff_client.get(f"{QUEUE}{review.pk}/").text
    assert "Seems fake." in html
    assert "Published" in html and "Sam Moderator (staff #" in html
    assert "Unpublish" in html  # a published review can be taken down


def test_the_log_lists_every_action_newest_first(staff_client, practitioner, moderator, patient):
    review = pending(practitioner, "Logged")
    services.publish_review(review=review, moderator=moderator)
    services.reply_to_review(review=review, user=practitioner.owner, body="Thanks.")
    html = staff_client.get(f"{QUEUE}log/").text
    assert html.index("Practitioner replied") < html.index("Published")
    assert "Practitioner (account #" in html


def test_an_unsafe_next_url_is_ignored(staff_client, practitioner):
    review = pending(practitioner, "Great")
    response = staff_client.post(
        f"{QUEUE}{review.pk}/publish/", {"version": review.version, "next": "https://evil.test/"}
    )
    assert response["Location"] == QUEUE


def test_the_queue_query_count_is_constant(staff_client, django_assert_max_num_queries):
    practitioner = PractitionerFactory()
    pending(practitioner, "One")
    ReviewReportFactory(review=ReviewFactory(practitioner=practitioner))
    with django_assert_max_num_queries(12) as before:
        staff_client.get(QUEUE)
    for n in range(15):
        other = PractitionerFactory()
        pending(other, f"Pending {n}")
        ReviewReportFactory(review=ReviewFactory(practitioner=other))
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert staff_client.get(QUEUE).status_code == 200


def test_the_log_and_review_pages_query_counts_are_constant(
    staff_client, moderator, django_assert_max_num_queries
):
    review = pending(PractitionerFactory(), "One")
    services.publish_review(review=review, moderator=moderator)
    with django_assert_max_num_queries(12) as log_before:
        staff_client.get(f"{QUEUE}log/")
    with django_assert_max_num_queries(12) as detail_before:
        staff_client.get(f"{QUEUE}{review.pk}/")
    for _ in range(10):
        ReviewReportFactory(review=review)
        services.reject_review(review=review, moderator=moderator, reason="No.")
        services.publish_review(review=review, moderator=moderator)
        pending(PractitionerFactory(), "More")
    assert ModerationEvent.objects.count() > 20
    with django_assert_max_num_queries(len(log_before.captured_queries)):
        staff_client.get(f"{QUEUE}log/")
    with django_assert_max_num_queries(len(detail_before.captured_queries)):
        staff_client.get(f"{QUEUE}{review.pk}/")


# Search, filters and pages


def found_titles(client, **params) -> list[str]:
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return [review.title for review in response.context["page"].object_list]


def test_the_queue_finds_a_review_by_its_number_whatever_its_status(staff_client, practitioner):
    old = ReviewFactory(practitioner=practitioner, title="Published long ago")
    pending(practitioner, "Waiting", display_name="Kim T.")  # no digits to match the number
    assert found_titles(staff_client, q=str(old.pk)) == ["Published long ago"]
    assert found_titles(staff_client, q=f"#{old.pk}") == ["Published long ago"]


def test_the_queue_finds_reviews_by_author_display_name_text_and_practitioner(staff_client):
    rosa = PractitionerFactory(first_name="Rosa", last_name="Lindqvist")
    pending(rosa, "About Rosa", display_name="Jo B.", body="Calm room, gentle needling, sterile.")
    pending(PractitionerFactory(), "Someone else", display_name="Kim T.")
    assert found_titles(staff_client, q="jo b.") == ["About Rosa"]
    assert found_titles(staff_client, q="GENTLE needling") == ["About Rosa"]
    assert found_titles(staff_client, q="about rosa") == ["About Rosa"]  # the title
    assert found_titles(staff_client, q="lindqvist") == ["About Rosa"]
    assert found_titles(staff_client, q="nobody at all") == []


def test_the_queue_filters_by_status_and_by_open_reports(staff_client, practitioner):
    pending(practitioner, "Waiting")
    ReviewFactory(practitioner=practitioner, title="Public")
    reported = ReviewFactory(practitioner=practitioner, title="Reported")
    ReviewReportFactory(review=reported)
    closed = ReviewFactory(practitioner=practitioner, title="Report closed")
    ReviewReportFactory(
        review=closed, status="resolved", resolution="kept", resolved_at=timezone.now()
    )
    ReviewFactory(
        practitioner=practitioner, title="Refused", status="rejected", moderation_reason="Ad."
    )
    assert found_titles(staff_client) == ["Waiting"]
    assert set(found_titles(staff_client, status="published")) == {
        "Public", "Reported", "Report closed",
    }  # fmt: skip
    assert found_titles(staff_client, status="rejected") == ["Refused"]
    assert len(found_titles(staff_client, status="all")) == 5
    assert found_titles(staff_client, status="all", reported="on") == ["Reported"]


def test_an_invalid_filter_is_explained_and_the_rest_still_applies(staff_client, practitioner):
    pending(practitioner, "Waiting")
    response = staff_client.get(QUEUE, {"status": "bogus", "q": "wait"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert [r.title for r in response.context["page"].object_list] == ["Waiting"]


def test_the_queue_pages_through_every_review(staff_client, practitioner):
    for n in range(30):
        pending(PractitionerFactory(), f"Review {n:02}", hours_ago=100 - n)
    first = found_titles(staff_client)
    second = found_titles(staff_client, page="2")
    assert len(first) == 25 and len(second) == 5
    assert first[0] == "Review 00" and second[-1] == "Review 29"
    response = staff_client.get(QUEUE, {"page": "9"})
    assert "There are only 2 pages" in response.text
    assert 'rel="next"' in staff_client.get(QUEUE).text


def test_a_decision_from_a_filtered_page_returns_to_it(staff_client, practitioner):
    review = pending(practitioner, "Waiting")
    html = staff_client.get(QUEUE, {"q": "wait"}).text
    assert 'name="next" value="/staff/reviews/?q=wait"' in html
    response = staff_client.post(
        f"{QUEUE}{review.pk}/publish/", {"version": review.version, "next": f"{QUEUE}?q=wait"}
    )
    assert response["Location"] == f"{QUEUE}?q=wait"


def test_the_filtered_queue_query_count_is_constant(staff_client, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            review = ReviewFactory(practitioner=PractitionerFactory(), title=f"Found {i}")
            ReviewReportFactory(review=review)

    add(5)
    params = {"status": "all", "q": "found"}
    with django_assert_max_num_queries(14) as before:
        staff_client.get(QUEUE, params)
    add(25)
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert len(found_titles(staff_client, **params)) == 25
