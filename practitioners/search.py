"""Search text: keeping it current, and matching it on PostgreSQL or SQLite.

`search_name` and `search_text` are denormalised on each practitioner so a
search reads one row per practitioner. On PostgreSQL, migration 0003 builds
a stored tsvector from them (GIN-indexed, ranked with ts_rank) and a trigram
index on the name (typo tolerance). SQLite matches every word with LIKE.
"""

import re
from collections.abc import Iterable

from django.db import connections
from django.db.models import BooleanField, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from .models import Practitioner

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8


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


def refresh_search_fields(practitioner_ids: Iterable[int]) -> None:
    """Recompute the stored search text of these practitioners."""
    ids = list(practitioner_ids)
    if not ids:
        return
    practitioners = Practitioner.objects.filter(pk__in=ids).prefetch_related(
        "conditions", "techniques", "clinics"
    )
    changed = []
    for p in practitioners:
        name, text = build_search_fields(p, p.clinics.all(), p.conditions.all(), p.techniques.all())
        if (name, text) != (p.search_name, p.search_text):
            p.search_name, p.search_text = name, text
            changed.append(p)
    Practitioner.objects.bulk_update(changed, ["search_name", "search_text"], batch_size=1000)


def terms_of(query: str) -> list[str]:
    # A term is a run of letters/digits, with inner apostrophes or hyphens.
    return re.findall(r"[^\W_]+(?:['-][^\W_]+)*", normalise(query)[:MAX_QUERY_LENGTH])[:MAX_TERMS]


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """Filter to practitioners matching free text, annotated with `rank` (higher is better)."""
    terms = terms_of(query)
    if not terms:
        return queryset
    text = " ".join(terms)
    ops = connections[queryset.db].ops
    # RawSQL is not rewritten by the ORM: name the base table as its SQL does.
    table = ops.quote_name(Practitioner._meta.db_table)
    name = f"{table}.{ops.quote_name('search_name')}"
    if connections[queryset.db].vendor == "postgresql":
        # websearch_to_tsquery never raises on user input. `%` (similarity) and
        # `<%` (word similarity) on the name are served by the trigram GIN
        # index; together they forgive typos in full names ("jonh smth") and in
        # a single name ("chne").
        vector = f"{table}.{ops.quote_name('search_vector')}"
        tsquery = "websearch_to_tsquery('english', %s)"
        # User text only ever travels as a bound parameter (%s), never in the SQL.
        match = RawSQL(  # noqa: S611
            f"({vector} @@ {tsquery} OR {name} %% %s OR %s <%% {name})",
            (text, text, text),
            output_field=BooleanField(),
        )
        rank = RawSQL(  # noqa: S611
            f"ts_rank({vector}, {tsquery}) + word_similarity(%s, {name})",
            (text, text),
            output_field=FloatField(),
        )
        return queryset.filter(match).annotate(rank=rank)
    condition = Q()
    for term in terms:
        condition &= Q(search_name__contains=term) | Q(search_text__contains=term)
    name_hits = sum(
        (
            RawSQL(f"(instr({name}, %s) > 0)", (term,), output_field=FloatField())  # noqa: S611
            for term in terms
        ),
        Value(0.0, output_field=FloatField()),
    )
    return queryset.filter(condition).annotate(rank=name_hits)
