"""Writes with rules: profiles, clinics, licenses and credentials, claims."""

from collections import Counter
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from core.photos import delete_photo_files, make_thumbnails
from core.states import STATE_NAMES

from .geo import Location, LocationNotFound, locate_zip
from .listings import refresh_listings
from .models import Clinic, Practitioner
from .search import refresh_search_fields


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


def unique_practitioner_slugs(names: list[tuple[str, str]]) -> list[str]:
    """Free slugs for many new profiles at once, distinct from each other too.

    One query asks which base slugs are taken; a second, only when some base
    is taken or shared (common names), reads those bases' numbered variants.
    """
    bases = [slugify(f"{first} {last}")[:100] or "practitioner" for first, last in names]
    taken = set(Practitioner.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    counts = Counter(bases)
    crowded = {base for base in bases if base in taken or counts[base] > 1}
    if crowded:
        variants = reduce(or_, (Q(slug__startswith=f"{base}-") for base in crowded))
        taken |= set(Practitioner.objects.filter(variants).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


@transaction.atomic
def create_practitioner(
    *, first_name: str, last_name: str, owner=None, check_constraints: bool = True, **fields
) -> Practitioner:
    """Create a profile with a unique slug (a draft unless told otherwise).

    A bulk import may pass `check_constraints=False`: the database still
    enforces every constraint, only the slow Python re-check is skipped.
    """
    practitioner = Practitioner(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        owner=owner,
        slug=unique_practitioner_slug(first_name, last_name),
        **fields,
    )
    practitioner.full_clean(validate_constraints=check_constraints)
    practitioner.save()
    return practitioner


def clinic_location(*, zip_code: str, state: str = "") -> Location:
    """Resolve a clinic's ZIP code offline; refuse one outside the clinic's state."""
    try:
        location = locate_zip(zip_code)
    except LocationNotFound as exc:
        raise ValidationError({"zip_code": str(exc)}) from exc
    if state and location.state != state:
        raise ValidationError(
            {
                "zip_code": f"ZIP code {location.zip_code} is in {location.city}, "
                f"{STATE_NAMES.get(location.state, location.state)}, not "
                f"{STATE_NAMES.get(state, state)}. Check the ZIP code or the state."
            }
        )
    return location


@transaction.atomic
def add_clinic(
    *, practitioner: Practitioner, zip_code: str, check_constraints: bool = True, **fields
) -> Clinic:
    """Add a clinic, its coordinates resolved offline from the ZIP code."""
    location = clinic_location(zip_code=zip_code, state=fields.get("state", ""))
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
    clinic.full_clean(validate_constraints=check_constraints)
    clinic.save()
    return clinic


# The practitioner's dashboard: their own profile, clinics, licenses, credentials.
# Every function takes objects the caller has already checked belong to the user.

PROFILE_FIELDS = (
    "first_name", "last_name", "bio", "years_in_practice", "years_treating_chronic_pain",
    "accepting_new_patients", "accepts_physician_referrals", "sends_physician_referrals",
    "fee_min", "fee_max", "fee_notes", "email", "phone", "website", "npi",
    "accepts_medicare", "accepts_medicaid", "medicaid_state", "accepts_va_community_care",
    "accepts_insurance", "insurance_plans", "accepts_hsa_fsa", "offers_sliding_scale",
    "offers_community_clinic",
)  # fmt: skip
PROFILE_RELATIONS = ("conditions", "techniques", "languages")
CLINIC_FIELDS = (
    "name", "address_line1", "address_line2", "city", "state", "phone",
    "accessibility_notes", "is_primary",
)  # fmt: skip


class DashboardError(ValueError):
    """A dashboard change that cannot be made; the message says why and what to do."""


def only_fields(changes: dict, allowed: tuple[str, ...]) -> dict:
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
        # Pages show fixed-size copies, never the upload itself (core.photos).
        make_thumbnails(practitioner.photo.storage, practitioner.photo.name)
    elif remove_photo:
        practitioner.photo = ""
    else:
        return ""
    return old


def _refresh_search(practitioner: Practitioner) -> None:
    refresh_search_fields([practitioner.pk])
    practitioner.refresh_from_db(fields=["search_name", "search_text"])


def delete_file_on_commit(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def delete_photo_on_commit(storage, name: str) -> None:
    """Delete a replaced photo and its thumbnails once the change is committed."""
    if name:
        transaction.on_commit(lambda: delete_photo_files(storage, name))


PENDING_CLAIM_MESSAGE = (
    "You have a claim waiting for staff. Withdraw it first if you'd rather start a new profile."
)


def has_pending_claim(owner) -> bool:
    # A claim waiting for staff would hand this account a second profile. The
    # claims app owns the model; its reverse accessor is the interface here.
    return owner.claim_requests.pending().exists()


@transaction.atomic
def create_own_profile(*, owner, first_name: str, last_name: str, photo=None, **changes):
    """Create the profile an account will manage (a draft until they publish it)."""
    if Practitioner.objects.filter(owner=owner).exists():
        raise DashboardError("Your account already has a profile; an account manages one.")
    if has_pending_claim(owner):
        raise DashboardError(PENDING_CLAIM_MESSAGE)
    only_fields(changes, PROFILE_FIELDS + PROFILE_RELATIONS)
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
    only_fields(changes, PROFILE_FIELDS + PROFILE_RELATIONS)
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
    delete_photo_on_commit(practitioner.photo.storage, old_photo)
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
    refresh_listings([practitioner.pk])
    return practitioner


@transaction.atomic
def unpublish_profile(*, practitioner: Practitioner) -> Practitioner:
    """Take a profile out of search and off its public page (it can come back any time)."""
    practitioner.publication_status = Practitioner.Publication.UNPUBLISHED
    practitioner.save(update_fields=["publication_status", "updated_at"])
    refresh_listings([practitioner.pk])
    return practitioner


def _make_primary(clinic: Clinic) -> None:
    Clinic.objects.filter(practitioner_id=clinic.practitioner_id, is_primary=True).exclude(
        pk=clinic.pk
    ).update(is_primary=False)


@transaction.atomic
def add_own_clinic(*, practitioner: Practitioner, zip_code: str, **fields) -> Clinic:
    """Add a clinic from the dashboard (coordinates from the ZIP code)."""
    clinic = add_clinic(
        practitioner=practitioner, zip_code=zip_code, **only_fields(fields, CLINIC_FIELDS)
    )
    refresh_search_fields([practitioner.pk])
    return clinic


@transaction.atomic
def update_clinic(*, clinic: Clinic, zip_code: str, **fields) -> Clinic:
    """Change a clinic; a new ZIP code moves its coordinates."""
    only_fields(fields, CLINIC_FIELDS)
    location = clinic_location(zip_code=zip_code, state=fields.get("state", clinic.state))
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
