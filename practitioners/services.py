"""Writes with rules: profiles, clinics, licenses and credentials, claims."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from .geo import Location, LocationNotFound, locate_zip
from .models import (
    ClaimRequest,
    Clinic,
    Credential,
    License,
    LicensingBoard,
    Practitioner,
    VerificationStatus,
)
from .search import refresh_search_fields
from .verification import update_record_facts


class ClinicLocationError(ValueError):
    pass


def unique_practitioner_slug(
    first_name: str, last_name: str, *, exclude_pk: int | None = None
) -> str:
    """Return a free slug like 'jane-doe', 'jane-doe-2', ..."""
    base = slugify(f"{first_name} {last_name}")[:100] or "practitioner"
    taken = set(
        Practitioner.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@transaction.atomic
def create_practitioner(*, first_name: str, last_name: str, owner=None, **fields) -> Practitioner:
    """Create a profile with a unique slug (a draft unless told otherwise)."""
    practitioner = Practitioner(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        owner=owner,
        slug=unique_practitioner_slug(first_name, last_name),
        **fields,
    )
    practitioner.full_clean()
    practitioner.save()
    return practitioner


def resolve_clinic_location(zip_code: str) -> Location:
    try:
        return locate_zip(zip_code)
    except LocationNotFound as exc:
        raise ClinicLocationError(str(exc)) from exc


@transaction.atomic
def add_clinic(*, practitioner: Practitioner, zip_code: str, **fields) -> Clinic:
    """Add a clinic, its coordinates resolved offline from the ZIP code."""
    location = resolve_clinic_location(zip_code)
    if fields.get("is_primary") or not practitioner.clinics.exists():
        practitioner.clinics.filter(is_primary=True).update(is_primary=False)
        fields["is_primary"] = True
    clinic = Clinic(
        practitioner=practitioner,
        zip_code=location.zip_code,
        latitude=location.latitude,
        longitude=location.longitude,
        **fields,
    )
    clinic.full_clean()
    clinic.save()
    return clinic


# The practitioner's dashboard: their own profile, clinics, licenses, credentials.
# Every function takes objects the caller has already checked belong to the user.

PROFILE_FIELDS = (
    "first_name", "last_name", "bio", "years_in_practice", "years_treating_chronic_pain",
    "accepting_new_patients", "accepts_physician_referrals", "sends_physician_referrals",
    "fee_min", "fee_max", "fee_notes", "email", "phone", "website", "npi",
)  # fmt: skip
PROFILE_RELATIONS = ("conditions", "techniques", "languages")
CLINIC_FIELDS = (
    "name", "address_line1", "address_line2", "city", "state", "phone",
    "accessibility_notes", "is_primary",
)  # fmt: skip
LICENSE_FIELDS = ("state", "number", "title", "status", "issued_on", "expires_on")
CREDENTIAL_FIELDS = ("kind", "issuer", "identifier", "issued_on", "expires_on")


class DashboardError(ValueError):
    """A dashboard change that cannot be made; the message says why and what to do."""


class ClaimError(DashboardError):
    pass


def _only(changes: dict, allowed: tuple[str, ...]) -> dict:
    # Callers pass cleaned form data; anything else is a programming error, and
    # refusing it keeps verification and ownership fields out of reach.
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}")
    return changes


def _replace_photo(practitioner: Practitioner, photo, remove_photo: bool) -> str:
    """Attach a checked photo (or clear it); return the old file's name to delete."""
    old = practitioner.photo.name if practitioner.photo else ""
    if photo is not None:
        practitioner.photo.save(photo.content.name, photo.content, save=False)
    elif remove_photo:
        practitioner.photo = ""
    else:
        return ""
    return old


def _refresh_search(practitioner: Practitioner) -> None:
    refresh_search_fields([practitioner.pk])
    practitioner.refresh_from_db(fields=["search_name", "search_text"])


