"""`demo.seed`: counts, every verification state, the demo logins, idempotency."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate, get_user_model

from demo.accounts import (
    ADMIN_EMAIL,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DEMO_SLUG,
    PATIENT_EMAIL,
    patient_email,
)
from demo.seed import SeedError, seed_demo
from practitioners.models import Practitioner
from reviews.models import Review
from tests.demo.seeding import N, seed, table_counts
from verification.models import (
    Credential,
    License,
    LicensingBoard,
    VerificationEvent,
    VerificationStatus,
)

pytestmark = pytest.mark.django_db


def test_seeding_creates_n_practitioners_plus_the_demo_profile():
    seed()

    assert Practitioner.objects.count() == N + 1
    assert Practitioner.objects.filter(slug=DEMO_SLUG).exists()
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


def test_every_verification_names_a_source_true_for_its_record_and_a_reference():
    seed()

    # The hand-written demo profile (demo/demo_profile.py) is planned separately.
    generated = {"practitioner__slug": DEMO_SLUG}
    for model in (License, Credential):
        checked = model.objects.exclude(**generated).exclude(verified_at=None)
        assert checked.exists()
        for record in checked:
            assert record.primary_source in record.primary_sources, record
            assert record.primary_source_reference.strip(), record
    events = VerificationEvent.objects.exclude(**generated).filter(to_status="verified")
    assert events.exists()
    assert not events.filter(primary_source="").exists()
    assert not events.filter(primary_source_reference="").exists()


def test_most_published_practitioners_are_verified():
    seed(practitioners=200, reviews=1)

    listed = Practitioner.objects.listed()
    assert listed.verified().count() >= 0.6 * listed.count()


def test_the_three_demo_logins_authenticate_with_verified_email_addresses():
    output = seed()

    for email in DEMO_LOGINS:
        user = authenticate(email=email, password=DEMO_PASSWORD)
        assert user is not None, email
        assert EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True)
        assert email in output
    assert authenticate(email=ADMIN_EMAIL, password=DEMO_PASSWORD).is_superuser
    patient = get_user_model().objects.get(email=PATIENT_EMAIL)
    assert patient.reviews.filter(status=Review.Status.PUBLISHED).count() == 1


def test_pool_patients_cannot_log_in():
    seed()

    patient = get_user_model().objects.get(email=patient_email(0))
    assert not patient.has_usable_password()


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


def test_seeding_before_migrations_loaded_the_reference_data_is_refused():
    LicensingBoard.objects.all().delete()

    with pytest.raises(SeedError, match="migrate"):
        seed_demo(practitioners=1)
    assert not Practitioner.objects.exists()
