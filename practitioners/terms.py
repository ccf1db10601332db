"""The vocabularies pages name a practitioner's terms from: conditions, techniques, languages.

A page reads only the ids of a practitioner's terms, with the practitioner's
row (`PractitionerQuerySet.with_term_ids()`); the terms themselves, with the
article section that explains each, change only when staff edit them. They
are read once and kept in the default cache, emptied by `practitioners.apps`
when a term or an article is saved or deleted (the same rule as the search
form's options, `filters.VOCABULARY_KEY`), and expired after TERMS_SECONDS in
any case. An id the kept copy does not know (a term added since) reads them
again, so a new term is never dropped.
"""

from django.core.cache import cache
from django.db.models import OuterRef

from core.db import json_rows

from .models import Condition, Language, Practitioner, Technique

TERMS_KEY = "term-index:v1"
TERMS_SECONDS = 300


def _read() -> dict[str, dict]:
    explained = ("explained_by__article",)
    return {
        "conditions": {t.pk: t for t in Condition.objects.select_related(*explained)},
        "techniques": {t.pk: t for t in Technique.objects.select_related(*explained)},
        "languages": {t.pk: t for t in Language.objects.all()},
    }


def term_index() -> dict[str, dict]:
    """{relation: {id: term}} for each vocabulary, each in its own order."""
    index = cache.get(TERMS_KEY)
    if index is None:
        index = _read()
        cache.set(TERMS_KEY, index, TERMS_SECONDS)
    return index


def forget_terms(**kwargs) -> None:
    cache.delete(TERMS_KEY)


def terms(relation: str, ids, index: dict | None = None) -> list:
    """The terms of `relation` with these ids, in the vocabulary's order."""
    ids = set(ids or ())
    if not ids:
        return []
    by_id = (index or term_index())[relation]
    if not ids <= by_id.keys():
        forget_terms()
        by_id = term_index()[relation]
    return [term for pk, term in by_id.items() if pk in ids]


def with_term_ids(queryset, *relations: str):
    """Annotate `<relation>_ids` for each many-to-many vocabulary: its link rows only, no join."""
    annotations = {}
    for relation in relations:
        if f"{relation}_ids" in queryset.query.annotations:
            continue
        field = Practitioner._meta.get_field(relation)
        links = field.remote_field.through.objects.filter(practitioner=OuterRef("pk"))
        annotations[f"{relation}_ids"] = json_rows(
            links, "practitioner", field.m2m_reverse_field_name()
        )
    return queryset.annotate(**annotations)