def _delete_file_on_commit(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def create_own_profile(*, owner, first_name: str, last_name: str, photo=None, **changes):
    """Create the profile an account will manage (a draft until they publish it)."""
    if Practitioner.objects.filter(owner=owner).exists():
        raise DashboardError("Your account already has a profile; an account manages one.")
    if ClaimRequest.objects.pending().filter(user=owner).exists():
        raise DashboardError(
            "You have a claim waiting for staff. Withdraw it first if you'd rather start "
            "a new profile."
        )
    _only(changes, PROFILE_FIELDS + PROFILE_RELATIONS)
    relations = {name: changes.pop(name) for name in PROFILE_RELATIONS if name in changes}
    practitioner = create_practitioner(
        first_name=first_name, last_name=last_name, owner=owner, **changes
    )
    if photo is not None:
        _replace_photo(practitioner, photo, False)
        practitioner.save(update_fields=["photo"])
    for name, values in relations.items():
        getattr(practitioner, name).set(values)
    _refresh_search(practitioner)
    return practitioner


@transaction.atomic
def update_profile(
    *, practitioner: Practitioner, photo=None, remove_photo: bool = False, **changes
) -> Practitioner:
    """Change the public fields of a profile (the slug stays, so links keep working)."""
    _only(changes, PROFILE_FIELDS + PROFILE_RELATIONS)
    relations = {name: changes.pop(name) for name in PROFILE_RELATIONS if name in changes}
    for field, value in changes.items():
        setattr(practitioner, field, value.strip() if isinstance(value, str) else value)
    old_photo = _replace_photo(practitioner, photo, remove_photo)
    practitioner.full_clean()
    # Only the edited columns: the stored standing, ratings and search text are
    # written by their own services and must not be overwritten from this copy.
    practitioner.save(update_fields=[*changes, "photo", "updated_at"])
    for name, values in relations.items():
        getattr(practitioner, name).set(values)
    _delete_file_on_commit(practitioner.photo.storage, old_photo)
    _refresh_search(practitioner)
    return practitioner


def publication_blockers(practitioner: Practitioner) -> list[str]:
    """What must be done before a profile may be published (empty when it may)."""
    blockers = []
    if not practitioner.clinics.exists():
        blockers.append("Add at least one clinic, so patients near you can find you.")
    return blockers


@transaction.atomic
def publish_profile(*, practitioner: Practitioner) -> Practitioner:
    """Make a profile public."""
    blockers = publication_blockers(practitioner)
    if blockers:
        raise DashboardError(" ".join(blockers))
    practitioner.publication_status = Practitioner.Publication.PUBLISHED
    practitioner.save(update_fields=["publication_status", "updated_at"])
    return practitioner


@transaction.atomic
def unpublish_profile(*, practitioner: Practitioner) -> Practitioner:
    """Take a profile out of search and off its public page (it can come back any time)."""
    practitioner.publication_status = Practitioner.Publication.UNPUBLISHED
    practitioner.save(update_fields=["publication_status", "updated_at"])
    return practitioner


def _make_primary(clinic: Clinic) -> None:
    Clinic.objects.filter(practitioner_id=clinic.practitioner_id, is_primary=True).exclude(
        pk=clinic.pk
    ).update(is_primary=False)


@transaction.atomic
def add_own_clinic(*, practitioner: Practitioner, zip_code: str, **fields) -> Clinic:
    """Add a clinic from the dashboard (coordinates from the ZIP code)."""
    clinic = add_clinic(
        practitioner=practitioner, zip_code=zip_code, **_only(fields, CLINIC_FIELDS)
    )
    refresh_search_fields([practitioner.pk])
    return clinic


@transaction.atomic
def update_clinic(*, clinic: Clinic, zip_code: str, **fields) -> Clinic:
    """Change a clinic; a new ZIP code moves its coordinates."""
    _only(fields, CLINIC_FIELDS)
    location = resolve_clinic_location(zip_code)
    is_only = (
        not Clinic.objects.filter(practitioner_id=clinic.practitioner_id)
        .exclude(pk=clinic.pk)
        .exists()
    )
    if is_only:
        fields["is_primary"] = True
    if fields.get("is_primary"):
        _make_primary(clinic)
    for field, value in fields.items():
        setattr(clinic, field, value)
    clinic.zip_code = location.zip_code
    clinic.latitude, clinic.longitude = location.latitude, location.longitude
    clinic.full_clean()
    clinic.save()
    refresh_search_fields([clinic.practitioner_id])
    return clinic


@transaction.atomic
def remove_clinic(*, clinic: Clinic) -> None:
    """Delete a clinic; if it was the main one, the next clinic becomes main."""
    practitioner_id = clinic.practitioner_id
    was_primary = clinic.is_primary
    clinic.delete()
    if was_primary:
        successor = (
            Clinic.objects.filter(practitioner_id=practitioner_id).order_by("name", "id").first()
        )
        if successor:
            successor.is_primary = True
            successor.save(update_fields=["is_primary"])
    refresh_search_fields([practitioner_id])


def _board_for(state: str):

    return LicensingBoard.objects.filter(state=state).first()


def _attach_proof(record, proof) -> None:
    record.proof_document.save(proof.content.name, proof.content, save=False)
    record.proof_content_type = proof.content_type


@transaction.atomic
def add_license(*, practitioner: Practitioner, proof=None, **facts):
    """Record a license the practitioner holds (unverified until submitted and checked)."""
    _only(facts, LICENSE_FIELDS)
    record = License(practitioner=practitioner, board=_board_for(facts.get("state", "")), **facts)
    if proof is not None:
        _attach_proof(record, proof)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def add_credential(*, practitioner: Practitioner, proof=None, **facts):
    """Record a certification or degree (unverified until submitted and checked)."""
    _only(facts, CREDENTIAL_FIELDS)
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
    changes = dict(_only(facts, allowed))
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
    _delete_file_on_commit(storage, name)


# Claiming a profile


def verified_emails(user) -> set[str]:

    return {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


def _send_claim_email(claim, kind: str, dashboard_url: str) -> None:
    context = {"claim": claim, "practitioner": claim.practitioner, "dashboard_url": dashboard_url,
               "site_name": settings.SITE_NAME}  # fmt: skip
    subject = render_to_string(f"practitioners/claims/email/{kind}_subject.txt", context)
    body = render_to_string(f"practitioners/claims/email/{kind}_body.txt", context)
    recipient = claim.user.email
    transaction.on_commit(
        lambda: send_mail(" ".join(subject.split()), body, None, [recipient], fail_silently=False)
    )


def _lock_unclaimed(practitioner: Practitioner, user) -> Practitioner:
    locked = Practitioner.objects.select_for_update().get(pk=practitioner.pk)
    if locked.owner_id == getattr(user, "pk", None):
        raise ClaimError("This profile is already yours.")
    if locked.owner_id:
        raise ClaimError(
            "Someone has already claimed this profile. If it's yours, contact us and we'll "
            "look into it."
        )
    if Practitioner.objects.filter(owner=user).exists():
        raise ClaimError("Your account already manages a profile; an account manages one.")
    return locked


def _reject_competing_claims(practitioner: Practitioner, *, actor, dashboard_url: str) -> None:

    for other in (
        ClaimRequest.objects.pending()
        .filter(practitioner=practitioner)
        .select_related("user", "practitioner")
    ):
        other.status = ClaimRequest.Status.REJECTED
        other.decided_by = actor
        other.decided_at = timezone.now()
        other.decision_reason = "Another account's claim to this profile was approved."
        other.save()
        _send_claim_email(other, "rejected", dashboard_url)


@transaction.atomic
def request_claim(*, practitioner: Practitioner, user, message: str = "", dashboard_url: str = ""):
    """Ask to manage an unclaimed profile.

    Completes at once when one of the account's verified email addresses is
    the profile's email; otherwise it waits for staff.
    """
    locked = _lock_unclaimed(practitioner, user)
    if ClaimRequest.objects.pending().filter(user=user).exists():
        raise ClaimError(
            "You already have a claim waiting for staff. Withdraw it first to claim a "
            "different profile."
        )
    matched = bool(locked.email) and locked.email.strip().lower() in verified_emails(user)
    claim = ClaimRequest(practitioner=locked, user=user, message=message.strip())
    if matched:
        claim.status = ClaimRequest.Status.APPROVED
        claim.matched_email = True
        claim.decided_at = timezone.now()
    claim.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        raise ClaimError("You already have a claim waiting for staff.") from None
    if matched:
        locked.owner = user
        locked.save(update_fields=["owner", "updated_at"])
        _reject_competing_claims(locked, actor=None, dashboard_url=dashboard_url)
    practitioner.owner = locked.owner
    return claim


def _lock_pending_claim(claim):

    locked = (
        ClaimRequest.objects.select_for_update()
        .select_related("user", "practitioner")
        .get(pk=claim.pk)
    )
    if locked.status != ClaimRequest.Status.PENDING:
        raise ClaimError(f"This claim was already {locked.get_status_display().lower()}.")
    return locked


@transaction.atomic
def approve_claim(*, claim, actor, dashboard_url: str = ""):
    """Staff: hand the profile to the claimant and tell them by email."""
    locked = _lock_pending_claim(claim)
    practitioner = _lock_unclaimed(locked.practitioner, locked.user)
    locked.status = ClaimRequest.Status.APPROVED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save()
    practitioner.owner = locked.user
    practitioner.save(update_fields=["owner", "updated_at"])
    _reject_competing_claims(practitioner, actor=actor, dashboard_url=dashboard_url)
    _send_claim_email(locked, "approved", dashboard_url)
    return locked


@transaction.atomic
def reject_claim(*, claim, actor, reason: str, dashboard_url: str = ""):
    """Staff: refuse a claim with a reason the claimant reads."""
    reason = (reason or "").strip()
    if not reason:
        raise ClaimError("Give a reason: the claimant reads it and needs to know what to do.")
    locked = _lock_pending_claim(claim)
    locked.status = ClaimRequest.Status.REJECTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_reason = reason
    locked.save()
    _send_claim_email(locked, "rejected", dashboard_url)
    return locked


@transaction.atomic
def withdraw_claim(*, claim, user):
    """The claimant takes back a claim that is still waiting."""
    locked = _lock_pending_claim(claim)
    if locked.user_id != user.pk:
        raise ClaimError("Only the person who made a claim can withdraw it.")
    locked.status = ClaimRequest.Status.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save()
    return locked
