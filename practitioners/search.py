"""The search's text, its order, and the keys of its results.

Search text: `search_name` and `search_text` are denormalised on each
practitioner (`refresh_search_fields()`), and each listing row carries them
as its document (a tsvector on PostgreSQL, plain text on SQLite).

Order: a results page shows at most COUNT_CAP matches, so a search never
needs more than the first COUNT_CAP + 1 keys in its order (the count says
"500+"). Each order is an index order (rating, experience, or distance
inside the searched radius) after a few *tiers*: with several conditions,
those treating more of them first; with text, name matches first; with
everyone listed, verified practitioners first. On PostgreSQL each combination
of tiers is its own branch, read in its index's order and stopped at the cap,
and the branches are chained with UNION ALL in tier order, so a search reads
about as many index entries as it shows, however many practitioners match.
Elsewhere (SQLite) one query orders by the tiers as ranks: the same order.
"""

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import OrderBy, RawSQL

from core.formats import miles_text

from .geo import great_circle_miles
from .models import Practitioner

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# More tier combinations than this are ordered in one query instead of a branch each.
MAX_BRANCHES = 8


def normalise(text: str) -> str:
    return " ".join((text or "").lower().split())


def build_search_fields(
    practitioner: Practitioner, clinics, conditions, techniques
) -> tuple[str, str]:
    """Return (search_name, search_text) for a practitioner and its related rows."""
    name = normalise(f"{practitioner.first_name} {practitioner.last_name}")
    parts = [
        *(f"{c.name} {c.city} {c.state} {c.zip_code}" for c in clinics),
        *(c.name for c in conditions),
        *(t.name for t in techniques),
        practitioner.bio,
    ]
    return name, normalise(" ".join(parts))[:20_000]


TERMS = ("conditions", "techniques", "languages")
# What refresh_search_fields() keeps on the practitioner's own row.
KEPT_FIELDS = ("search_name", "search_text", "condition_ids", "technique_ids", "language_ids")


def refresh_search_fields(practitioner_ids: Iterable[int]) -> None:
    """Recompute what the search reads of these practitioners.

    Their search text and term ids (on their own rows), and their listings.
    """
    from .listings import refresh_listings

    ids = list(practitioner_ids)
    if not ids:
        return
    practitioners = Practitioner.objects.filter(pk__in=ids).prefetch_related(
        "conditions", "techniques", "languages", "clinics"
    )
    changed = []
    for p in practitioners:
        name, text = build_search_fields(p, p.clinics.all(), p.conditions.all(), p.techniques.all())
        kept = {
            "search_name": name,
            "search_text": text,
            **{f"{r[:-1]}_ids": sorted(t.pk for t in getattr(p, r).all()) for r in TERMS},
        }
        if any(getattr(p, field) != value for field, value in kept.items()):
            for field, value in kept.items():
                setattr(p, field, value)
            changed.append(p)
    Practitioner.objects.bulk_update(changed, list(KEPT_FIELDS), batch_size=1000)
    refresh_listings(ids)


def terms_of(query: str) -> list[str]:
    # A term is a run of letters/digits, with inner apostrophes or hyphens.
    return re.findall(r"[^\W_]+(?:['-][^\W_]+)*", normalise(query)[:MAX_QUERY_LENGTH])[:MAX_TERMS]


