"""What the search reads: one narrow row per listed practitioner and place.

A practitioner's own row is wide (bio, search text, payment notes) and its
terms and clinics live in other tables: filtering and ordering tens of
thousands of them there means joins and wide reads. `Listing` keeps, for each
published practitioner, exactly what the search filters and sorts by, in one
narrow row per clinic (or one row without a place for a practitioner with no
clinic): the clinic's coordinates, the licence standing (`verified_until`),
the ratings, the terms as id sets, the payment options, the name and a
full-text document. `is_primary` marks the one row a practitioner is found by
when the search has no place.

The rows are derived, never edited: `refresh_listings()` rewrites a
practitioner's rows from the practitioner, its clinics and its terms, and the
services that change any of those call it in the same transaction (through
`search.refresh_search_fields()`, `reviews.aggregates.refresh_rating_aggregates()`,
`verification.models.refresh_verified_until()` and publication). On
PostgreSQL, migration 0012 indexes them so that every search reads an index
in its own order (see docs/deployment.md).
"""

import datetime

from django.db import connections, models, router, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from core.bulk import insert_rows
from core.db import IdSetField, IdsHeld, TextDocument, TextDocumentField

from . import extensions
from .geo import bounding_box, haversine_miles
from .models import PAYMENT_OPTIONS, Practitioner
from .terms import by_key

# Rows rewritten per statement by refresh_listings().
REFRESH_CHUNK = 2000
TEXT_SEARCH_CONFIG = "english"


def term_ids(relation: str, key: str, terms) -> list[int]:
    """The ids of these terms, given as objects or by slug (or code); unknown ones are left out."""
    known = None
    ids = []
    for term in terms:
        if isinstance(term, str):
            known = by_key(relation, key) if known is None else known
            if term in known:
                ids.append(known[term].pk)
        else:
            ids.append(term.pk)
    return ids


class ListingQuerySet(models.QuerySet):
    """The search's filters, each reading only the listing row."""

    def everywhere(self):
        """One row per practitioner: the search without a place."""
        return self.filter(is_primary=True)

    def near(self, latitude: float, longitude: float, miles: float):
        """Rows whose place is within `miles`, annotating the exact `distance`.

        The bounding box is served by the coordinate index; only rows inside it
        get their exact great-circle distance computed.
        """
        min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, miles)
        return (
            self.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
            .annotate(distance=haversine_miles(latitude, longitude))
            .filter(distance__lte=miles)
        )

    def verified(self, on: datetime.date | None = None):
        """Practitioners holding at least one verified, unexpired, active license."""
        return self.filter(verified_until__gte=on or timezone.localdate())

    def treating(self, *conditions):
        """Any of these conditions (slugs or objects), annotating `conditions_matched`."""
        if not conditions:
            return self.none()
        ids = term_ids("conditions", "slug", conditions)
        return self.filter(condition_ids__overlaps=ids).annotate(
            conditions_matched=IdsHeld("condition_ids", ids)
        )

    def offering(self, technique):
        """A technique (a slug or a Technique)."""
        return self.filter(technique_ids__overlaps=term_ids("techniques", "slug", [technique]))

    def speaking(self, language):
        """A language (an ISO 639-1 code or a Language)."""
        return self.filter(language_ids__overlaps=term_ids("languages", "code", [language]))

    def accepting(self):
        return self.filter(accepting_new_patients=True)

    def rated_at_least(self, stars: int):
        """A published-review average of at least `stars`."""
        return self.filter(rating_average__gte=stars)

    def paying_with(self, *options: str):
        """Any of these payment options (PAYMENT_OPTIONS values): either way will do."""
        fields = {value: field for value, field, _ in PAYMENT_OPTIONS}
        chosen = Q()
        for option in options:
            chosen |= Q(**{fields[option]: True})
        return self.filter(chosen) if options else self

    def costing_at_most(self, fee: int):
        """The lowest stated session fee is at most `fee` US dollars."""
        return self.filter(fee_min__lte=fee)

    def holding(self, records: models.QuerySet):
        """Practitioners with a row in `records` (a queryset of rows with a practitioner)."""
        return self.filter(Exists(records.filter(practitioner=OuterRef("practitioner"))))

    def matching(self, text: str):
        """Free text over name, clinics, city, bio, conditions and techniques (search.py)."""
        from . import search

        return search.matching(self, text)


