"""The practitioner's own licenses and credentials: add, edit, delete.

The directory's rules about what may be recorded live here, not in the forms:
a refused fact raises `ValidationError` keyed by field name, so any caller
(the dashboard, the admin, a script) gets the same answer.
"""

import copy

from django.core.exceptions import ValidationError
from django.db import transaction

from core.bulk import insert_rows, validate_row
from practitioners.models import Practitioner
from practitioners.services import DashboardError, delete_file_on_commit, only_fields

from .choices import DeclaredSource
from .kinds import Record
from .models import Credential, License, LicensingBoard, VerificationStatus
from .services import update_record_facts

ACUPUNCTURE_TITLES = frozenset({License.Title.LAC, License.Title.ACUPUNCTURIST})


def _refuse(record: Record, facts: set[str]) -> None:
    """Raise ValidationError, by field, for the facts being set that may not be recorded."""
    errors = {}
    # Each rule is judged when one of its facts is set, not on every later edit:
    # a record verified before a board changed its mind stays editable.
    if facts & {"state", "title"} and record.title in ACUPUNCTURE_TITLES:
        board = LicensingBoard.objects.for_state(record.state)
        if board and not board.licenses_acupuncturists:
            errors["state"] = (
                f"As far as we know, {record.get_state_display()} doesn't issue acupuncture "
                "licenses. If you hold another license with acupuncture in its scope "
                "(a physician's, for example), choose that title."
            )
    if facts & {"kind", "expires_on"} and record.is_nccaom and not record.expires_on:
        errors["expires_on"] = "NCCAOM certifications expire; enter the date on your certificate."
    if errors:
        raise ValidationError(errors)


def _attach_proof(record, proof) -> None:
    record.proof_document.save(proof.content.name, proof.content, save=False)
    record.proof_content_type = proof.content_type


@transaction.atomic
def add_record(model: type[Record], *, practitioner: Practitioner, proof=None, **facts) -> Record:
    """Record a license or credential the practitioner holds (unverified until checked)."""
    only_fields(facts, model.editable_fields)
    record = model(practitioner=practitioner, **facts)
    if "state" in facts:
        record.board = LicensingBoard.objects.for_state(facts["state"])
    # Refused before the proof is stored, so a refusal leaves no orphan file.
    _refuse(record, set(model.editable_fields))
    record.full_clean(exclude=["proof_document"])
    if proof is not None:
        _attach_proof(record, proof)
    try:
        record.full_clean()
        record.save()
    except Exception:
        # Nothing references the stored proof once this fails: remove it now.
        if record.proof_document:
            record.proof_document.storage.delete(record.proof_document.name)
        raise
    return record


def add_license(*, practitioner: Practitioner, proof=None, **facts) -> License:
    """Record a license the practitioner holds (unverified until submitted and checked)."""
    return add_record(License, practitioner=practitioner, proof=proof, **facts)


@transaction.atomic
def add_registry_license(*, practitioner: Practitioner, state: str, number: str) -> License:
    """Record a license the NPI registry lists: unverified, declared by the registry.

    What a provider writes into NPPES is self-reported: a lead for a verifier,
    never a verification, so nothing here touches the verification status.
    """
    record = License(
        practitioner=practitioner,
        state=state,
        number=number,
        board=LicensingBoard.objects.for_state(state),
        declared_source=DeclaredSource.NPPES,
    )
    # The database enforces the constraints; the import checked uniqueness first.
    record.full_clean(validate_constraints=False)
    record.save()
    return record


def registry_licenses(entries: list[tuple[int, str, str]]) -> None:
    """Many registry licenses at once, as `add_registry_license` records one.

    For the NPPES import: (practitioner id, state, number) triples the caller
    has checked nobody holds; one query reads the boards, one insert writes them.
    """
    if not entries:  # an updated listing whose licenses did not change
        return
    boards = dict(LicensingBoard.objects.values_list("state", "pk"))
    rows = []
    for practitioner_id, state, number in entries:
        row = {"state": state, "number": number, "declared_source": DeclaredSource.NPPES}
        validate_row(License, row)
        rows.append({**row, "practitioner_id": practitioner_id, "board_id": boards.get(state)})
    insert_rows(License, rows)


def add_credential(*, practitioner: Practitioner, proof=None, **facts) -> Credential:
    """Record a certification or degree (unverified until submitted and checked)."""
    return add_record(Credential, practitioner=practitioner, proof=proof, **facts)


def ensure_editable(record) -> None:
    """Refuse changes while a verifier is deciding on exactly what was submitted."""
    if record.verification_status == VerificationStatus.PENDING:
        raise DashboardError(
            f"This {record.record_kind} is waiting for a verifier, who is checking exactly "
            "what you submitted. You can change it once they have decided."
        )


@transaction.atomic
def edit_record(record, *, actor, proof=None, **facts):
    """Edit a license or credential through the verification rules.

    Editing a verified license's number, state or expiry (or a credential's
    verified facts) sends it back to a verifier: `needs_review`.

    A replaced proof document is deleted from storage once the edit commits
    (never before, so a failed edit keeps the old file and the row pointing at
    it). It is not kept as evidence: a verification rests on the primary source
    the verifier checked (the board, the registry, the issuer), which the record
    and its events keep, and the practitioner asked us to replace their copy.
    """
    ensure_editable(record)
    changes = dict(only_fields(facts, record.editable_fields))
    changed = {name for name, value in changes.items() if getattr(record, name) != value}
    edited = copy.copy(record)
    for name, value in changes.items():
        setattr(edited, name, value)
    _refuse(edited, changed)
    if "state" in changed:
        changes["board"] = LicensingBoard.objects.for_state(changes["state"])
    replaced = ""
    if proof is not None:
        replaced = record.proof_document.name if record.proof_document else ""
        changes["proof_document"] = proof.content
        changes["proof_content_type"] = proof.content_type
    updated = update_record_facts(record, actor=actor, **changes)
    if replaced and replaced != updated.proof_document.name:
        delete_file_on_commit(updated.proof_document.storage, replaced)
    return updated


@transaction.atomic
def delete_record(record) -> None:
    """Delete a license or credential that never went to a verifier."""
    if record.verification_status != VerificationStatus.UNVERIFIED or record.events.exists():
        raise DashboardError(
            f"This {record.record_kind} has a verification history, which we keep. If it "
            "no longer applies, contact us and we'll mark it."
        )
    name = record.proof_document.name if record.proof_document else ""
    storage = record.proof_document.storage
    record.delete()
    delete_file_on_commit(storage, name)
