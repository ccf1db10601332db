"""The practitioner's own licenses and credentials: add, edit, delete."""

from django.db import transaction

from practitioners.models import Practitioner
from practitioners.services import DashboardError, delete_file_on_commit, only_fields

from .models import Credential, License, LicensingBoard, VerificationStatus
from .services import update_record_facts

LICENSE_FIELDS = ("state", "number", "title", "status", "issued_on", "expires_on")
CREDENTIAL_FIELDS = ("kind", "issuer", "identifier", "issued_on", "expires_on")


def _board_for(state: str):

    return LicensingBoard.objects.filter(state=state).first()


def _attach_proof(record, proof) -> None:
    record.proof_document.save(proof.content.name, proof.content, save=False)
    record.proof_content_type = proof.content_type


@transaction.atomic
def add_license(*, practitioner: Practitioner, proof=None, **facts):
    """Record a license the practitioner holds (unverified until submitted and checked)."""
    only_fields(facts, LICENSE_FIELDS)
    record = License(practitioner=practitioner, board=_board_for(facts.get("state", "")), **facts)
    if proof is not None:
        _attach_proof(record, proof)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def add_credential(*, practitioner: Practitioner, proof=None, **facts):
    """Record a certification or degree (unverified until submitted and checked)."""
    only_fields(facts, CREDENTIAL_FIELDS)
    record = Credential(practitioner=practitioner, **facts)
    if proof is not None:
        _attach_proof(record, proof)
    record.full_clean()
    record.save()
    return record


def ensure_editable(record) -> None:
    """Refuse changes while a verifier is deciding on exactly what was submitted."""
    if record.verification_status == VerificationStatus.PENDING:
        raise DashboardError(
            f"This {record.kind_label} is waiting for a verifier, who is checking exactly "
            "what you submitted. You can change it once they have decided."
        )


@transaction.atomic
def edit_record(record, *, actor, proof=None, **facts):
    """Edit a license or credential through the verification rules.

    Editing a verified license's number, state or expiry (or a credential's
    verified facts) sends it back to a verifier: `needs_review`.
    """
    ensure_editable(record)
    allowed = LICENSE_FIELDS if isinstance(record, License) else CREDENTIAL_FIELDS
    changes = dict(only_fields(facts, allowed))
    if isinstance(record, License) and "state" in changes and changes["state"] != record.state:
        changes["board"] = _board_for(changes["state"])
    if proof is not None:
        changes["proof_document"] = proof.content
        changes["proof_content_type"] = proof.content_type
    return update_record_facts(record, actor=actor, **changes)


@transaction.atomic
def delete_record(record) -> None:
    """Delete a license or credential that never went to a verifier."""
    if record.verification_status != VerificationStatus.UNVERIFIED or record.events.exists():
        raise DashboardError(
            f"This {record.kind_label} has a verification history, which we keep. If it "
            "no longer applies, contact us and we'll mark it."
        )
    name = record.proof_document.name if record.proof_document else ""
    storage = record.proof_document.storage
    record.delete()
    delete_file_on_commit(storage, name)