class Listing(models.Model):
    """A listed practitioner at one place, as the search reads it (see the module's docstring)."""

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="listings"
    )
    clinic = models.OneToOneField(
        "practitioners.Clinic",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="listing",
    )
    is_primary = models.BooleanField(default=False)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # Copies of the practitioner's columns the search filters and sorts by.
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    verified_until = models.DateField(null=True, blank=True)
    accepting_new_patients = models.BooleanField(default=True)
    rating_average = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    review_count = models.PositiveIntegerField(default=0)
    years_treating_chronic_pain = models.PositiveSmallIntegerField(null=True, blank=True)
    years_in_practice = models.PositiveSmallIntegerField(null=True, blank=True)
    fee_min = models.PositiveIntegerField(null=True, blank=True)
    accepts_medicare = models.BooleanField(default=False)
    accepts_medicaid = models.BooleanField(default=False)
    accepts_va_community_care = models.BooleanField(default=False)
    accepts_insurance = models.BooleanField(default=False)
    accepts_hsa_fsa = models.BooleanField(default=False)
    offers_sliding_scale = models.BooleanField(default=False)
    offers_community_clinic = models.BooleanField(default=False)
    condition_ids = IdSetField()
    technique_ids = IdSetField()
    language_ids = IdSetField()
    search_name = models.CharField(max_length=170, blank=True)
    search_document = TextDocumentField(null=True, blank=True)
    # The name's own words (PostgreSQL): which matches are names, read from a
    # small index of its own (search.named()). SQLite reads `search_name`.
    name_document = TextDocumentField(null=True, blank=True)
    # What the practitioner's result card shows beyond its own row, kept ready
    # on the primary row (selectors.cards): the clinics, and each extension's
    # facts (PractitionerExtension.card_facts).
    card = models.JSONField(null=True, blank=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner"],
                condition=Q(is_primary=True),
                name="listing_one_primary_per_practitioner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} (listing {self.pk})"


# The practitioner's columns a listing copies, under the same names.
COPIED = (
    "first_name", "last_name", "verified_until", "accepting_new_patients", "rating_average",
    "review_count", "years_treating_chronic_pain", "years_in_practice", "fee_min", "search_name",
    "condition_ids", "technique_ids", "language_ids", *(field for _, field, _ in PAYMENT_OPTIONS),
)  # fmt: skip


# What a card shows of each clinic: the place, and the point for the results map.
CARD_CLINIC_FIELDS = ("id", "name", "city", "state", "is_primary", "latitude", "longitude")


def card_of(practitioner, clinics, facts: dict[str, dict]) -> dict:
    """The card kept on a practitioner's primary listing row (JSON)."""
    card = {"clinics": [[getattr(c, f) for f in CARD_CLINIC_FIELDS] for c in clinics]}
    for name, by_practitioner in facts.items():
        card[name] = by_practitioner.get(practitioner.pk)
    return card


def card_facts(practitioner_ids: list[int]) -> dict[str, dict]:
    """Each extension's card facts for these practitioners: {extension: {id: facts}}."""
    return {e.name: e.card_facts(practitioner_ids) for e in extensions.registered() if e.name}


def _rows_for(practitioners, facts: dict[str, dict]) -> list[dict]:
    """The listing rows of (practitioner, its clinics) pairs, as the fields each row sets."""
    listings = []
    postgresql = _is_postgresql()
    for p, clinics in practitioners:
        common = {name: getattr(p, name) for name in COPIED}
        common["search_document"] = _document(f"{p.search_name} {p.search_text}", postgresql)
        common["name_document"] = _document(p.search_name, postgresql) if postgresql else None
        clinics = sorted(clinics, key=lambda c: (not c.is_primary, c.name, c.pk))
        card = card_of(p, clinics, facts)
        if not clinics:
            listings.append(
                {"practitioner_id": p.pk, "clinic_id": None, "is_primary": True, "card": card,
                 "latitude": None, "longitude": None, **common}
            )  # fmt: skip
        for n, clinic in enumerate(clinics):
            listings.append(
                {
                    "practitioner_id": p.pk,
                    "clinic_id": clinic.pk,
                    # The main clinic (or, if none is marked, the first) stands for
                    # the practitioner when the search has no place.
                    "is_primary": n == 0,
                    "card": card if n == 0 else None,
                    "latitude": clinic.latitude,
                    "longitude": clinic.longitude,
                    **common,
                }
            )
    return listings


def _document(text: str, postgresql: bool):
    """A full-text document: PostgreSQL builds the tsvector as it inserts the row.

    SQLite matches words in the plain text.
    """
    return TextDocument(text, TEXT_SEARCH_CONFIG) if postgresql else text


def _is_postgresql() -> bool:
    return connections[router.db_for_write(Listing)].vendor == "postgresql"


@transaction.atomic
def refresh_listings(practitioner_ids) -> None:
    """Rewrite the listing rows of these practitioners from their current data.

    Call it in the transaction that changed them. An unpublished or draft
    profile keeps no rows, so the search cannot find it.
    """
    ids = sorted(set(practitioner_ids))
    for start in range(0, len(ids), REFRESH_CHUNK):
        chunk = ids[start : start + REFRESH_CHUNK]
        Listing.objects.filter(practitioner_id__in=chunk).delete()
        practitioners = (
            Practitioner.objects.listed()
            .filter(pk__in=chunk)
            .only("pk", "search_text", *COPIED)
            .prefetch_related("clinics")
        )
        _insert_listings([(p, list(p.clinics.all())) for p in practitioners])


def list_new_practitioners(created: list[tuple[Practitioner, list]]) -> None:
    """Write the listing rows of practitioners just created published, from the objects in hand.

    For a bulk writer (the NPPES import) holding what it has just inserted:
    (practitioner, its clinics) pairs, with their keys. The rows are the ones
    refresh_listings() writes, without reading the profiles back.
    """
    published = Practitioner.Publication.PUBLISHED
    _insert_listings([(p, clinics) for p, clinics in created if p.publication_status == published])


def _insert_listings(practitioners: list[tuple[Practitioner, list]]) -> None:
    facts = card_facts([p.pk for p, _ in practitioners])
    # core.bulk: ~40 columns a row, prepared without a model instance each.
    insert_rows(Listing, _rows_for(practitioners, facts))


def copy_to_listings(practitioners, *fields: str) -> int:
    """Copy these columns of these practitioners (ids, or a queryset) to their listing rows.

    One UPDATE, for the stored aggregates and standing other apps keep
    (ratings, `verified_until`).
    """
    if isinstance(practitioners, list | tuple | set) and not practitioners:
        return 0
    source = Practitioner.objects.filter(pk=OuterRef("practitioner_id"))
    return Listing.objects.filter(practitioner_id__in=practitioners).update(
        **{name: Subquery(source.values(name)[:1]) for name in fields}
    )


def rebuild_listings(progress=None) -> int:
    """Rewrite every listing row (after a bulk load or a migration); return how many are listed.

    `progress(done, total)` is called after each chunk. One transaction: the
    search never sees a half-rebuilt directory.
    """
    with transaction.atomic():
        Listing.objects.all().delete()
        ids = list(Practitioner.objects.listed().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), REFRESH_CHUNK):
            refresh_listings(ids[start : start + REFRESH_CHUNK])
            if progress:
                progress(min(start + REFRESH_CHUNK, len(ids)), len(ids))
    return len(ids)
