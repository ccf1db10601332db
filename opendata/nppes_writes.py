"""The NPPES import's writes: new listings in bulk, updates, deactivations.

`opendata.nppes` reads the file and sorts each row; this module writes. New
listings, nearly all of a first import, are written a batch at a time in a
handful of inserts (profiles, clinics, licenses, registry records), with the
same checks the one-by-one services make; a batch the database refuses (a
slug or license someone took meanwhile) is retried row by row, so only the
refused row is rejected, with its reason.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import reduce
from operator import or_
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import Q

from core import page_cache
from core.bulk import insert_rows, validate_row
from core.email import queue_email
from core.states import STATE_NAMES
from practitioners.listings import list_new_practitioners
from practitioners.models import Clinic, Practitioner, RegistryRecord
from practitioners.search import build_search_fields, refresh_search_fields
from practitioners.services import (
    add_clinic,
    clinic_location,
    create_practitioner,
    unique_practitioner_slugs,
)
from verification.models import License
from verification.records import registry_licenses

if TYPE_CHECKING:
    from .nppes import Entry, Report

PRACTITIONER_FACTS = ("first_name", "last_name", "phone")
CLINIC_FACTS = ("name", "address_line1", "address_line2", "city", "state", "zip_code", "phone")
LICENSE_HELD = "license number already held by another profile (left for staff)"
REFUSED = "refused by the database (a duplicate or an invalid value)"


def first_message(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        name, messages = next(iter(exc.message_dict.items()))
        return f"{name}: {messages[0]}"
    return exc.messages[0]


def can_list(entry: Entry, report: Report) -> bool:
    """Whether a new listing can be made of this entry; if not, the reason is reported."""
    facts = entry.facts
    if not facts["first_name"] or not facts["last_name"]:
        report.reject("no name")
        return False
    place = facts["clinic"]
    if not place["address_line1"] or not place["city"]:
        report.reject("no practice location address")
        return False
    if place["state"] not in STATE_NAMES:
        report.reject("practice location outside the US states")
        return False
    try:
        clinic_location(zip_code=place["zip_code"], state=place["state"])
    except ValidationError as exc:
        report.reject(f"unknown ZIP code or wrong state ({first_message(exc)})")
        return False
    return True


def link_listing(entry: Entry, profile: Practitioner, report: Report) -> None:
    """A profile someone made by hand with this NPI: link it, change nothing of theirs."""
    RegistryRecord.objects.create(
        npi=entry.npi,
        practitioner=profile,
        snapshot=entry.facts,
        last_update_date=entry.last_update,
    )
    report.unchanged += 1


def create_listings(entries: list[Entry], report: Report) -> None:
    """Create new listings for entries `can_list()` accepted, a batch at a time."""
    if not entries:
        return
    rejected: Counter = Counter()
    try:
        with transaction.atomic():
            created = _create_in_bulk(entries, rejected)
    except (IntegrityError, DataError):
        # The database refused one of these (a slug, an NPI or a license number
        # someone wrote meanwhile): one by one, so that only that row is rejected.
        for entry in entries:
            _create_one(entry, report)
        return
    report.rejected.update(rejected)
    report.created += created


def _create_in_bulk(entries: list[Entry], rejected: Counter) -> int:
    slugs = unique_practitioner_slugs(
        [(e.facts["first_name"], e.facts["last_name"]) for e in entries]
    )
    listings = []
    for entry, slug in zip(entries, slugs, strict=True):
        try:
            listings.append((entry, *_new_listing(entry, slug)))
        except ValidationError as exc:
            rejected[f"invalid record: {first_message(exc)}"] += 1
    if not listings:
        return 0
    practitioner_ids = insert_rows(Practitioner, [profile for _, profile, _ in listings])
    for (_, _, clinic), pk in zip(listings, practitioner_ids, strict=True):
        clinic["practitioner_id"] = pk
    clinic_ids = insert_rows(Clinic, [clinic for _, _, clinic in listings])
    _bulk_licenses(
        [(entry, pk) for (entry, _, _), pk in zip(listings, practitioner_ids, strict=True)],
        rejected,
    )
    insert_rows(
        RegistryRecord,
        [
            {
                "npi": entry.npi,
                "practitioner_id": practitioner_id,
                "clinic_id": clinic_id,
                "snapshot": entry.facts,
                "last_update_date": entry.last_update,
            }
            for (entry, _, _), practitioner_id, clinic_id in zip(
                listings, practitioner_ids, clinic_ids, strict=True
            )
        ],
    )
    # What the search reads of the new profiles, in the same transaction, from
    # the rows just written (with their defaults, as the database has them).
    list_new_practitioners(
        [
            (Practitioner(pk=pk, **profile), [Clinic(pk=clinic_pk, **clinic)])
            for (_, profile, clinic), pk, clinic_pk in zip(
                listings, practitioner_ids, clinic_ids, strict=True
            )
        ]
    )
    # Bulk inserts send no post_save signals: say that public data changed.
    page_cache.bump_data_version()
    return len(listings)


def _new_listing(entry: Entry, slug: str) -> tuple[dict, dict]:
    """The rows of an entry's profile and clinic, validated as the services validate them."""
    facts, place = entry.facts, entry.facts["clinic"]
    location = clinic_location(zip_code=place["zip_code"], state=place["state"])
    profile = {
        "first_name": facts["first_name"],
        "last_name": facts["last_name"],
        "slug": slug,
        "npi": entry.npi,
        "phone": facts["phone"],
        "publication_status": Practitioner.Publication.PUBLISHED,
    }
    clinic = {
        **place,
        "zip_code": location.zip_code,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "is_primary": True,
    }
    # Uniqueness and constraints are the database's to enforce, in the one insert.
    validate_row(Practitioner, profile)
    validate_row(Clinic, clinic)
    # What build_search_fields() reads of a profile without a bio, conditions or techniques.
    profile["search_name"], profile["search_text"] = build_search_fields(
        SimpleNamespace(bio="", **profile), [SimpleNamespace(**clinic)], [], []
    )
    return profile, clinic


