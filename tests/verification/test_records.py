"""The practitioner's own licenses and credentials: add, edit, delete."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    MINIMAL_PDF,
    LicenseFactory,
    PractitionerFactory,
    upload,
)
from verification import records, uploads
from verification.models import License, VerificationStatus

pytestmark = pytest.mark.django_db
S = VerificationStatus


def checked_pdf():
    return uploads.check_proof_document(upload(MINIMAL_PDF))


def test_add_license_stores_proof_privately_with_its_type_and_board():
    record = records.add_license(
        practitioner=PractitionerFactory(),
        proof=checked_pdf(),
        state="WA",
        number="AC1",
        title="lac",
        status="active",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert record.board.state == "WA"
    assert record.proof_content_type == "application/pdf"
    assert record.proof_document.storage.exists(record.proof_document.name)
    assert record.verification_status == S.UNVERIFIED


def test_edit_record_sends_a_verified_license_with_a_new_state_to_needs_review():
    record = LicenseFactory(verified=True, state="OR")
    records.edit_record(record, actor=record.practitioner.owner, state="WA")
    record.refresh_from_db()
    assert record.verification_status == S.NEEDS_REVIEW
    assert record.board.state == "WA"


def test_edit_record_refuses_while_pending():
    record = LicenseFactory(pending=True)
    with pytest.raises(records.DashboardError, match="waiting for a verifier"):
        records.edit_record(record, actor=None, number="NEW")


def test_delete_record_refuses_once_submitted():
    record = LicenseFactory(with_proof=True)
    from verification.services import submit_for_verification

    submit_for_verification(record, actor=None)
    with pytest.raises(records.DashboardError, match="verification history"):
        records.delete_record(record)
    assert License.objects.filter(pk=record.pk).exists()


def test_record_services_refuse_verification_fields():
    practitioner = PractitionerFactory()
    with pytest.raises(TypeError, match="verification_status"):
        records.add_license(practitioner=practitioner, verification_status="verified")
