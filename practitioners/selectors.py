"""Reads the result pages compose: the cards of a page of practitioners."""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.text import get_text_list

from . import extensions
from .models import Clinic, Condition, Practitioner


def card_prefetches() -> list[Prefetch]:
    """What a result card shows, fetched in a constant number of queries."""
    return [
        Prefetch("conditions", queryset=Condition.objects.only("slug", "name", "order")),
        Prefetch(
            "clinics",
            queryset=Clinic.objects.only(
                "practitioner_id", "city", "state", "is_primary", "name", "latitude", "longitude"
            ),
            to_attr="clinic_list",
        ),
        *extensions.prefetches("card"),
    ]


def prepare_cards(practitioners: list[Practitioner]) -> list[Practitioner]:
    prefetch_related_objects(practitioners, *card_prefetches())
    for p in practitioners:
        p.top_conditions = list(p.conditions.all())[:3]
        p.more_conditions = max(0, len(p.conditions.all()) - 3)
        p.primary_clinic = next((c for c in p.clinic_list if c.is_primary), None) or (
            p.clinic_list[0] if p.clinic_list else None
        )
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
    # The same search without its place: every other filter still applies.
    data = filterset.data.copy()
    for name in ("near", "radius", "sort", "page"):
        data.pop(name, None)
    everywhere = type(filterset)(data, queryset=filterset.queryset).qs
    found = list(
        everywhere.near(location.latitude, location.longitude, NEAREST_BEYOND_MILES)
        .filter(distance__gt=filterset.radius_miles)
        .order_by("distance", "pk")[:limit]
    )
    return prepare_cards(found)


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
