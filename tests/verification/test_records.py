"""The practitioner's own licenses and credentials: add, edit, delete."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import (
    MINIMAL_PDF,
    CredentialFactory,
    LicenseFactory,
    PractitionerFactory,
    upload,
)
from verification import records, uploads
from verification.models import Credential, License, LicensingBoard, VerificationStatus

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


# What the directory refuses to record


def in_a_year() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=365)


@pytest.fixture
def no_acupuncture_board():
    LicensingBoard.objects.update_or_create(state="AL", defaults={"licenses_acupuncturists": False})


def license_facts(**overrides) -> dict:
    facts = {"state": "AL", "number": "AC9", "title": "lac", "expires_on": in_a_year()}
    return {**facts, **overrides}


def test_add_license_refuses_an_acupuncture_license_where_the_board_issues_none(
    no_acupuncture_board,
):
    with pytest.raises(ValidationError) as refused:
        records.add_license(practitioner=PractitionerFactory(), **license_facts())
    assert list(refused.value.message_dict) == ["state"]
    assert refused.value.message_dict["state"][0].startswith(
        "As far as we know, Alabama doesn't issue acupuncture licenses."
    )
    assert not License.objects.filter(number="AC9").exists()


def test_a_refused_license_leaves_no_stored_proof(no_acupuncture_board, settings):
    private = settings.STORAGES["private"]["OPTIONS"]["location"]
    with pytest.raises(ValidationError):
        records.add_license(
            practitioner=PractitionerFactory(), proof=checked_pdf(), **license_facts()
        )
    assert not [path for path in private.rglob("*") if path.is_file()]


def test_add_license_accepts_a_physicians_license_where_the_board_issues_no_acupuncture_ones(
    no_acupuncture_board,
):
    record = records.add_license(
        practitioner=PractitionerFactory(), **license_facts(title="physician")
    )
    assert record.pk and record.state == "AL"


def test_edit_record_refuses_moving_a_license_to_a_state_that_issues_none(no_acupuncture_board):
    record = LicenseFactory(state="OR")
    with pytest.raises(ValidationError) as refused:
        records.edit_record(record, actor=None, state="AL")
    assert "state" in refused.value.message_dict
    record.refresh_from_db()
    assert record.state == "OR"


def test_edit_record_keeps_an_existing_license_editable_after_its_board_stopped_licensing(
    no_acupuncture_board,
):
    # Recorded (and verified) before our reference data changed: the rule judges
    # new facts, so renewing it is not refused.
    record = LicenseFactory(state="AL", verified=True)
    records.edit_record(record, actor=None, state="AL", expires_on=in_a_year())
    record.refresh_from_db()
    assert record.expires_on == in_a_year()


def test_add_credential_refuses_an_nccaom_certification_without_expiry():
    with pytest.raises(ValidationError) as refused:
        records.add_credential(
            practitioner=PractitionerFactory(), kind="dipl-om", issuer="NCCAOM", expires_on=None
        )
    assert refused.value.message_dict == {
        "expires_on": ["NCCAOM certifications expire; enter the date on your certificate."]
    }
    assert not Credential.objects.exists()


def test_add_credential_accepts_a_degree_without_expiry():
    record = records.add_credential(
        practitioner=PractitionerFactory(), kind="dacm", issuer="Pacific College"
    )
    assert record.pk and record.expires_on is None


def test_edit_record_refuses_clearing_an_nccaom_certifications_expiry():
    record = CredentialFactory(kind="dipl-ac")
    with pytest.raises(ValidationError) as refused:
        records.edit_record(record, actor=None, expires_on=None)
    assert list(refused.value.message_dict) == ["expires_on"]
    record.refresh_from_db()
    assert record.expires_on is not None


def test_edit_record_refuses_turning_a_degree_into_an_nccaom_certification_without_expiry():
    record = CredentialFactory(kind="dacm", expires_on=None)
    with pytest.raises(ValidationError, match="NCCAOM certifications expire"):
        records.edit_record(record, actor=None, kind="dipl-ac")


def test_replacing_a_proof_deletes_the_old_file_once_the_edit_commits(
    django_capture_on_commit_callbacks,
):
    record = LicenseFactory(verified=True, with_proof=True)
    storage, old_name = record.proof_document.storage, record.proof_document.name
    with django_capture_on_commit_callbacks(execute=True):
        records.edit_record(record, actor=record.practitioner.owner, proof=checked_pdf())
        assert storage.exists(old_name)  # still there until the edit is committed
    record.refresh_from_db()
    assert record.proof_document.name != old_name
    assert storage.exists(record.proof_document.name)
    assert not storage.exists(old_name)
    assert record.verification_status == S.VERIFIED


def test_a_refused_edit_with_a_new_proof_keeps_the_old_file(django_capture_on_commit_callbacks):
    LicensingBoard.objects.update_or_create(state="AL", defaults={"licenses_acupuncturists": False})
    record = LicenseFactory(with_proof=True, state="OR")
    storage, old_name = record.proof_document.storage, record.proof_document.name
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        records.edit_record(record, actor=None, state="AL", proof=checked_pdf())
    assert callbacks == [] and storage.exists(old_name)


def test_an_edit_without_a_new_proof_leaves_the_file_alone(django_capture_on_commit_callbacks):
    record = LicenseFactory(with_proof=True)
    storage, name = record.proof_document.storage, record.proof_document.name
    with django_capture_on_commit_callbacks(execute=True):
        records.edit_record(record, actor=None, number="AC777")
    record.refresh_from_db()
    assert record.proof_document.name == name and storage.exists(name)


def test_a_license_refused_at_save_leaves_no_stored_proof(monkeypatch):
    existing = LicenseFactory(state="OR", number="DUP-1")
    storage = License._meta.get_field("proof_document").storage
    before = set(storage.listdir("proofs")[1]) if storage.exists("proofs") else set()
    with pytest.raises(ValidationError):
        records.add_license(
            practitioner=PractitionerFactory(),
            proof=checked_pdf(),
            state="OR",
            number=existing.number,
            title="lac",
            status="active",
        )
    after = set(storage.listdir("proofs")[1]) if storage.exists("proofs") else set()
    assert after == before


def test_registry_licenses_asks_nothing_of_the_database_for_no_licenses(
    django_assert_num_queries,
):
    # The NPPES import updates listings whose licenses did not change: no query for none.
    with django_assert_num_queries(0):
        records.registry_licenses([])
