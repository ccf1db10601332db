"""The doors: practitioners from "List your practice" to their dashboard; patients to My reviews."""

import pytest
from allauth.account.models import EmailAddress

from reviews.models import Review
from tests.accounts.test_auth import link_in
from tests.factories import AccountFactory, PractitionerFactory, ReviewFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def test_home_and_header_show_list_your_practice_leading_to_the_explainer(client):
    html = client.get("/").text
    assert html.count('href="/list-your-practice/"') >= 2  # header and home
    page = client.get("/list-your-practice/")
    assert page.status_code == 200
    for words in ("claim", "verified", "What patients see"):
        assert words in page.text
    assert 'href="/accounts/signup/?next=/dashboard/"' in page.text


def test_a_practitioner_signing_up_from_the_explainer_lands_on_the_dashboard(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/?next=/dashboard/",
            {"email": "acu@example.org", "password1": "a-long-pass-phrase",
             "password2": "a-long-pass-phrase", "next": "/dashboard/"},
        )  # fmt: skip
    response = client.post(link_in(mailoutbox[0]))
    assert EmailAddress.objects.get(email="acu@example.org").verified
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    start = client.get("/dashboard/profile/new/")
    assert start.status_code == 200
    assert 'value="acu@example.org"' not in start.text
    assert "Shown to patients on your public profile" in start.text


def test_the_header_says_dashboard_for_practitioners_and_my_account_for_patients(client):
    owner = AccountFactory()
    PractitionerFactory(owner=owner)
    client.force_login(owner)
    html = client.get("/").text
    assert ">Dashboard</a>" in html and "My account" not in html
    client.force_login(AccountFactory())
    html = client.get("/").text
    assert ">My account</a>" in html and ">Dashboard</a>" not in html


def test_my_reviews_lists_each_with_its_state_edit_and_delete(
    client, django_assert_max_num_queries
):
    patient = AccountFactory()
    pending = ReviewFactory(author=patient, title="Helped my back", status="pending")
    published = ReviewFactory(author=patient, title="Kind and careful", status="published")
    ReviewFactory(title="Someone else's")
    client.force_login(patient)
    with django_assert_max_num_queries(8):
        page = client.get("/account/reviews/")
    assert "Helped my back" in page.text and "Kind and careful" in page.text
    assert "Someone else&#x27;s" not in page.text
    assert "Pending moderation" in page.text and "Published" in page.text
    assert f'href="/practitioners/{pending.practitioner.slug}/review/"' in page.text
    confirm = client.get(f"/account/reviews/{published.pk}/delete/")
    assert "Delete your review of" in confirm.text and "Kind and careful" in confirm.text
    assert Review.objects.filter(pk=published.pk).exists()  # asking deletes nothing
    response = client.post(f"/account/reviews/{published.pk}/delete/")
    assert response["Location"] == "/account/reviews/"
    assert not Review.objects.filter(pk=published.pk).exists()
    published.practitioner.refresh_from_db()
    assert published.practitioner.review_count == 0


def test_nobody_deletes_another_patients_review_and_my_reviews_needs_a_login(client):
    review = ReviewFactory()
    assert client.get("/account/reviews/").status_code == 302
    client.force_login(AccountFactory())
    assert client.post(f"/account/reviews/{review.pk}/delete/").status_code == 404
    assert client.get(f"/account/reviews/{review.pk}/delete/").status_code == 404
    assert Review.objects.filter(pk=review.pk).exists()
