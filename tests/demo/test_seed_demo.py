"""`manage.py seed_demo`: counts, every verification state, logins, determinism, idempotency.

Practitioner counts are N generated profiles plus one demo profile
(practitioner@example.com's "Mei Lin Chen"), which is created once per database.
"""

import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate, get_user_model
from django.core.files.storage import storages
from django.core.management import call_command
from django.db.models import Count

from demo import demo
from practitioners.models import Clinic, Practitioner
from practitioners.search import build_search_fields
from practitioners.validators import is_valid_npi
from reviews.models import Review
from verification.models import (
    Credential,
    License,
    LicensingBoard,
    VerificationEvent,
    VerificationStatus,
)

pytestmark = pytest.mark.django_db

N = 30
SEED = 7
REVIEWS = 3


def seed(practitioners: int = N, **options) -> str:
    out = io.StringIO()
    call_command(
        "seed_demo",
        practitioners=practitioners,
        seed=options.pop("seed", SEED),
        reviews_per_practitioner=options.pop("reviews", REVIEWS),
        stdout=out,
        **options,
    )
    return out.getvalue()


def table_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            get_user_model(),
            Practitioner,
            Clinic,
            License,
            Credential,
            VerificationEvent,
            Review,
            Practitioner.conditions.through,
        )
    }


def test_seeding_creates_n_practitioners_plus_the_demo_profile():
    seed()

    assert Practitioner.objects.count() == N + 1
    assert Practitioner.objects.filter(slug=demo.DEMO_SLUG).exists()
    assert Practitioner.objects.listed().count() > N // 2
    assert Practitioner.objects.unclaimed().exists()
    assert Review.objects.exists()


def test_licenses_and_credentials_cover_every_verification_state():
    seed()

    every_state = set(VerificationStatus.values)
    assert set(License.objects.values_list("verification_status", flat=True)) == every_state
    assert set(Credential.objects.values_list("verification_status", flat=True)) == every_state
    standings = set(License.objects.values_list("status", flat=True))
    assert {"active", "revoked", "suspended", "lapsed"} <= standings


def test_most_published_practitioners_are_verified():
    seed(practitioners=200, reviews=1)

    listed = Practitioner.objects.listed()
    assert listed.verified().count() >= 0.6 * listed.count()


def test_the_three_demo_logins_authenticate_with_verified_email_addresses():
    output = seed()

    for email in demo.DEMO_LOGINS:
        user = authenticate(email=email, password=demo.DEMO_PASSWORD)
        assert user is not None, email
        assert EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True)
        assert email in output
    assert authenticate(email=demo.ADMIN_EMAIL, password=demo.DEMO_PASSWORD).is_superuser
    patient = get_user_model().objects.get(email=demo.PATIENT_EMAIL)
    assert patient.reviews.filter(status=Review.Status.PUBLISHED).count() == 1


def test_pool_patients_cannot_log_in():
    seed()

    patient = get_user_model().objects.get(email=demo.patient_email(0))
    assert not patient.has_usable_password()


def test_the_demo_practitioner_owns_a_verified_profile_in_portland():
    seed()

    profile = Practitioner.objects.get(owner__email=demo.PRACTITIONER_EMAIL)
    assert profile.slug == "mei-lin-chen"
    assert Practitioner.objects.listed().verified().filter(pk=profile.pk).exists()
    assert sorted(profile.clinics.values_list("zip_code", "state")) == [
        ("97209", "OR"),
        ("97214", "OR"),
    ]
    assert profile.credentials.filter(verification_status=VerificationStatus.VERIFIED).exists()
    assert profile.reviews.filter(status=Review.Status.PUBLISHED).count() >= 5


def test_the_plan_is_the_same_for_the_same_seed_and_grows_by_prefix():
    def plan(seed: int, count: int) -> list:
        return demo.fingerprint(
            list(demo.plan_practitioners(seed=seed, count=count, reviews_per_practitioner=4))
        )

    assert plan(SEED, 40) == plan(SEED, 40)
    assert plan(SEED, 60)[:40] == plan(SEED, 40)
    assert plan(SEED + 1, 40) != plan(SEED, 40)


def test_which_states_license_acupuncture_changes_licenses_but_not_reviews():
    def plan(unlicensed: frozenset[str]) -> list:
        return list(
            demo.plan_practitioners(
                seed=SEED, count=300, reviews_per_practitioner=4, unlicensed_states=unlicensed
            )
        )

    usual, none = plan(frozenset({"AL", "OK", "SD"})), plan(frozenset())

    assert [p.reviews for p in usual] == [p.reviews for p in none]
    assert [p.licenses for p in usual] != [p.licenses for p in none]


def test_seeding_writes_the_plan():
    seed()

    unlicensed = LicensingBoard.objects.filter(licenses_acupuncturists=False)
    plans = list(
        demo.plan_practitioners(
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


def test_running_again_creates_nothing_and_a_larger_n_adds_the_difference():
    seed()
    before = table_counts()
    slugs = set(Practitioner.objects.values_list("slug", flat=True))

    output = seed()

    assert table_counts() == before
    assert "Added 0 practitioner" in output

    seed(practitioners=N + 10)

    assert Practitioner.objects.count() == N + 10 + 1
    assert slugs < set(Practitioner.objects.values_list("slug", flat=True))


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
        assert credential.expires_on == demo.add_years(credential.issued_on, 4)


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
    assert needing_proof.exclude(proof_document=demo.PROOF_NAME).count() == 0
    assert set(needing_proof.values_list("proof_content_type", flat=True)) == {"application/pdf"}
    with storages["private"].open(demo.PROOF_NAME) as proof:
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

    practitioner = Practitioner.objects.get(slug=demo.DEMO_SLUG)
    assert (practitioner.search_name, practitioner.search_text) == build_search_fields(
        practitioner,
        practitioner.clinics.all(),
        practitioner.conditions.all(),
        practitioner.techniques.all(),
    )


def test_progress_is_shown_and_quiet_mode_prints_nothing():
    assert "Practitioners [####################] 100% 30/30" in seed()
    assert seed(verbosity=0) == ""
