"""Writing, editing and reporting reviews through the pages."""

import pytest
from django.db import IntegrityError

from practitioners.models import Practitioner
from reviews import services
from reviews.models import ModerationEvent, Review, ReviewReport
from tests.factories import PatientFactory, PractitionerFactory, ReviewFactory

pytestmark = pytest.mark.django_db

WRITE_URL = "/practitioners/mei-chen/review/"


@pytest.fixture
def form_data():
    return {
        "rating_overall": "4",
        "rating_pain_relief": "5",
        "rating_listening": "",
        "rating_hygiene_safety": "4",
        "rating_gentleness": "",
        "condition": "",
        "sessions": "6",
        "title": "Calm and careful",
        "body": "She listened to the whole history of my back pain and explained each step.",
        "display_name": "Maria G.",
        "confirm": "on",
    }


# Who gets the form


def test_anonymous_visitors_are_sent_to_log_in_and_back(client, practitioner):
    response = client.get(WRITE_URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={WRITE_URL}"


def test_an_unverified_account_is_told_to_verify_with_a_link_to_resend(
    client, practitioner, unverified
):
    client.force_login(unverified)
    response = client.get(WRITE_URL)
    assert response.status_code == 403
    assert "Verify your email address first" in response.text
    assert 'href="/accounts/email/"' in response.text
    assert client.post(WRITE_URL, {"title": "x"}).status_code == 403
    assert not Review.objects.exists()


def test_the_practitioner_is_told_they_cannot_review_themselves(client, practitioner, owner):
    client.force_login(owner)
    response = client.get(WRITE_URL)
    assert response.status_code == 403
    assert "You can't review your own profile" in response.text
    assert 'href="/dashboard/reviews/"' in response.text


def test_unpublished_and_unknown_profiles_are_404(client, patient):
    PractitionerFactory(slug="draft", publication_status=Practitioner.Publication.DRAFT)
    client.force_login(patient)
    assert client.get("/practitioners/draft/review/").status_code == 404
    assert client.get("/practitioners/nobody/review/").status_code == 404


def test_the_form_suggests_a_display_name_and_explains_the_rules(client, practitioner, patient):
    client.force_login(patient)
    response = client.get(WRITE_URL)
    assert response.status_code == 200
    html = response.text
    assert 'value="Maria G."' in html
    assert "Your review is public." in html
    assert "health details you are comfortable" in html
    assert "not a promise of results" in html
    assert 'href="/reviews/policy/"' in html
    assert '<legend>Overall rating <span class="required-note">(required)</span></legend>' in html
    assert html.count(">Not rated</span>") == 4
    assert 'maxlength="5000"' in html and "5,000 characters" in html
    assert '<meta name="robots" content="noindex">' in html


# Submitting


def test_submitting_creates_a_pending_review_and_shows_its_status(
    client, practitioner, patient, form_data
):
    client.force_login(patient)
    response = client.post(WRITE_URL, form_data, follow=True)
    assert response.redirect_chain == [("/practitioners/mei-chen/", 302)]
    review = Review.objects.get()
    assert review.author == patient and review.status == Review.Status.PENDING
    assert (review.rating_pain_relief, review.rating_listening, review.sessions) == (5, None, 6)
    html = response.text
    assert "Thanks — your review will appear after moderation" in html
    assert "Waiting for moderation" in html
    assert "Edit your review" in html
    assert "Calm and careful" not in html  # not public yet


def test_errors_sit_next_to_their_fields_and_keep_what_was_typed(
    client, practitioner, patient, form_data
):
    client.force_login(patient)
    form_data |= {"rating_overall": "", "display_name": "maria@example.org", "confirm": ""}
    response = client.post(WRITE_URL, form_data)
    assert response.status_code == 400
    html = response.text
    assert "Please fix these 3 problems" in html
    assert 'href="#id_rating_overall_0"' in html
    assert 'id="id_display_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_display_name_helptext id_display_name_error"' in html
    assert "Use a name, not an email address" in html
    # What was typed is kept.
    assert "She listened to the whole history" in html
    assert 'value="Calm and careful"' in html
    assert 'name="rating_pain_relief" value="5" id="id_rating_pain_relief_5" checked>' in html
    assert not Review.objects.exists()


def test_editing_prefills_the_form_and_resubmits(
    client, practitioner, patient, moderator, form_data
):
    client.force_login(patient)
    client.post(WRITE_URL, form_data)
    review = Review.objects.get()
    services.publish_review(review=review, moderator=moderator)

    html = client.get(WRITE_URL).text
    assert "Edit your review of Mei Chen" in html
    assert "Published" in html
    assert 'value="Calm and careful"' in html

    form_data["title"] = "Even better after six sessions"
    response = client.post(WRITE_URL, form_data, follow=True)
    assert "Your changes are saved. Your review will appear after moderation." in response.text
    review.refresh_from_db()
    assert review.title == "Even better after six sessions"
    assert review.status == Review.Status.PENDING
    practitioner.refresh_from_db()
    assert practitioner.review_count == 0


def test_a_rejected_author_sees_the_reason(client, practitioner, patient, moderator, form_data):
    client.force_login(patient)
    client.post(WRITE_URL, form_data)
    services.reject_review(
        review=Review.objects.get(), moderator=moderator, reason="Please remove the nurse's name."
    )
    for url in (WRITE_URL, "/practitioners/mei-chen/"):
        html = client.get(url).text
        assert "Not published" in html and "Please remove the nurse&#x27;s name." in html


def test_a_race_on_the_first_review_becomes_an_edit(
    client, practitioner, patient, form_data, monkeypatch
):
    """Two first submissions at once: the loser hits the unique constraint and edits instead."""
    real = services.submit_review
    calls = []

    def racing(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            # The other tab's submission wins the race...
            real(**kwargs | {"title": "From the other tab"})
            # ...so this insert violates review_one_per_author_per_practitioner.
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(**kwargs)

    monkeypatch.setattr(services, "submit_review", racing)
    client.force_login(patient)
    response = client.post(WRITE_URL, form_data)
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.title == "Calm and careful"
    assert list(review.events.values_list("action", flat=True).order_by("id")) == [
        ModerationEvent.Action.SUBMITTED,
        ModerationEvent.Action.EDITED,
    ]


# The profile


def test_the_profile_offers_write_edit_or_reply_as_fits_the_visitor(
    client, practitioner, owner, patient
):
    ReviewFactory(practitioner=practitioner, title="Lovely")
    html = client.get("/practitioners/mei-chen/").text
    assert f'href="{WRITE_URL}">Write a review' in html
    client.force_login(patient)
    assert "Write a review" in client.get("/practitioners/mei-chen/").text
    client.force_login(owner)
    html = client.get("/practitioners/mei-chen/").text
    assert "Write a review" not in html
    assert 'href="/dashboard/reviews/">Reply to reviews from your dashboard' in html


def test_each_published_review_can_be_reported_except_by_its_author(client, practitioner, patient):
    mine = ReviewFactory(practitioner=practitioner, author=patient, title="Mine")
    theirs = ReviewFactory(practitioner=practitioner, title="Theirs")
    services.recompute_rating_aggregates(practitioner_id=practitioner.pk)
    html = client.get("/practitioners/mei-chen/").text
    assert f"/practitioners/mei-chen/reviews/{mine.pk}/report/" in html
    client.force_login(patient)
    html = client.get("/practitioners/mei-chen/").text
    assert f"/practitioners/mei-chen/reviews/{mine.pk}/report/" not in html
    assert f"/practitioners/mei-chen/reviews/{theirs.pk}/report/" in html


def test_the_profile_query_count_does_not_grow_for_a_signed_in_reader(
    client, practitioner, patient, django_assert_max_num_queries
):
    ReviewFactory(practitioner=practitioner, author=patient)
    services.recompute_rating_aggregates(practitioner_id=practitioner.pk)
    client.force_login(patient)
    with django_assert_max_num_queries(30) as before:
        client.get("/practitioners/mei-chen/")
    for _ in range(10):
        ReviewFactory(practitioner=practitioner)
    services.recompute_rating_aggregates(practitioner_id=practitioner.pk)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get("/practitioners/mei-chen/")


# Reports


def report_url(review) -> str:
    return f"/practitioners/{review.practitioner.slug}/reviews/{review.pk}/report/"


def test_reporting_needs_a_login(client, practitioner):
    review = ReviewFactory(practitioner=practitioner)
    response = client.get(report_url(review))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_reader_reports_a_review(client, practitioner, patient):
    review = ReviewFactory(practitioner=practitioner, title="Rude")
    client.force_login(patient)
    page = client.get(report_url(review))
    assert page.status_code == 200 and "Rude" in page.text
    response = client.post(
        report_url(review), {"reason": "offensive", "details": "Insults staff."}, follow=True
    )
    assert "a moderator will read this review again" in response.text
    report = ReviewReport.objects.get()
    assert (report.reporter, report.reason, report.details) == (
        patient,
        "offensive",
        "Insults staff.",
    )
    # A second visit says it is already reported.
    assert "You have already reported this review" in client.get(report_url(review)).text


def test_a_report_of_something_else_needs_details(client, practitioner, patient):
    review = ReviewFactory(practitioner=practitioner)
    client.force_login(patient)
    response = client.post(report_url(review), {"reason": "other", "details": ""})
    assert response.status_code == 400
    assert "Tell us what is wrong with the review." in response.text
    assert 'value="other" id="id_reason_5" required checked>' in response.text
    assert not ReviewReport.objects.exists()


def test_pending_reviews_and_other_profiles_reviews_cannot_be_reported(
    client, practitioner, patient
):
    client.force_login(patient)
    pending = ReviewFactory(practitioner=practitioner, status=Review.Status.PENDING)
    assert client.get(report_url(pending)).status_code == 404
    elsewhere = ReviewFactory()
    assert client.get(f"/practitioners/mei-chen/reviews/{elsewhere.pk}/report/").status_code == 404


def test_authors_are_sent_to_edit_instead_of_reporting(client, practitioner, patient):
    review = ReviewFactory(practitioner=practitioner, author=patient)
    client.force_login(patient)
    response = client.get(report_url(review))
    assert response.status_code == 302 and response["Location"] == WRITE_URL


def test_unverified_readers_cannot_report(client, practitioner, unverified):
    review = ReviewFactory(practitioner=practitioner)
    client.force_login(unverified)
    response = client.post(report_url(review), {"reason": "offensive"})
    assert response.status_code == 403 and "Verify your email address" in response.text
    assert not ReviewReport.objects.exists()


def test_the_policy_page_explains_the_rules(client):
    response = client.get("/reviews/policy/")
    assert response.status_code == 200
    for text in ("one person's experience", "on behalf of this directory", "one public reply"):
        assert text in response.text


def test_two_patients_each_review_once(client, practitioner, form_data):
    for _ in range(2):
        client.force_login(PatientFactory())
        assert client.post(WRITE_URL, form_data).status_code == 302
    assert Review.objects.filter(practitioner=practitioner).count() == 2
