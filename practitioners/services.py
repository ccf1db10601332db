"""Writes with rules: creating profiles and clinics."""

from django.db import transaction
from django.utils.text import slugify

from .geo import Location, LocationNotFound, locate_zip
from .models import Clinic, Practitioner


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
