import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from practitioners.geo import bounding_box, great_circle_miles
from practitioners.models import Clinic, Condition, Language, Practitioner, Technique
from tests.factories import (
    ClinicFactory,
    CredentialFactory,
    LicenseFactory,
    PractitionerFactory,
    npi_for,
)
from verification.models import (
    Credential,
    License,
    LicensingBoard,
    PrimarySource,
    VerificationEvent,
    VerificationStatus,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def assert_db_refuses(factory, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)


# Practitioner constraints


def test_two_profiles_cannot_share_an_npi():
    PractitionerFactory(npi=npi_for(1))
    assert_db_refuses(PractitionerFactory, npi=npi_for(1))


def test_many_profiles_may_leave_the_npi_empty():
    PractitionerFactory(npi="")
    PractitionerFactory(npi="")
    assert Practitioner.objects.filter(npi="").count() == 2


def test_an_npi_must_be_ten_digits_in_the_database():
    assert_db_refuses(PractitionerFactory, npi="12345")


def test_fee_range_must_be_ordered():
    assert_db_refuses(PractitionerFactory, fee_min=200, fee_max=100)
    assert PractitionerFactory(fee_min=100, fee_max=100).fee_max == 100


def test_years_treating_pain_cannot_exceed_years_in_practice():
    assert_db_refuses(PractitionerFactory, years_in_practice=5, years_treating_chronic_pain=6)


def test_years_in_practice_must_be_plausible():
    assert_db_refuses(PractitionerFactory, years_in_practice=120, years_treating_chronic_pain=1)


def test_slug_is_unique():
    PractitionerFactory(slug="jane-doe")
    assert_db_refuses(PractitionerFactory, slug="jane-doe")


def test_publication_status_must_be_a_known_state():
    assert_db_refuses(PractitionerFactory, publication_status="secret")


def test_rating_aggregates_must_agree_with_the_count():
    assert_db_refuses(PractitionerFactory, review_count=0, rating_average=4)
    assert_db_refuses(PractitionerFactory, review_count=3, rating_average=None)
    assert_db_refuses(PractitionerFactory, review_count=3, rating_average=6)


def test_an_account_owns_at_most_one_profile(django_user_model):
    owner = django_user_model.objects.create_user("owner@example.org", "x")
    PractitionerFactory(owner=owner)
    assert_db_refuses(PractitionerFactory, owner=owner)


# Clinic constraints


def test_clinic_zip_must_be_five_digits():
    assert_db_refuses(ClinicFactory, zip_code="9721")


def test_clinic_coordinates_must_be_on_earth():
    assert_db_refuses(ClinicFactory, latitude=91)
    assert_db_refuses(ClinicFactory, longitude=-181)


def test_a_practitioner_has_one_primary_clinic_at_most():
    practitioner = PractitionerFactory()
    ClinicFactory(practitioner=practitioner, is_primary=True)
    ClinicFactory(practitioner=practitioner, is_primary=False)
    assert_db_refuses(ClinicFactory, practitioner=practitioner, is_primary=True)


# License and credential constraints


def test_a_license_number_is_unique_within_its_state():
    LicenseFactory(state="OR", number="AC1")
    LicenseFactory(state="CA", number="AC1")
    assert_db_refuses(LicenseFactory, state="OR", number="AC1")


def test_a_license_needs_a_number():
    assert_db_refuses(LicenseFactory, number="")


def test_a_license_standing_must_be_known():
    assert_db_refuses(LicenseFactory, status="great")


@pytest.mark.parametrize("factory", [LicenseFactory, CredentialFactory])
def test_verification_status_must_be_known(factory):
    assert_db_refuses(factory, verification_status="maybe")


@pytest.mark.parametrize("factory", [LicenseFactory, CredentialFactory])
def test_a_verified_record_needs_its_source_and_time(factory):
    assert_db_refuses(factory, verification_status=VerificationStatus.VERIFIED)
    assert_db_refuses(
        factory,
        verification_status=VerificationStatus.VERIFIED,
        verified_at=timezone.now(),
        primary_source="",
    )
    factory(
        verification_status=VerificationStatus.VERIFIED,
        verified_at=timezone.now(),
        primary_source=PrimarySource.STATE_BOARD_LOOKUP,
    )


@pytest.mark.parametrize("factory", [LicenseFactory, CredentialFactory])
def test_a_rejected_record_needs_a_reason(factory):
    assert_db_refuses(factory, verification_status=VerificationStatus.REJECTED)
    factory(verification_status=VerificationStatus.REJECTED, rejection_reason="Number not found.")


@pytest.mark.parametrize("factory", [LicenseFactory, CredentialFactory])
def test_a_pending_record_needs_a_proof_document(factory):
    assert_db_refuses(factory, verification_status=VerificationStatus.PENDING)
    factory(verification_status=VerificationStatus.PENDING, with_proof=True)


@pytest.mark.parametrize("factory", [LicenseFactory, CredentialFactory])
def test_expiry_cannot_precede_issue(factory):
    assert_db_refuses(
        factory, issued_on=datetime.date(2024, 1, 2), expires_on=datetime.date(2024, 1, 1)
    )


def test_one_credential_of_each_kind_per_practitioner():
    practitioner = PractitionerFactory()
    CredentialFactory(practitioner=practitioner, kind=Credential.Kind.DIPL_AC)
    CredentialFactory(practitioner=practitioner, kind=Credential.Kind.DIPL_OM)
    assert_db_refuses(CredentialFactory, practitioner=practitioner, kind=Credential.Kind.DIPL_AC)


def test_a_credential_needs_an_issuer():
    assert_db_refuses(CredentialFactory, issuer="")


# Verification events


def test_an_event_belongs_to_exactly_one_record():
    license = LicenseFactory()
    credential = CredentialFactory(practitioner=license.practitioner)
    with pytest.raises(IntegrityError), transaction.atomic():
        VerificationEvent.objects.create(
            practitioner=license.practitioner, to_status="pending", from_status="unverified"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        VerificationEvent.objects.create(
            practitioner=license.practitioner,
            license=license,
            credential=credential,
            from_status="unverified",
            to_status="pending",
        )


def test_an_event_must_change_the_status():
    license = LicenseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        VerificationEvent.objects.create(
            practitioner=license.practitioner,
            license=license,
            from_status="pending",
            to_status="pending",
        )


def test_events_are_append_only():
    license = LicenseFactory()
    event = VerificationEvent.objects.create(
        practitioner=license.practitioner,
        license=license,
        from_status="unverified",
        to_status="pending",
    )
    event.note = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert VerificationEvent.objects.get(pk=event.pk).note == ""


# Reference data


def test_reference_data_is_seeded_by_migration():

    assert {"low-back-pain", "neck-pain", "fibromyalgia", "migraine", "sciatica"} <= set(
        Condition.objects.values_list("slug", flat=True)
    )
    assert set(Technique.objects.values_list("slug", flat=True)) == {
        "tcm",
        "western-medical",
        "auricular",
        "electro",
    }
    assert Language.objects.filter(code="es").exists()
    assert LicensingBoard.objects.count() >= 51
    assert set(
        LicensingBoard.objects.filter(licenses_acupuncturists=False).values_list("state", flat=True)
    ) == {"AL", "OK", "SD"}


def test_every_condition_and_technique_links_to_an_article_section():

    for model in (Condition, Technique):
        for item in model.objects.select_related("explained_by__article"):
            assert item.explained_by is not None, item
            assert item.explained_by.get_absolute_url().startswith("/learn/")


def test_language_codes_are_iso_639_1_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Language.objects.create(code="EN", name="Shouting English")


# QuerySets


def test_verified_means_a_verified_active_unexpired_license():
    good = LicenseFactory(verified=True).practitioner
    LicenseFactory(verified=True, status=License.Standing.REVOKED)
    LicenseFactory(
        verified=True,
        issued_on=TODAY() - datetime.timedelta(days=800),
        expires_on=TODAY() - datetime.timedelta(days=1),
    )
    LicenseFactory(pending=True)
    LicenseFactory()
    assert list(Practitioner.objects.verified()) == [good]
    flags = dict(Practitioner.objects.with_verified_flag().values_list("pk", "is_verified"))
    assert sum(flags.values()) == 1 and flags[good.pk]


def test_a_license_expiring_today_still_counts():
    practitioner = LicenseFactory(verified=True, expires_on=TODAY()).practitioner
    assert practitioner in Practitioner.objects.verified()


def test_listed_shows_only_published_profiles():
    published = PractitionerFactory()
    PractitionerFactory(publication_status=Practitioner.Publication.DRAFT)
    PractitionerFactory(publication_status=Practitioner.Publication.UNPUBLISHED)
    assert list(Practitioner.objects.listed()) == [published]


def test_great_circle_distance_is_in_miles():
    # Portland to Seattle is about 145 miles as the crow flies.
    assert great_circle_miles(45.5152, -122.6784, 47.6062, -122.3321) == pytest.approx(145, abs=3)
    min_lat, max_lat, min_lon, max_lon = bounding_box(45.5, -122.6, 10)
    assert great_circle_miles(45.5, -122.6, max_lat, -122.6) == pytest.approx(10, rel=0.01)
    assert great_circle_miles(45.5, -122.6, 45.5, max_lon) >= 9.9


def test_clinic_one_line_address():
    clinic = Clinic(address_line1="1 Main St", city="Portland", state="OR", zip_code="97214")
    assert clinic.one_line_address == "1 Main St, Portland, OR 97214"


def test_named_needs_every_word_in_the_first_or_last_name():
    chen = PractitionerFactory(first_name="Mei-Lin", last_name="Chen")
    PractitionerFactory(first_name="Mei", last_name="Okafor")
    assert list(Practitioner.objects.named("mei chen")) == [chen]
    assert set(Practitioner.objects.named("MEI")) == set(Practitioner.objects.all())
    assert list(Practitioner.objects.named("nobody")) == []
