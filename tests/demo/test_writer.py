"""`demo.writer`: the stored rows are the plan's, valid and consistent with one another."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.files.storage import storages
from django.db.models import Count

from demo.accounts import DEMO_SLUG
from demo.plan import plan_practitioners
from demo.writer import PROOF_NAME, add_years
from practitioners.models import Clinic, Practitioner
from practitioners.search import build_search_fields
from practitioners.validators import is_valid_npi
from reviews.models import Review
from tests.demo.seeding import REVIEWS, SEED, N, seed
from verification.models import (
    Credential,
    License,
    LicensingBoard,
    VerificationStatus,
)

pytestmark = pytest.mark.django_db


def test_seeding_writes_the_plan():
    seed()

    unlicensed = LicensingBoard.objects.filter(licenses_acupuncturists=False)
    plans = list(
        plan_practitioners(
            seed=SEED,
            count=N,
            reviews_per_practitioner=REVIEWS,
            unlicensed_states=frozenset(unlicensed.values_list("state", flat=True)),
        )
    )
    stored = {
        p.slug: p for p in Practitioner.objects.prefetch_related("licenses", "reviews", "clinics")
    }
    for plan in plans:
        practitioner = stored[plan.slug]
        assert practitioner.npi == plan.npi
        assert sorted(c.zip_code for c in practitioner.clinics.all()) == sorted(
            c.zip.code for c in plan.clinics
        )
        assert sorted(r.rating_overall for r in practitioner.reviews.all()) == sorted(
            r.rating_overall for r in plan.reviews
        )


def test_stored_rating_aggregates_equal_the_published_reviews():
    seed()

    for practitioner in Practitioner.objects.all():
        published = list(
            practitioner.reviews.filter(status=Review.Status.PUBLISHED).values_list(
                "rating_overall", flat=True
            )
        )
        assert practitioner.review_count == len(published)
        if published:
            expected = (Decimal(sum(published)) / len(published)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            assert practitioner.rating_average == expected
        else:
            assert practitioner.rating_average is None


def test_seeded_rows_pass_model_validation_and_hang_together():
    seed()

    for model in (Practitioner, Clinic, License, Credential, Review):
        for obj in model.objects.all():
            obj.full_clean()
    for practitioner in Practitioner.objects.prefetch_related("clinics", "licenses"):
        primary = [c for c in practitioner.clinics.all() if c.is_primary]
        assert len(primary) == 1
        if practitioner.npi:
            assert is_valid_npi(practitioner.npi)
        for license in practitioner.licenses.all():
            # A practitioner in a state without acupuncture licensure may hold a
            # neighbouring state's license; everyone else holds their own state's.
            assert license.state == primary[0].state or license.board.licenses_acupuncturists
    unclaimed_emails = Practitioner.objects.unclaimed().values_list("email", flat=True)
    assert len(set(unclaimed_emails)) == len(unclaimed_emails)
    assert all(unclaimed_emails)


def test_nccaom_certifications_expire_four_years_after_issue():
    seed()

    nccaom = Credential.objects.filter(kind__in=Credential.NCCAOM_KINDS)
    assert nccaom.exists()
    for credential in nccaom:
        assert credential.issuer == "NCCAOM"
        assert credential.expires_on == add_years(credential.issued_on, 4)


def test_adding_years_to_29_february_lands_on_28_february():
    assert add_years(datetime.date(2024, 2, 29), -4) == datetime.date(2020, 2, 29)
    assert add_years(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 28)


def test_verification_history_ends_in_each_records_status():
    seed()

    for record in [*License.objects.all(), *Credential.objects.all()]:
        events = list(record.events.order_by("created_at", "id"))
        assert record.version == len(events)
        if events:
            assert events[0].from_status == VerificationStatus.UNVERIFIED
            assert events[-1].to_status == record.verification_status
        else:
            assert record.verification_status == VerificationStatus.UNVERIFIED


def test_records_that_need_proof_point_at_the_stored_demo_pdf():
    seed()

    needing_proof = License.objects.exclude(verification_status=VerificationStatus.UNVERIFIED)
    assert needing_proof.exclude(proof_document=PROOF_NAME).count() == 0
    assert set(needing_proof.values_list("proof_content_type", flat=True)) == {"application/pdf"}
    with storages["private"].open(PROOF_NAME) as proof:
        assert proof.read().startswith(b"%PDF-")


def test_each_author_reviews_a_practitioner_at_most_once():
    seed()

    repeated = (
        Review.objects.values("practitioner", "author").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert not repeated.exists()
    assert not Review.objects.filter(status="rejected", moderation_reason="").exists()


def test_search_fields_are_filled_as_the_search_module_builds_them():
    seed(practitioners=5)

    practitioner = Practitioner.objects.get(slug=DEMO_SLUG)
    assert (practitioner.search_name, practitioner.search_text) == build_search_fields(
        practitioner,
        practitioner.clinics.all(),
        practitioner.conditions.all(),
        practitioner.techniques.all(),
    )
