"""Review text is inert everywhere it is shown, emails never show, every POST needs CSRF."""

import pytest
from django.test import Client
from django.utils.html import escape

from reviews import services
from reviews.models import Review
from tests.factories import PatientFactory, ReviewFactory, ReviewReportFactory

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}}",
    "<svg onload=alert(1)>",
    "'><iframe src=javascript:alert(1)>",
    "</textarea><script>alert(1)</script>",
]


def assert_inert(html: str, payload: str, *, where: str) -> None:
    assert escape(payload) in html, f"{payload!r} is not shown escaped on {where}"
    for live in ("<script>alert", "<img src=x", "<svg onload", "<iframe", "</textarea><script"):
        if live in payload:
            assert live not in html, f"{payload!r} rendered live on {where}"
    assert 'href="javascript:' not in html and 'src="javascript:' not in html


@pytest.fixture
def author():
    return PatientFactory(email="secret.author@example.org", first_name="Ann")


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_in_every_text_field_are_inert_on_every_page(
    client, practitioner, owner, moderator, author, payload
):
    review = services.submit_review(
        author=author,
        practitioner=practitioner,
        rating_overall=4,
        title=f"Title {payload}",
        body=f"Body {payload}\n\nSecond paragraph {payload}",
        display_name=f"N {payload}"[:60],
    ).review
    services.publish_review(review=review, moderator=moderator)
    services.reply_to_review(review=review, user=owner, body=f"Reply {payload}")
    reader = PatientFactory()
    services.report_review(review=review, reporter=reader, reason="other", details=f"Why {payload}")
    texts = [
        f"Title {payload}",
        f"Body {payload}",
        f"N {payload}"[:60],
        f"Reply {payload}",
    ]

    profile = client.get(practitioner.get_absolute_url()).text
    for text in texts:
        assert_inert(profile, text, where="the profile")

    client.force_login(moderator)
    for url in ("/staff/reviews/", f"/staff/reviews/{review.pk}/"):
        html = client.get(url).text
        for text in [*texts[:3], f"Why {payload}"]:
            assert_inert(html, text, where=url)
    log = client.get("/staff/reviews/log/").text
    assert_inert(log, f"Reply {payload}", where="the log")

    client.force_login(owner)
    for url in ("/dashboard/reviews/", f"/dashboard/reviews/{review.pk}/reply/"):
        html = client.get(url).text
        for text in texts:
            assert_inert(html, text, where=url)

    client.force_login(author)
    edit = client.get(f"/practitioners/{practitioner.slug}/review/").text
    for text in texts[:3]:
        assert_inert(edit, text, where="the edit form")


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_a_rejection_reason_is_inert_for_its_author(
    client, practitioner, moderator, author, payload
):
    review = ReviewFactory(practitioner=practitioner, author=author, status=Review.Status.PENDING)
    services.reject_review(review=review, moderator=moderator, reason=f"Because {payload}")
    client.force_login(author)
    for url in (practitioner.get_absolute_url(), f"/practitioners/{practitioner.slug}/review/"):
        assert_inert(client.get(url).text, f"Because {payload}", where=url)


def test_the_authors_and_reporters_emails_never_appear(
    client, practitioner, owner, moderator, author
):
    review = services.submit_review(
        author=author,
        practitioner=practitioner,
        rating_overall=5,
        title="Good",
        body="A good experience with careful needling.",
        display_name="Ann",
    ).review
    services.publish_review(review=review, moderator=moderator)
    reader = PatientFactory(email="secret.reader@example.org")
    services.report_review(review=review, reporter=reader, reason="offensive")
    pending = ReviewFactory(
        practitioner=practitioner,
        author=PatientFactory(email="secret.pending@example.org"),
        status=Review.Status.PENDING,
    )
    secrets = ("secret.author", "secret.reader", "secret.pending")

    def check(url):
        html = client.get(url).text
        assert not any(secret in html for secret in secrets), url

    check(practitioner.get_absolute_url())
    check(f"/api/v1/practitioners/{practitioner.slug}/")
    check(f"/api/v1/practitioners/?verified=0&q={practitioner.last_name}")
    client.force_login(moderator)
    for url in (
        "/staff/reviews/",
        "/staff/reviews/log/",
        f"/staff/reviews/{review.pk}/",
        f"/staff/reviews/{pending.pk}/",
    ):
        check(url)
    client.force_login(owner)
    check("/dashboard/reviews/")
    check(f"/dashboard/reviews/{review.pk}/reply/")


def test_the_display_name_suggestion_never_uses_the_email(client, practitioner):
    nameless = PatientFactory(email="only.email@example.org", first_name="", last_name="")
    client.force_login(nameless)
    html = client.get(f"/practitioners/{practitioner.slug}/review/").text
    assert 'name="display_name" maxlength="60" required' in html
    assert "only.email" not in html


def test_every_post_needs_a_csrf_token(practitioner, owner, moderator, patient):
    csrf_client = Client(enforce_csrf_checks=True)
    review = ReviewFactory(practitioner=practitioner)
    pending = ReviewFactory(practitioner=practitioner, status=Review.Status.PENDING)
    report = ReviewReportFactory(review=review)

    csrf_client.force_login(patient)
    assert (
        csrf_client.post(
            f"/practitioners/{practitioner.slug}/review/", {"rating_overall": "5"}
        ).status_code
        == 403
    )
    assert (
        csrf_client.post(
            f"/practitioners/{practitioner.slug}/reviews/{review.pk}/report/",
            {"reason": "offensive"},
        ).status_code
        == 403
    )
    csrf_client.force_login(moderator)
    for url, data in (
        (f"/staff/reviews/{pending.pk}/publish/", {"version": pending.version}),
        (f"/staff/reviews/{pending.pk}/reject/", {"version": pending.version, "reason": "x"}),
        (f"/staff/reviews/reports/{report.pk}/resolve/", {"decision": "keep"}),
    ):
        assert csrf_client.post(url, data).status_code == 403, url
    csrf_client.force_login(owner)
    assert (
        csrf_client.post(f"/dashboard/reviews/{review.pk}/reply/", {"body": "Hi"}).status_code
        == 403
    )
    pending.refresh_from_db()
    review.refresh_from_db()
    report.refresh_from_db()
    assert pending.status == Review.Status.PENDING
    assert review.reply_body == "" and report.status == "open"
    assert Review.objects.filter(author=patient).count() == 0


def test_forms_carry_a_csrf_token(client, practitioner, patient, moderator):
    ReviewFactory(practitioner=practitioner, status=Review.Status.PENDING)
    client.force_login(patient)
    assert "csrfmiddlewaretoken" in client.get(f"/practitioners/{practitioner.slug}/review/").text
    client.force_login(moderator)
    assert "csrfmiddlewaretoken" in client.get("/staff/reviews/").text


def test_review_pages_keep_the_content_security_policy(client, practitioner, patient):
    client.force_login(patient)
    response = client.get(f"/practitioners/{practitioner.slug}/review/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert " style=" not in response.text and "<script>" not in response.text
