"""Reads the result pages compose: the cards of a page of practitioners."""

from django.db.models import Prefetch, prefetch_related_objects

from . import extensions
from .models import Clinic, Condition, Practitioner


def card_prefetches() -> list[Prefetch]:
    """What a result card shows, fetched in a constant number of queries."""
    return [
        Prefetch("conditions", queryset=Condition.objects.only("slug", "name", "order")),
        Prefetch(
            "clinics",
            queryset=Clinic.objects.only("practitioner_id", "city", "state", "is_primary", "name"),
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
