"""Reads the result pages compose: the cards of a page of practitioners."""

from django.db.models import OuterRef
from django.utils.text import get_text_list

from core.db import json_rows, rows

from . import extensions
from .models import Clinic, Practitioner
from .terms import term_index, terms

# What a card shows of each clinic: the place, and the point for the results map.
CARD_CLINIC_FIELDS = ("id", "name", "city", "state", "is_primary", "latitude", "longitude")


def with_card(queryset):
    """Annotate what a result card shows, so a page and its cards are one query.

    Each relation is a correlated subquery over the page's rows only (the
    count's keys query selects none of them); extensions add their own.
    """
    clinics = Clinic.objects.filter(practitioner=OuterRef("pk"))
    return queryset.with_term_ids("conditions").annotate(
        card_clinics=json_rows(clinics, "practitioner", *CARD_CLINIC_FIELDS),
        **extensions.annotations("card"),
    )


def _clinics(practitioner: Practitioner) -> list[Clinic]:
    clinics = [
        Clinic(practitioner_id=practitioner.pk, **dict(zip(CARD_CLINIC_FIELDS, row, strict=True)))
        for row in rows(practitioner.card_clinics)
    ]
    for clinic in clinics:
        clinic.is_primary = bool(clinic.is_primary)  # SQLite's JSON says 0 or 1
    # Clinic's own order: the primary first.
    return sorted(clinics, key=lambda c: (not c.is_primary, c.name, c.pk))


def prepare_cards(practitioners: list[Practitioner]) -> list[Practitioner]:
    """Set what the cards show on practitioners read `with_card()`; no queries."""
    index = term_index()
    for p in practitioners:
        p.condition_list = terms("conditions", rows(p.conditions_ids), index)
        p.top_conditions = p.condition_list[:3]
        p.more_conditions = max(0, len(p.condition_list) - 3)
        p.clinic_list = _clinics(p)
        p.primary_clinic = p.clinic_list[0] if p.clinic_list else None
        for extension in extensions.registered():
            extension.prepare_card(p)
    return practitioners


# How far "the nearest beyond the radius" looks: the bounding box keeps the one
# query on the clinic coordinate index; this reaches across any state and its
# neighbours (Montana's far corners to the next cities).
NEAREST_BEYOND_MILES = 600
NEAREST_BEYOND_LIMIT = 5
# The first word of a filter's "who ..." label, for several practitioners.
PLURAL_VERBS = {
    "treats": "treat",
    "offers": "offer",
    "holds": "hold",
    "speaks": "speak",
    "is": "are",
    "matches": "match",
}


def nearest_beyond(filterset, limit: int = NEAREST_BEYOND_LIMIT) -> list[Practitioner]:
    """The nearest practitioners matching every other filter, outside the searched radius."""
    location = filterset.location
    if location is None:
        return []
    # The same search without its place: every other filter still applies, as
    # the form already cleaned it (no second validation).
    everywhere = filterset.filter_anywhere(filterset.queryset)
    found: list[Practitioner] = []
    for reach in reaches(filterset.radius_miles):
        found = list(
            everywhere.near(location.latitude, location.longitude, reach)
            .filter(distance__gt=filterset.radius_miles)
            .order_by("distance", "pk")[:limit]
        )
        # `limit` found within `reach` are the nearest: everyone else is farther.
        if len(found) >= limit:
            break
    return prepare_cards(found)


def reaches(radius: float) -> list[float]:
    """How far to look, ring by ring: a near ring's box holds far fewer clinics.

    Where practitioners are dense the first ring answers; where they are
    sparse the look widens, up to NEAREST_BEYOND_MILES.
    """
    rings = [max(radius * 2, 50), max(radius * 6, 150), NEAREST_BEYOND_MILES]
    return sorted({min(ring, NEAREST_BEYOND_MILES) for ring in rings if ring > radius})


def nearest_beyond_summary(filterset, nearest: list[Practitioner]) -> str:
    """Say who the nearest are and how far: "the nearest verified acupuncturists who treat ..."."""
    if not nearest:
        return ""
    one = len(nearest) == 1
    who = "verified acupuncturist" if filterset.verified_only else "acupuncturist"
    # The filters' labels are written for one practitioner ("treats migraine").
    clauses = []
    for _, label in filterset.active_filters():
        verb, _, rest = label.partition(" ")
        clauses.append(f"{verb if one else PLURAL_VERBS.get(verb, verb)} {rest}")
    low, high = round(nearest[0].distance), round(nearest[-1].distance)
    if one:
        span, who, verb = f"{low} miles", who, "is"
    else:
        span = f"{low} miles" if low == high else f"{low}–{high} miles"
        who, verb = f"{who}s", "are"
    if clauses:
        who += " who " + get_text_list(clauses, "and")
    return f"the nearest {who} {verb} {span} away"