def _is_postgresql(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


@dataclass
class TextQuery:
    """Free text as the search reads it: its words, and whether to match names by spelling.

    Words match anywhere in a practitioner's document (name, clinics, city,
    conditions, techniques, bio); those whose name holds every word come
    first. When no one's document holds the words, as with a misspelt name
    ("jonh smth"), the search turns `fuzzy` and matches the FUZZY_NAMES
    names spelt most like it instead, by trigram similarity, the closest
    first (PostgreSQL; SQLite has no trigrams and finds no one).
    """

    text: str
    terms: list[str]
    fuzzy: bool = False

    @classmethod
    def parse(cls, query: str) -> "TextQuery":
        terms = terms_of(query)
        return cls(" ".join(terms), terms)

    @property
    def may_be_a_misspelt_name(self) -> bool:
        # Trigrams of a word under three letters match half the names there are.
        return not self.fuzzy and any(len(term) >= 3 for term in self.terms)

    def fuzzy_instead(self) -> "TextQuery":
        return TextQuery(self.text, self.terms, fuzzy=True)


def matching(queryset: QuerySet, text: TextQuery) -> QuerySet:
    """Filter listings to those matching the text: its words, or (fuzzy) a name spelt like it.

    Every row carries its practitioner's document, places too, so a search
    inside a radius reads it from the place's own row (or, for a rare word,
    from the text index ANDed with the place index).
    """
    if not text.terms:
        return queryset
    postgresql = _is_postgresql(queryset)
    if text.fuzzy:
        if not postgresql:
            return queryset.none()
        return queryset.filter(practitioner_id__in=spelt_like(text))
    if postgresql:
        # websearch_to_tsquery never raises on user input.
        return queryset.filter(
            RawSQL(
                "search_document @@ websearch_to_tsquery('english', %s)",
                (text.text,),
                output_field=BooleanField(),
            )
        )
    every_term = Q()
    for term in text.terms:
        every_term &= Q(search_document__contains=term)
    return queryset.filter(every_term)


# A misspelt name finds at most this many practitioners, the closest spellings.
FUZZY_NAMES = 100


def spelt_like(text: TextQuery) -> QuerySet:
    """The practitioners (ids) whose name is spelt most like the text, the closest first.

    Each word of three letters or more must be spelt like a word of the name
    (`<%`: word similarity over pg_trgm.word_similarity_threshold), so the
    trigram index narrows the names word by word; the closest spellings of
    the whole text come first. User text only ever travels as a parameter.
    """
    from .listings import Listing

    similar = Listing.objects.everywhere()
    for term in text.terms:
        if len(term) >= 3:
            similar = similar.filter(
                RawSQL("%s <%% search_name", (term,), output_field=BooleanField())
            )
    distance = RawSQL("%s <<-> search_name", (text.text,), output_field=FloatField())
    return similar.order_by(distance.asc(), "practitioner_id").values("practitioner_id")[
        :FUZZY_NAMES
    ]


def named(queryset: QuerySet, text: TextQuery) -> Q:
    """The rows whose name holds every word of the text: the name tier of a best match."""
    if _is_postgresql(queryset):
        return Q(
            RawSQL(
                "name_document @@ websearch_to_tsquery('english', %s)",
                (text.text,),
                output_field=BooleanField(),
            )
        )
    every_term = Q()
    for term in text.terms:
        every_term &= Q(search_name__contains=term)
    return every_term


def name_closeness(queryset: QuerySet, text: TextQuery):
    """How closely a row's name is spelt like the text (higher is closer), as SQL."""
    if _is_postgresql(queryset):
        return RawSQL("word_similarity(%s, search_name)", (text.text,), output_field=FloatField())
    return Value(1.0, output_field=FloatField())


# --- Order -------------------------------------------------------------------


@dataclass(frozen=True)
class Tier:
    """One relevance signal: rows meeting an earlier branch come first.

    `branches` are (predicate, order) pairs that do not overlap and together
    cover every match; `order` is what orders rows inside that branch before
    the search's own order (a misspelt name's closeness, say).
    """

    branches: tuple[tuple[Q, tuple], ...]


def ordered_keys(
    queryset: QuerySet,
    *,
    tiers: list[Tier],
    order: list,
    limit: int,
    values: tuple,
    chained: bool = True,
) -> list[tuple]:
    """The first `limit` rows' `values`, ordered by each tier in turn, then `order`.

    `chained=False` orders in one query: for a search already bounded by its
    radius, where a branch each would read the same few rows again.
    """
    if not tiers:
        return list(queryset.order_by(*order).values_list(*values)[:limit])
    combinations = list(itertools.product(*(tier.branches for tier in tiers)))
    if chained and _is_postgresql(queryset) and len(combinations) <= MAX_BRANCHES:
        parts = []
        for combination in combinations:
            branch = queryset.filter(*(predicate for predicate, _ in combination))
            within = [key for _, keys in combination for key in keys]
            parts.append(branch.order_by(*within, *order).values_list(*values)[:limit])
        # UNION ALL runs its branches in order (the app's connections run no
        # parallel plans: settings.DATABASES), and the outer LIMIT stops it
        # as soon as the first branches have given enough.
        chained = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        return list(chained[:limit])
    ranks, within = tier_ranks(tiers)
    return list(
        queryset.annotate(**ranks).order_by(*ranks, *within, *order).values_list(*values)[:limit]
    )


def tier_ranks(tiers: list[Tier]) -> tuple[dict, list]:
    """Each tier as a rank column (0 for its first branch), and the branches' own orders."""
    ranks, within = {}, []
    for n, tier in enumerate(tiers):
        ranks[f"tier_{n}"] = Case(
            *(When(predicate, then=Value(i)) for i, (predicate, _) in enumerate(tier.branches)),
            default=Value(len(tier.branches)),
            output_field=IntegerField(),
        )
        within += [key for _, keys in tier.branches for key in keys]
    return ranks, within


# --- Results -----------------------------------------------------------------


class Results:
    """A search's matches: how many (at most `limit`), their keys in order, a page loaded at a time.

    Either every key is known already (`rows`: a search inside a radius reads
    all its matches to order them by distance), or they are counted first and
    read in order only as far as a page needs (`count` and `read(n)`): a
    count stops at `limit` in whatever order is cheapest, and the first pages
    of a long index order are a few dozen entries away.
    """

    def __init__(self, location=None, *, rows=None, count=None, read=None):
        self.location = location
        self._rows: list[tuple] = list(rows or [])
        self._complete = rows is not None
        self._count = len(self._rows) if count is None else count
        self._read = read

    @property
    def counted(self) -> int:
        return self._count

    def keys(self, upto: int | None = None) -> list[int]:
        """The first `upto` keys (every key counted when None)."""
        upto = self._count if upto is None else min(upto, self._count)
        if len(self._rows) < upto and not self._complete:
            self._rows = self._read(upto)
        return [row[0] for row in self._rows[:upto]]

    def load(self, keys: list[int]) -> list[Practitioner]:
        """These practitioners' cards, in this order (selectors.cards)."""
        from .selectors import cards

        if not keys:
            return []
        miles = {row[0]: row[1] for row in self._rows if len(row) > 1}
        found = cards(keys)
        for practitioner in found:
            place_of(practitioner, miles.get(practitioner.pk), self.location)
        return found


def place_of(practitioner: Practitioner, miles: float | None, location) -> None:
    """Set `distance` and `nearest_city` on a prepared card, from the searched place.

    Its link then carries the place, so the profile can say how far it is.
    """
    practitioner.distance = miles
    practitioner.distance_text = "" if miles is None else miles_text(miles)
    practitioner.nearest_city = ""
    if location is not None:
        practitioner.card_url += "?" + urlencode({"near": location.query}, quote_via=quote)
    if location is not None and practitioner.clinic_list:
        nearest = min(
            practitioner.clinic_list,
            key=lambda c: great_circle_miles(
                location.latitude, location.longitude, c.latitude, c.longitude
            ),
        )
        practitioner.nearest_city = nearest.city


def nearest_per_practitioner(listings: QuerySet) -> QuerySet:
    """One row per practitioner from rows per place: its nearest place's `miles`."""
    return listings.values("practitioner_id").annotate(miles=Min("distance"))


def per_practitioner(listings: QuerySet, order: list) -> tuple[QuerySet, list]:
    """Rows per place grouped by practitioner, with what `order` reads of each; and that order.

    What an order reads is the same on each of a practitioner's rows: it is
    carried through the grouping as an aggregate of its own (grouping by the
    practitioner's key alone, not by its names, is what keeps this cheap).
    """
    carried, reordered = {}, []
    for term in order:
        descending = isinstance(term, str) and term.startswith("-")
        expression = F(term.lstrip("-")) if isinstance(term, str) else term
        source = expression.expression if isinstance(expression, OrderBy) else expression
        name = source.name
        if name in {"miles", "practitioner_id"}:
            reordered.append(term)
            continue
        carried[f"by_{name}"] = Max(name)
        if isinstance(expression, OrderBy):
            reordered.append(
                OrderBy(
                    F(f"by_{name}"),
                    descending=expression.descending,
                    nulls_last=expression.nulls_last,
                )  # fmt: skip
            )
        else:
            reordered.append(f"{'-' if descending else ''}by_{name}")
    return nearest_per_practitioner(listings).annotate(**carried), reordered


def nearest_in_rings(everywhere: QuerySet, location, rings: list[float], limit: int) -> list:
    """(practitioner id, miles) of the `limit` nearest, looking ring by ring outwards.

    Each ring is the practitioners whose nearest place lies between its inner
    and outer radius, nearest first; the rings are disjoint and in order, so
    chained (UNION ALL, PostgreSQL) they are nearest first overall, and the
    outer rings are read only when the inner ones hold fewer than `limit`.
    """
    parts = []
    for inner, outer in itertools.pairwise(rings):
        places = everywhere.near(location.latitude, location.longitude, outer)
        ring = nearest_per_practitioner(places).filter(miles__gt=inner)
        parts.append(
            ring.order_by("miles", "practitioner_id").values_list("practitioner_id", "miles")
        )
    if _is_postgresql(everywhere) and len(parts) > 1:
        chained = parts[0][:limit].union(*(part[:limit] for part in parts[1:]), all=True)
        return list(chained[:limit])
    found: list = []
    for part in parts:
        found += list(part[: limit - len(found)])
        if len(found) >= limit:
            break
    return found