def _bulk_licenses(listed: list[tuple[Entry, int]], rejected: Counter) -> None:
    wanted = [
        (pk, state, number) for entry, pk in listed for state, number in entry.facts["licenses"]
    ]
    registry_licenses(_unheld(wanted, rejected))


def _unheld(wanted: list[tuple[int, str, str]], rejected: Counter) -> list[tuple[int, str, str]]:
    """The (practitioner id, state, number) licenses nobody else holds; the rest are counted."""
    if not wanted:
        return []
    # Who holds any of these numbers already, in one query.
    holders = {
        (state, number): holder
        for state, number, holder in license_holders((s, n) for _, s, n in wanted)
    }
    new = []
    for practitioner_id, state, number in wanted:
        holder = holders.get((state, number))
        if holder == practitioner_id:
            continue
        if holder is not None:
            rejected[LICENSE_HELD] += 1
            continue
        new.append((practitioner_id, state, number))
        holders[(state, number)] = practitioner_id
    return new


def license_holders(licenses):
    """(state, number, practitioner id) of the licenses held among these (state, number) pairs.

    Asked state by state, so that the (state, number) unique index serves it;
    by number alone, no index does, and every batch read the whole table.
    """
    numbers: dict[str, set[str]] = defaultdict(set)
    for state, number in licenses:
        numbers[state].add(number)
    held = reduce(or_, (Q(state=state, number__in=n) for state, n in numbers.items()))
    return License.objects.filter(held).order_by().values_list("state", "number", "practitioner_id")


def _create_one(entry: Entry, report: Report) -> None:
    try:
        with transaction.atomic():
            create_listing(entry, report)
    except ValidationError as exc:
        report.reject(f"invalid record: {first_message(exc)}")
    except (IntegrityError, DataError):
        report.reject(REFUSED)


def create_listing(entry: Entry, report: Report) -> int:
    """One new listing through the services (the bulk path's fallback)."""
    facts = entry.facts
    practitioner = create_practitioner(
        first_name=facts["first_name"],
        last_name=facts["last_name"],
        npi=entry.npi,
        phone=facts["phone"],
        publication_status=Practitioner.Publication.PUBLISHED,
        check_constraints=False,
    )
    clinic = add_clinic(practitioner=practitioner, check_constraints=False, **facts["clinic"])
    _add_licenses(practitioner, facts["licenses"], report)
    RegistryRecord.objects.create(
        npi=entry.npi,
        practitioner=practitioner,
        clinic=clinic,
        snapshot=facts,
        last_update_date=entry.last_update,
    )
    refresh_search_fields([practitioner.pk])
    report.created += 1
    return practitioner.pk


