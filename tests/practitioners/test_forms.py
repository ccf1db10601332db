"""Dashboard forms: only the fields a practitioner may set, with errors people can act on."""

import datetime

import pytest
from django.utils import timezone

from practitioners.forms import ClinicForm, ProfileForm
from tests.factories import (
    MINIMAL_PDF,
    CredentialFactory,
    LicenseFactory,
    PractitionerFactory,
    upload,
)
from verification.forms import CredentialForm, LicenseForm
from verification.models import License

pytestmark = pytest.mark.django_db
FORBIDDEN = {
    "owner", "publication_status", "slug", "review_count", "rating_average", "verification_status",
    "verified_by", "verified_at", "primary_source", "primary_source_reference", "next_recheck_on",
    "rejection_reason", "proof_document", "proof_content_type", "version", "practitioner",
    "submitted_at", "board", "latitude", "longitude", "search_name", "search_text",
}  # fmt: skip


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.mark.parametrize("form_class", [ProfileForm, ClinicForm, LicenseForm, CredentialForm])
def test_no_form_offers_a_field_the_practitioner_may_not_set(form_class):
    assert not FORBIDDEN & set(form_class().fields)


def test_the_npi_check_digit_error_is_the_validators_message():
    form = ProfileForm(data={"first_name": "A", "last_name": "B", "npi": "1234567890"})
    assert form.errors["npi"] == ["This NPI's check digit is wrong; please check the number."]


def test_an_npi_already_on_another_profile_points_to_claiming_it():
    PractitionerFactory(npi="1234567893")
    form = ProfileForm(data={"first_name": "A", "last_name": "B", "npi": "1234567893"})
    assert "claim it instead" in form.errors["npi"][0]


def test_the_remove_photo_box_appears_only_when_there_is_a_photo():
    assert "remove_photo" not in ProfileForm(instance=PractitionerFactory()).fields


def test_a_license_expiring_before_it_was_issued_is_an_error():
    form = LicenseForm(
        data={"state": "OR", "number": "X1", "title": "lac", "status": "active",
              "issued_on": in_days(10), "expires_on": in_days(5)},
        instance=License(practitioner=PractitionerFactory()),
    )  # fmt: skip
    assert form.errors["expires_on"] == ["The expiry date can't be before the issue date."]


def test_a_new_license_that_has_already_expired_asks_for_the_renewed_one():
    form = LicenseForm(
        data={"state": "OR", "number": "X1", "title": "lac", "status": "active",
              "expires_on": in_days(-3)},
        instance=License(practitioner=PractitionerFactory()),
    )  # fmt: skip
    assert "has passed" in form.errors["expires_on"][0]


def test_the_confirm_box_is_only_on_a_verified_record():
    assert "confirm_review" not in LicenseForm(instance=LicenseFactory()).fields
    assert "confirm_review" in LicenseForm(instance=LicenseFactory(verified=True)).fields


def test_changing_a_verified_license_expiry_without_confirming_names_the_change():
    record = LicenseFactory(verified=True)
    form = LicenseForm(
        data={"state": record.state, "number": record.number, "expires_on": in_days(800)},
        instance=record,
    )
    assert form.errors["confirm_review"][0].startswith("You changed the expiry date.")


def test_changing_only_the_proof_of_a_verified_license_needs_no_confirmation():
    record = LicenseFactory(verified=True)
    form = LicenseForm(
        data={
            "state": record.state,
            "number": record.number,
            "issued_on": record.issued_on,
            "expires_on": record.expires_on,
        },
        files={"proof": upload(MINIMAL_PDF)},
        instance=record,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["proof"].content_type == "application/pdf"


def test_a_php_file_as_proof_is_an_error_on_the_proof_field():
    form = CredentialForm(
        data={"kind": "dacm", "issuer": "School"},
        files={"proof": upload(b"<?php echo 1; ?>", "x.pdf")},
        practitioner=PractitionerFactory(),
    )
    assert "isn't a PDF, JPEG or PNG file" in form.errors["proof"][0]


def test_changing_a_verified_credential_kind_needs_confirmation():
    record = CredentialFactory(verified=True, kind="dipl-ac")
    form = CredentialForm(
        data={"kind": "dipl-om", "issuer": record.issuer, "expires_on": record.expires_on},
        instance=record,
    )
    assert "You changed the credential" in form.errors["confirm_review"][0]
