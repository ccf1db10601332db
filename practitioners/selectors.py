"""Reads the result pages compose: the cards of a page of practitioners."""

from dataclasses import dataclass

from django.template.defaultfilters import floatformat, pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list

from . import extensions, search
from .listings import Listing
from .models import PAYMENT_OPTIONS, Practitioner
from .terms import term_index, terms

# Stands for a slug in a URL reversed once for a page of cards.
URL_SLUG = "0-slug-0"
# What a card reads of the practitioner's own row.
CARD_FIELDS = (
    "id", "slug", "first_name", "last_name", "photo", "accepting_new_patients", "fee_min",
    "fee_max", "medicaid_state", "review_count", "rating_average", "years_in_practice",
    "years_treating_chronic_pain", "verified_until", "condition_ids", "technique_ids",
    "language_ids",
    *(field for _, field, _ in PAYMENT_OPTIONS),
)  # fmt: skip


def cards(keys: list[int]) -> list[Practitioner]:
    """The result cards of these listed practitioners, in this order: one query, no subquery.

    Each card is read from the practitioner's primary listing row, which keeps
    its clinics and extensions' facts ready (`Listing.card`), joined to the few
    columns of the practitioner's own row it shows (its term ids among them).
    """
    listings = (
        Listing.objects.filter(is_primary=True, practitioner_id__in=keys)
        .select_related("practitioner")
        .only("practitioner_id", "card", *(f"practitioner__{name}" for name in CARD_FIELDS))
    )
    by_key = {}
    for listing in listings:
        by_key[listing.practitioner_id] = with_listing(listing.practitioner, listing)
    return prepare_cards([by_key[key] for key in keys if key in by_key])


def with_listing(practitioner: Practitioner, listing) -> Practitioner:
    """Give a practitioner the card its primary listing row keeps."""
    practitioner.card = listing.card or {}
    return practitioner


def with_card(practitioner: Practitioner) -> Practitioner:
    """Prepare the card of one practitioner read another way (a profile): one query."""
    listing = Listing.objects.filter(practitioner=practitioner, is_primary=True).first()
    if listing is None:  # not listed: no card kept
        listing = Listing(card={})
    [prepared] = prepare_cards([with_listing(practitioner, listing)])
    return prepared


@dataclass(frozen=True, slots=True)
class CardClinic:
    """A clinic as a card keeps it: where it is, for the card's place line and the map."""

    pk: int
    name: str
    city: str
    state: str
    is_primary: bool
    latitude: float
    longitude: float


def card_clinics(practitioner: Practitioner) -> list[CardClinic]:
    """The clinics a card keeps, the primary first."""
    clinics = [CardClinic(*row) for row in practitioner.card.get("clinics", ())]
    return sorted(clinics, key=lambda c: (not c.is_primary, c.name, c.pk))


def prepare_cards(practitioners: list[Practitioner]) -> list[Practitioner]:
    """Set what the cards show on practitioners read by `cards()`; no queries.

    What a card prints is worked out here, once, in Python: a results page
    shows twenty, and each template lookup and filter costs more than this.
    """
    index = term_index()
    today = timezone.localdate()
    # One profile URL reversed for the page, each card's slug put in it.
    profile_url = reverse("practitioners:detail", kwargs={"slug": URL_SLUG})
    for p in practitioners:
        p.is_verified = p.verified_until is not None and p.verified_until >= today
        p.condition_list = terms("conditions", p.condition_ids, index)
        p.top_conditions = p.condition_list[:3]
        p.more_conditions = max(0, len(p.condition_list) - 3)
        p.clinic_list = card_clinics(p)
        p.primary_clinic = p.clinic_list[0] if p.clinic_list else None
        for extension in extensions.registered():
            extension.prepare_card(p, p.card.get(extension.name))
        card_text(p, profile_url)
    return practitioners


def card_text(p: Practitioner, profile_url: str = "") -> None:
    """The card's words, as strings: what the card template prints without filters."""
    p.card_id = f"card-{p.pk}"
    p.card_url = profile_url.replace(URL_SLUG, p.slug) if profile_url else p.get_absolute_url()
    p.credentials_text = ", ".join(getattr(p, "credential_labels", ()))
    p.verified_text = ""
    if p.is_verified:
        since = getattr(p, "verified_since", None)
        checked = f" · checked {date_format(since, 'M Y')}" if since else ""
        p.verified_text = f"✓ Verified license{checked}"
    p.more_text = f"+{p.more_conditions} more" if p.more_conditions else ""
    clinic = p.primary_clinic
    p.city_text = f"{clinic.city}, {clinic.state}" if clinic else ""
    p.rating_label = floatformat(p.rating_average, 1) if p.review_count else ""
    p.reviews_text = f"({p.review_count} review{pluralize(p.review_count)})"
    p.payment_line = payment_line(p)
    years = p.years_treating_chronic_pain
    p.years_text = "" if years is None else f"{years} yrs treating chronic pain"


def payment_line(practitioner: Practitioner) -> str:
    """One line on cost: the fee range, then the ways to pay ("$60–$80 · Medicare, HSA/FSA cards")."""
    low, high = practitioner.fee_min, practitioner.fee_max
    fee = (f"${low}–${high}" if high and high != low else f"${low}") if low else ""
    return " · ".join(part for part in (fee, ", ".join(practitioner.payment_labels)) if part)


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
    rings = [filterset.radius_miles, *reaches(filterset.radius_miles)]
    rows = search.nearest_in_rings(everywhere, location, rings, limit)
    found = search.Results(location, rows=rows)
    return found.load(found.keys())


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