def _add_licenses(practitioner: Practitioner, licenses: list, report: Report) -> None:
    wanted = [(practitioner.pk, state, number) for state, number in licenses]
    registry_licenses(_unheld(wanted, report.rejected))


def update_listing(entry: Entry, record: RegistryRecord, report: Report) -> int | None:
    old, new = record.snapshot, entry.facts
    if old == new:
        report.unchanged += 1
        return None
    practitioner = record.practitioner
    changed = [
        name
        for name in PRACTITIONER_FACTS
        if old.get(name) != new[name] and getattr(practitioner, name) == old.get(name)
    ]
    for name in changed:
        setattr(practitioner, name, new[name])
    if changed:
        clean_changed(practitioner, changed)
        practitioner.save(update_fields=[*changed, "updated_at"])
    update_clinic_facts(record, old.get("clinic") or {}, new["clinic"], report)
    _add_licenses(
        practitioner, [lic for lic in new["licenses"] if lic not in old.get("licenses", [])], report
    )
    record.snapshot = new
    record.last_update_date = entry.last_update
    record.save(update_fields=["snapshot", "last_update_date"])
    report.updated += 1
    return practitioner.pk


def update_clinic_facts(record: RegistryRecord, old: dict, new: dict, report: Report) -> None:
    clinic: Clinic | None = record.clinic
    if clinic is None or old == new:
        return
    changed = [n for n in CLINIC_FACTS if old.get(n) != new[n] and getattr(clinic, n) == old.get(n)]
    if not changed:
        return
    moved = []
    if "zip_code" in changed or "state" in changed:
        try:
            location = clinic_location(
                zip_code=new["zip_code"] if "zip_code" in changed else clinic.zip_code,
                state=new["state"] if "state" in changed else clinic.state,
            )
        except ValidationError as exc:
            report.reject(f"new practice address kept out: {first_message(exc)}")
            return
        clinic.latitude, clinic.longitude = location.latitude, location.longitude
        moved = ["latitude", "longitude"]
    for name in changed:
        setattr(clinic, name, new[name])
    clean_changed(clinic, [*changed, *moved])
    clinic.save()


def clean_changed(instance, changed: list[str]) -> None:
    """`full_clean()` for the fields the registry changed: theirs and their constraints' checks.

    Every other field is excluded, as the services validated it when it was
    written. Without the exclusion, full_clean() runs one query per constraint
    of the model (about fifteen for a profile) on every updated row.
    """
    instance.full_clean(exclude=[f.name for f in instance._meta.fields if f.name not in changed])


def deactivate(record: RegistryRecord, entry: Entry, report: Report) -> int | None:
    if record.deactivated_on == entry.deactivated_on:
        report.unchanged += 1
        return None
    practitioner = record.practitioner
    record.deactivated_on = entry.deactivated_on
    if practitioner.publication_status == Practitioner.Publication.PUBLISHED:
        practitioner.publication_status = Practitioner.Publication.UNPUBLISHED
        practitioner.save(update_fields=["publication_status", "updated_at"])
        record.unpublished_by_deactivation = True
    record.save(update_fields=["deactivated_on", "unpublished_by_deactivation"])
    report.deactivated += 1
    report.deactivated_npis.append(record.npi)
    return practitioner.pk


def reactivate(record: RegistryRecord, report: Report) -> None:
    practitioner = record.practitioner
    if record.unpublished_by_deactivation and (
        practitioner.publication_status == Practitioner.Publication.UNPUBLISHED
    ):
        practitioner.publication_status = Practitioner.Publication.PUBLISHED
        practitioner.save(update_fields=["publication_status", "updated_at"])
    record.deactivated_on = None
    record.unpublished_by_deactivation = False
    record.save(update_fields=["deactivated_on", "unpublished_by_deactivation"])
    report.reactivated += 1


def tell_staff_of_deactivations(npis: list[str]) -> None:
    staff = list(
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not staff:
        return
    names = RegistryRecord.objects.for_npis(npis).select_related("practitioner")
    lines = [f"- NPI {r.npi}: {r.practitioner.full_name}" for r in names]
    body = (
        "The NPI registry deactivated these NPIs. Their profiles are unpublished until the "
        "registry reactivates them; check their licenses and claims.\n\n" + "\n".join(lines)
    )
    with transaction.atomic():
        queue_email(subject=f"{len(npis)} NPIs deactivated in the registry", body=body, to=staff)
