"""Claiming a profile: by a matching verified email, or through staff."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.email import queue_email
from core.sites import absolute_url
from practitioners import extensions
from practitioners.models import Practitioner
from practitioners.services import DashboardError
from practitioners.validators import validate_npi

from .models import ClaimRequest


class ClaimError(DashboardError):
    pass


# Claiming a profile


def verified_emails(user) -> set[str]:

    return {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


def _send_claim_email(claim, kind: str) -> None:
    # The link names the site's one address (SITE_DOMAIN), not the host the
    # caller's request came in on.
    context = {"claim": claim, "practitioner": claim.practitioner,
               "dashboard_url": absolute_url(reverse("dashboard:home")),
               "site_name": settings.SITE_NAME}  # fmt: skip
    subject = render_to_string(f"claims/email/{kind}_subject.txt", context)
    body = render_to_string(f"claims/email/{kind}_body.txt", context)
    queue_email(subject=subject, body=body, to=[claim.user.email])


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


def _hand_over(practitioner: Practitioner, user, *, actor) -> None:
    """Make `user` the owner of the locked profile and let the other apps follow."""
    practitioner.owner = user
    practitioner.save(update_fields=["owner", "updated_at"])
    # Reviews withdraws the new owner's own reviews here, in this transaction.
    for extension in extensions.registered():
        extension.on_owner_changed(practitioner, user, actor=actor)


def claim_warnings(practitioner: Practitioner, user) -> list[str]:
    """What the other apps want staff to know before `user` gets `practitioner`."""
    return [w for e in extensions.registered() for w in e.claim_warnings(practitioner, user)]


def _reject_competing_claims(practitioner: Practitioner, *, actor) -> None:

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
        _send_claim_email(other, "rejected")


@transaction.atomic
def request_claim(
    *, practitioner: Practitioner, user, message: str = "", npi: str = "", evidence: str = ""
):
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
    claim = ClaimRequest(
        practitioner=locked, user=user, message=message.strip(), npi=npi, evidence=evidence
    )
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
        _hand_over(locked, user, actor=None)
        _reject_competing_claims(locked, actor=None)
    practitioner.owner = locked.owner
    return claim


def profile_for_npi(npi: str) -> Practitioner:
    """The profile carrying this NPI; the check digit is checked before any lookup."""
    npi = (npi or "").strip()
    try:
        validate_npi(npi)
    except ValidationError as exc:
        raise ClaimError(exc.messages[0]) from None
    if not npi:
        raise ClaimError("Enter your 10-digit NPI.")
    practitioner = Practitioner.objects.filter(npi=npi).first()
    if practitioner is None:
        raise ClaimError(
            f"No profile in the directory carries the NPI {npi}. Check the number, search by "
            "your name instead, or create a new profile."
        )
    return practitioner


def npi_evidence(practitioner: Practitioner, user) -> str:
    """What staff need to judge an NPI claim: the registry's name and address beside the account's."""
    record = getattr(practitioner, "registry_record", None)
    account_name = f"{user.first_name} {user.last_name}".strip()
    if account_name:
        same = account_name.casefold() == practitioner.full_name.casefold()
        name_line = (
            f"Account name {account_name!r}: {'matches' if same else 'differs from'} the profile"
        )
    else:
        name_line = "Account name: not given"
    lines = [
        f"NPI {practitioner.npi} is on the profile of {practitioner.full_name}.",
        name_line + ".",
    ]
    if record is not None:
        lines.append(f"Registry address: {record.address or 'none listed'}.")
        if record.deactivated_on:
            lines.append(f"The registry deactivated this NPI on {record.deactivated_on:%m/%d/%Y}.")
    else:
        lines.append("The profile was not imported from the registry: check the NPI by hand.")
    return "\n".join(lines)


def request_claim_by_npi(*, npi: str, user, message: str = ""):
    """Claim the profile carrying `npi`: at once with a matching verified email, else via staff."""
    practitioner = profile_for_npi(npi)
    if practitioner.owner_id and practitioner.owner_id != user.pk:
        raise ClaimError(
            "The profile with this NPI is already managed by an account. If it's yours, "
            "contact us and we'll look into it."
        )
    return request_claim(
        practitioner=practitioner,
        user=user,
        message=message,
        npi=practitioner.npi,
        evidence=npi_evidence(practitioner, user),
    )


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
def approve_claim(*, claim, actor):
    """Staff: hand the profile to the claimant and tell them by email."""
    locked = _lock_pending_claim(claim)
    practitioner = _lock_unclaimed(locked.practitioner, locked.user)
    locked.status = ClaimRequest.Status.APPROVED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save()
    _hand_over(practitioner, locked.user, actor=actor)
    _reject_competing_claims(practitioner, actor=actor)
    _send_claim_email(locked, "approved")
    return locked


@transaction.atomic
def reject_claim(*, claim, actor, reason: str):
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
    _send_claim_email(locked, "rejected")
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
