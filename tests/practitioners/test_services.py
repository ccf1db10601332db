"""Dashboard services: each write keeps the search text current and the rules intact."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from core import uploads as core_uploads
from core.photos import thumbnail_name, thumbnail_names
from practitioners import services
from practitioners.models import Clinic, Condition, Practitioner
from tests.factories import (
    MINIMAL_PDF,
    AccountFactory,
    ClaimRequestFactory,
    ClinicFactory,
    LicenseFactory,
    PractitionerFactory,
    image_bytes,
    upload,
)
from verification import uploads
from verification.models import VerificationStatus

pytestmark = pytest.mark.django_db
S = VerificationStatus


def checked_pdf():
    return uploads.check_proof_document(upload(MINIMAL_PDF))


def test_create_own_profile_sets_owner_relations_and_search_text():
    owner = AccountFactory()
    practitioner = services.create_own_profile(
        owner=owner,
        first_name=" Ana ",
        last_name="Ruiz",
        bio="Migraine care",
        conditions=list(Condition.objects.filter(slug="migraine")),
    )
    assert practitioner.owner == owner and practitioner.first_name == "Ana"
    assert practitioner.publication_status == Practitioner.Publication.DRAFT
    assert practitioner.search_name == "ana ruiz" and "migraine" in practitioner.search_text


def test_create_own_profile_refuses_a_second_profile():
    owner = AccountFactory()
    PractitionerFactory(owner=owner)
    with pytest.raises(services.DashboardError, match="already has a profile"):
        services.create_own_profile(owner=owner, first_name="A", last_name="B")


def test_create_own_profile_refuses_while_a_claim_is_pending():
    claim = ClaimRequestFactory()
    with pytest.raises(services.DashboardError, match="claim waiting"):
        services.create_own_profile(owner=claim.user, first_name="A", last_name="B")


def test_services_refuse_fields_outside_their_list():
    practitioner = PractitionerFactory()
    with pytest.raises(TypeError, match="publication_status"):
        services.update_profile(practitioner=practitioner, publication_status="published")


def test_replacing_a_photo_deletes_the_old_file_after_commit(django_capture_on_commit_callbacks):
    practitioner = PractitionerFactory()
    photo = core_uploads.check_photo(upload(image_bytes("PNG"), "a.png", "image/png"))
    services.update_profile(practitioner=practitioner, photo=photo)
    first = practitioner.photo.name
    assert default_storage.exists(first)
    photo = core_uploads.check_photo(upload(image_bytes("JPEG"), "b.jpg", "image/jpeg"))
    with django_capture_on_commit_callbacks(execute=True):
        services.update_profile(practitioner=practitioner, photo=photo)
    assert practitioner.photo.name != first and not default_storage.exists(first)


def test_storing_a_photo_writes_its_thumbnails_and_replacing_it_deletes_them(
    django_capture_on_commit_callbacks,
):
    practitioner = PractitionerFactory()
    photo = core_uploads.check_photo(
        upload(image_bytes("PNG", size=(600, 800)), "a.png", "image/png")
    )
    services.update_profile(practitioner=practitioner, photo=photo)
    first = thumbnail_names(practitioner.photo.name)
    assert all(default_storage.exists(name) for name in first)
    with default_storage.open(thumbnail_name(practitioner.photo.name, 240)) as stored:
        assert Image.open(stored).size == (240, 240)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_profile(practitioner=practitioner, photo=None, remove_photo=True)
    assert not practitioner.photo and not any(default_storage.exists(name) for name in first)


def test_update_clinic_keeps_the_only_clinic_main():
    clinic = ClinicFactory(is_primary=True)
    services.update_clinic(
        clinic=clinic,
        zip_code="97214",
        name="Still main",
        address_line1="1 Main",
        address_line2="",
        city="Portland",
        state="OR",
        phone="",
        accessibility_notes="",
        is_primary=False,
    )
    clinic.refresh_from_db()
    assert clinic.is_primary


def test_update_clinic_refreshes_the_search_text():
    clinic = ClinicFactory(name="Old name", is_primary=True)
    services.update_clinic(
        clinic=clinic, zip_code="80302", name="Boulder Needles", address_line1="1 Pearl",
        address_line2="", city="Boulder", state="CO", phone="", accessibility_notes="",
        is_primary=True,
    )  # fmt: skip
    practitioner = Practitioner.objects.get(pk=clinic.practitioner_id)
    assert (
        "boulder needles" in practitioner.search_text and "old name" not in practitioner.search_text
    )


def test_remove_clinic_refreshes_the_search_text():
    clinic = ClinicFactory(name="Gone Clinic")
    services.add_own_clinic(
        practitioner=clinic.practitioner, zip_code="97214", name="Stays", address_line1="1",
        city="Portland", state="OR",
    )  # fmt: skip
    services.remove_clinic(clinic=clinic)
    practitioner = Practitioner.objects.get(pk=clinic.practitioner_id)
    assert "gone clinic" not in practitioner.search_text and Clinic.objects.count() == 1


def test_publication_blockers_name_what_is_missing():
    practitioner = PractitionerFactory(publication_status="draft")
    assert services.publication_blockers(practitioner) == [
        "Add at least one clinic, so patients near you can find you."
    ]
    ClinicFactory(practitioner=practitioner)
    assert services.publication_blockers(practitioner) == []


def test_profile_edits_never_overwrite_the_stored_standing_or_ratings():
    from practitioners import services as profile_services
    from practitioners.models import Practitioner as P
    from tests.factories import PractitionerFactory

    stale = PractitionerFactory()
    LicenseFactory(practitioner=stale, verified=True)  # stores verified_until in the database
    P.objects.filter(pk=stale.pk).update(review_count=2, rating_average=4.5)
    profile_services.update_profile(practitioner=stale, bio="Edited from an old copy.")
    fresh = P.objects.get(pk=stale.pk)
    assert fresh.bio == "Edited from an old copy."
    assert fresh in P.objects.verified()
    assert (fresh.review_count, float(fresh.rating_average)) == (2, 4.5)


def test_an_unknown_zip_code_is_refused_by_the_clinic_service_naming_the_zip():
    with pytest.raises(ValidationError) as caught:
        services.add_clinic(
            practitioner=PractitionerFactory(),
            zip_code="00000",
            name="C",
            address_line1="1 Main St",
            city="X",
            state="OR",
        )
    assert caught.value.message_dict == {"zip_code": ["We don't know the ZIP code 00000."]}


def test_a_zip_code_outside_the_chosen_state_is_refused_on_add_and_on_update():
    practitioner = PractitionerFactory()
    fields = {"name": "C", "address_line1": "1 Main St", "city": "Portland", "state": "WA"}
    with pytest.raises(ValidationError, match="97214 is in Portland, Oregon, not Washington"):
        services.add_clinic(practitioner=practitioner, zip_code="97214", **fields)
    clinic = services.add_clinic(
        practitioner=practitioner, zip_code="97214", **{**fields, "state": "OR"}
    )
    with pytest.raises(ValidationError, match="not Washington"):
        services.update_clinic(clinic=clinic, zip_code="97214", state="WA")
    clinic.refresh_from_db()
    assert clinic.state == "OR"


@pytest.mark.django_db
def test_slugs_for_many_new_profiles_are_free_and_distinct(django_assert_max_num_queries):
    PractitionerFactory(slug="jane-doe")
    PractitionerFactory(slug="jane-doe-3")
    names = [("Jane", "Doe"), ("Jane", "Doe"), ("Sam", "Roe"), ("Ana", "Ruiz"), ("Ana", "Ruiz")]
    with django_assert_max_num_queries(2):  # the bases, then the crowded bases' variants
        slugs = services.unique_practitioner_slugs(names)
    assert slugs == ["jane-doe-2", "jane-doe-4", "sam-roe", "ana-ruiz", "ana-ruiz-2"]


@pytest.mark.django_db
def test_slugs_for_distinct_new_names_cost_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert services.unique_practitioner_slugs([("Li", "Wu"), ("", "")]) == [
            "li-wu",
            "practitioner",
        ]
