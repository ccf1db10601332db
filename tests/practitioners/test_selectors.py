"""Result cards: what they show comes with the page's rows, judged on the day it is read."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practitioners.models import Condition, Practitioner
from practitioners.profile import build_profile, profile_queryset
from practitioners.selectors import cards
from reviews.aggregates import refresh_rating_aggregates
from tests.factories import (
    ClinicFactory,
    CredentialFactory,
    LicenseFactory,
    PractitionerFactory,
    ReviewFactory,
)
from verification.models import Credential

pytestmark = pytest.mark.django_db


def card(practitioner) -> Practitioner:
    [prepared] = cards([practitioner.pk])
    return prepared


def search(client, **params):
    response = client.get("/practitioners/", {"verified": "0", **params})
    assert response.status_code == 200
    return {p.pk: p for p in response.context["results"]}


@pytest.fixture
def expiring_today():
    """A practitioner whose license and credential both expire today."""
    today = timezone.localdate()
    p = PractitionerFactory(conditions=["migraine"])
    ClinicFactory(practitioner=p, is_primary=True)
    LicenseFactory(practitioner=p, verified=True, expires_on=today)
    CredentialFactory(practitioner=p, kind=Credential.Kind.DIPL_AC, verified=True, expires_on=today)
    return p


def test_the_badge_and_credentials_on_a_card_drop_the_day_after_they_expire(
    client, expiring_today, monkeypatch
):
    shown = search(client)[expiring_today.pk]
    assert shown.is_verified and shown.verified_since is not None
    assert shown.credential_labels == ["L.Ac.", "Dipl. Ac."]
    html = client.get("/practitioners/", {"verified": "0"}).text
    assert "✓ Verified license" in html and "L.Ac., Dipl. Ac.</span>" in html

    # The next day, with no sweep and nothing written: judged again as read.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert search(client, verified="1") == {}
    lapsed = search(client)[expiring_today.pk]
    assert not lapsed.is_verified
    assert lapsed.verified_since is None and lapsed.credential_labels == []
    html = client.get("/practitioners/", {"verified": "0"}).text
    assert "License not verified" in html and 'class="credentials"' not in html


def test_only_checked_records_in_good_standing_are_on_the_card():
    p = PractitionerFactory()
    LicenseFactory(practitioner=p)  # not verified
    CredentialFactory(practitioner=p, kind=Credential.Kind.DACM)  # not verified
    CredentialFactory(practitioner=p, kind=Credential.Kind.DIPL_OM, verified=True)
    CredentialFactory(practitioner=p, kind=Credential.Kind.DIPL_AC, verified=True)
    shown = card(p)
    assert shown.credential_labels == ["Dipl. Ac.", "Dipl. O.M."]  # in kind order
    assert shown.verified_since is None and not shown.is_verified


def test_a_card_shows_the_latest_check_of_a_license_in_good_standing():
    p = PractitionerFactory()
    earlier = timezone.now() - datetime.timedelta(days=400)
    LicenseFactory(practitioner=p, verified=True, verified_at=earlier, state="CA")
    latest = LicenseFactory(practitioner=p, verified=True)
    assert card(p).verified_since == latest.verified_at


def test_a_card_s_conditions_and_clinics_come_in_their_own_order():
    p = PractitionerFactory(conditions=["sciatica", "migraine", "neck-pain", "fibromyalgia"])
    ClinicFactory(practitioner=p, name="B", city="Salem", is_primary=False)
    ClinicFactory(practitioner=p, name="Z", city="Portland", is_primary=True)
    ClinicFactory(practitioner=p, name="A", city="Eugene", is_primary=False)
    shown = card(p)
    expected = list(p.conditions.all())  # the vocabulary's order
    assert shown.condition_list == expected
    assert shown.top_conditions == expected[:3] and shown.more_conditions == 1
    assert [c.city for c in shown.clinic_list] == ["Portland", "Eugene", "Salem"]
    assert shown.primary_clinic.city == "Portland" and shown.primary_clinic.is_primary is True
    assert (shown.primary_clinic.latitude, shown.primary_clinic.longitude) == (45.5142, -122.6364)


def test_a_practitioner_with_nothing_yet_has_an_empty_card():
    shown = card(PractitionerFactory())
    assert shown.condition_list == [] and shown.clinic_list == []
    assert shown.primary_clinic is None and shown.credential_labels == []


def test_the_card_and_the_profile_agree(client):
    p = PractitionerFactory(conditions=["migraine", "sciatica"], review_count=0)
    ClinicFactory(practitioner=p, is_primary=True)
    LicenseFactory(practitioner=p, verified=True)
    CredentialFactory(practitioner=p, kind=Credential.Kind.DIPL_AC, verified=True)
    for stars in (5, 4, 4):
        ReviewFactory(practitioner=p, rating_overall=stars, condition=Condition.objects.first())
    refresh_rating_aggregates([p.pk])
    shown = search(client)[p.pk]
    profile = build_profile(profile_queryset().get(pk=p.pk))
    assert (shown.review_count, shown.rating_average) == (3, profile.practitioner.rating_average)
    assert sum(count for _, count, _ in profile.rating_distribution) == shown.review_count
    assert shown.condition_list == profile.conditions
    assert shown.is_verified == profile.is_verified
    held = [c.short_label for c in profile.credentials if c.is_in_good_standing]
    assert shown.credential_labels == ["L.Ac.", *held] == ["L.Ac.", "Dipl. Ac."]


def test_a_results_page_reads_its_cards_kept_ready_not_the_records_behind_them(client):
    p = PractitionerFactory(conditions=["migraine"])
    ClinicFactory(practitioner=p, is_primary=True)
    LicenseFactory(practitioner=p, verified=True)
    CredentialFactory(practitioner=p, kind=Credential.Kind.DIPL_AC, verified=True)
    client.get("/practitioners/")
    with CaptureQueriesContext(connection) as queries:
        shown = client.get("/practitioners/", {"near": "97214"}).context["results"]
    assert shown[0].credential_labels == ["L.Ac.", "Dipl. Ac."]
    for query in queries.captured_queries:
        for table in ("credential", "license", "clinic", "practitioner_conditions"):
            assert f"practitioners_{table}" not in query["sql"]


def test_a_decision_on_a_record_reaches_the_card(client):
    from verification.services import mark_needs_review

    p = PractitionerFactory()
    ClinicFactory(practitioner=p, is_primary=True)
    credential = CredentialFactory(practitioner=p, kind=Credential.Kind.DIPL_AC, verified=True)
    assert card(p).credential_labels == ["Dipl. Ac."]
    mark_needs_review(credential, note="Re-check date reached.")
    assert card(p).credential_labels == []
