"""The public profile: the qualification checklist, details, reviews, markup."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from practitioners.models import Condition, Language, Technique
from practitioners.search import refresh_search_fields
from reviews.models import Review
from tests.factories import (
    ClinicFactory,
    CredentialFactory,
    LicenseFactory,
    PractitionerFactory,
    ReviewFactory,
    UserFactory,
)
from verification.models import Credential, License

pytestmark = pytest.mark.django_db


@pytest.fixture
def practitioner():
    p = PractitionerFactory(
        first_name="Mei",
        last_name="Chen",
        slug="mei-chen",
        conditions=["migraine", "fibromyalgia"],
        techniques=["electro", "tcm"],
        accepts_physician_referrals=True,
        fee_min=90,
        fee_max=140,
        npi="1234567893",
        review_count=2,
        rating_average=4.5,
    )
    ClinicFactory(
        practitioner=p, name="Hawthorne Acupuncture", is_primary=True, phone="503-555-0100"
    )
    LicenseFactory(practitioner=p, verified=True, number="AC-778")
    CredentialFactory(practitioner=p, kind=Credential.Kind.DIPL_OM, verified=True)
    ReviewFactory(
        practitioner=p,
        rating_overall=5,
        title="Calm and careful",
        reply_body="Thank you!",
        replied_at=timezone.now(),
    )
    ReviewFactory(practitioner=p, rating_overall=4, title="Helped my migraines")
    ReviewFactory(
        practitioner=p, rating_overall=1, title="Pending one", status=Review.Status.PENDING
    )
    return p


def test_profile_shows_the_four_point_checklist_with_evidence_and_links(client, practitioner):
    response = client.get("/practitioners/mei-chen/")
    assert response.status_code == 200
    checklist = response.context["profile"].checklist
    assert [item.key for item in checklist] == ["credentials", "licensure", "experience", "reviews"]
    assert all(item.status == "met" for item in checklist)
    html = response.text
    assert "Oregon license #AC-778" in html
    assert "verified" in html and "State board license lookup" in html
    assert "Dipl. O.M. (NCCAOM Diplomate of Oriental Medicine), issued by NCCAOM" in html
    for anchor in ("credentials", "licensure", "experience", "reviews-and-referrals"):
        assert f'href="/learn/finding-a-qualified-acupuncturist/#{anchor}"' in html


def test_conditions_and_techniques_link_to_their_article_sections(client, practitioner):
    html = client.get("/practitioners/mei-chen/").text
    assert 'href="/learn/chronic-pain/#headache-and-migraine"' in html
    assert 'href="/learn/acupuncture-techniques/#electro"' in html
    assert 'href="/learn/safety/#who-should-not"' in html
    assert "not medical advice" in html


def test_only_published_reviews_show_with_replies_and_distribution(client, practitioner):
    response = client.get("/practitioners/mei-chen/")
    html = response.text
    assert "Calm and careful" in html and "Helped my migraines" in html
    assert "Pending one" not in html
    assert "Thank you!" in html
    distribution = {s: n for s, n, _ in response.context["profile"].rating_distribution}
    assert distribution == {5: 1, 4: 1, 3: 0, 2: 0, 1: 0}


def test_review_authors_emails_never_appear(client, practitioner):
    emails = list(Review.objects.values_list("author__email", flat=True))
    html = client.get("/practitioners/mei-chen/").text
    assert not any(email in html for email in emails)


def test_expired_license_is_not_evidence_of_licensure(client):
    p = PractitionerFactory(slug="lapsed")
    past = timezone.localdate() - datetime.timedelta(days=2)
    LicenseFactory(
        practitioner=p,
        verified=True,
        expires_on=past,
        issued_on=past - datetime.timedelta(days=700),
    )
    response = client.get("/practitioners/lapsed/")
    licensure = response.context["profile"].checklist[1]
    assert licensure.status == "partial"
    assert "expired" in " ".join(line.text for line in licensure.evidence)
    assert "License not verified" in response.text


def test_revoked_license_drops_the_badge(client):
    p = PractitionerFactory(slug="revoked")
    LicenseFactory(practitioner=p, verified=True, status=License.Standing.REVOKED)
    response = client.get("/practitioners/revoked/")
    assert response.context["profile"].is_verified is False
    assert "✓ License verified" not in response.text


def test_json_ld_describes_the_practitioner_without_self_serving_ratings(client, practitioner):
    html = client.get("/practitioners/mei-chen/").text
    match = re.search(
        r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S
    )
    data = json.loads(match.group(1))
    assert data["@type"] == "Person" and data["name"] == "Mei Chen"
    assert data["identifier"]["value"] == "1234567893"
    assert data["workLocation"][0]["address"]["postalCode"] == "97214"
    assert "aggregateRating" not in json.dumps(data) and "review" not in data


def test_json_ld_cannot_break_out_of_its_script_element(client):
    PractitionerFactory(slug="evil", first_name="</script><script>alert(1)</script>")
    html = client.get("/practitioners/evil/").text
    assert "<script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


def test_profile_text_is_escaped(client):
    PractitionerFactory(slug="xss", bio='<img src=x onerror="alert(1)">')
    html = client.get("/practitioners/xss/").text
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_unpublished_profiles_are_404_except_for_owner_and_staff_previews(client):
    owner = UserFactory()
    PractitionerFactory(slug="draft", publication_status="draft", owner=owner)
    assert client.get("/practitioners/draft/").status_code == 404
    assert client.get("/practitioners/draft/?preview=1").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/practitioners/draft/?preview=1").status_code == 404
    client.force_login(owner)
    response = client.get("/practitioners/draft/?preview=1")
    assert response.status_code == 200
    assert "Preview: this profile is not published" in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/practitioners/draft/?preview=1").status_code == 200


def test_unknown_slug_is_404(client):
    assert client.get("/practitioners/nobody-here/").status_code == 404


def test_profile_has_a_print_stylesheet(client, practitioner):
    assert (
        'href="/static/css/print.css" media="print"' in client.get("/practitioners/mei-chen/").text
    )


@pytest.mark.parametrize("page_cache", [False, True], ids=["page cache off", "a miss"])
def test_a_profile_runs_at_most_six_queries_however_much_it_shows(
    client, practitioner, settings, django_assert_max_num_queries, page_cache
):
    settings.PAGE_CACHE_SECONDS = 300 if page_cache else 0
    client.get("/practitioners/mei-chen/?first=1")  # the terms and topic links, then kept
    # The practitioner (with its term ids and review summary), clinics,
    # licenses, credentials, reviews; and the page cache's version when it is on.
    with django_assert_max_num_queries(6 if page_cache else 5) as before:
        client.get("/practitioners/mei-chen/")
    practitioner.languages.set(Language.objects.all()[:3])
    refresh_search_fields([practitioner.pk])
    practitioner.techniques.set(Technique.objects.all())
    refresh_search_fields([practitioner.pk])
    for _ in range(15):
        ClinicFactory(practitioner=practitioner)
        ReviewFactory(practitioner=practitioner, condition=Condition.objects.first())
        LicenseFactory(practitioner=practitioner, state="CA")
    for kind in (Credential.Kind.DIPL_AC, Credential.Kind.DACM, Credential.Kind.ABMA):
        CredentialFactory(practitioner=practitioner, kind=kind)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get("/practitioners/mei-chen/?again=1")
    assert response.status_code == 200
