"""The vocabularies pages name a practitioner's terms from: conditions, techniques, languages.

A page reads only the ids of a practitioner's terms, with the practitioner's
row (`Practitioner.condition_ids` and the like); the terms themselves, with the
article section that explains each, change only when staff edit them. Each
process reads them once and keeps them in memory, with the stamp of the copy
it read; the default cache (shared by every worker with Redis) holds the
current stamp. `practitioners.apps` forgets the stamp when a term or an
article is saved or deleted, so every process reads them again within
RECHECK_SECONDS, and the stamp expires after TERMS_SECONDS in any case. An id
the kept copy does not know (a term added since) reads them again, so a new
term is never dropped. (Kept as objects in each process, not unpickled from
the cache on every read: a page names terms many times.)

The search form offers and reads its terms from the same kept copy
(`TermField`): choosing a condition costs no query, and a slug staff have
just added is looked up again before it is refused.
"""

import time
import uuid

from django import forms
from django.core.cache import cache

from .models import Condition, Language, Technique

STAMP_KEY = "term-index:stamp:v2"
TERMS_SECONDS = 300
# How long a process trusts its copy before it compares stamps again.
RECHECK_SECONDS = 1.0
_kept: dict = {"stamp": None, "index": None, "checked": 0.0}


def _read() -> dict[str, dict]:
    explained = ("explained_by__article",)
    return {
        "conditions": {t.pk: t for t in Condition.objects.select_related(*explained)},
        "techniques": {t.pk: t for t in Technique.objects.select_related(*explained)},
        "languages": {t.pk: t for t in Language.objects.all()},
    }


def term_index() -> dict[str, dict]:
    """{relation: {id: term}} for each vocabulary, each in its own order."""
    now = time.monotonic()
    if _kept["index"] is not None and now - _kept["checked"] < RECHECK_SECONDS:
        return _kept["index"]
    stamp = cache.get(STAMP_KEY)
    if stamp is None or stamp != _kept["stamp"] or _kept["index"] is None:
        index = _read()
        if stamp is None:
            stamp = uuid.uuid4().hex
            cache.set(STAMP_KEY, stamp, TERMS_SECONDS)
        _kept.update(stamp=stamp, index=index)
    _kept["checked"] = now
    return _kept["index"]


def forget_terms(**kwargs) -> None:
    """Read the terms again, here now and in every other process within RECHECK_SECONDS."""
    cache.delete(STAMP_KEY)
    _kept.update(stamp=None, index=None, checked=0.0)


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


def by_key(relation: str, key: str, *, fresh: bool = False) -> dict:
    """{slug or code: term} of one vocabulary."""
    if fresh:
        forget_terms()
    return {getattr(term, key): term for term in term_index()[relation].values()}


class TermField(forms.MultipleChoiceField):
    """Terms of one kept vocabulary, chosen by slug (or code): cleans to the terms.

    `multiple=False` takes one value and cleans to one term (or None), with an
    empty first option labelled `empty_label`.
    """

    def __init__(self, *, relation: str, key: str, multiple=True, empty_label="", **kwargs):
        self.relation, self.key, self.multiple = relation, key, multiple
        self.empty_label = empty_label
        kwargs.setdefault("widget", forms.SelectMultiple if multiple else forms.Select)
        super().__init__(choices=self._options, **kwargs)

    def _options(self) -> list[tuple[str, str]]:
        terms = [(getattr(t, self.key), t.name) for t in term_index()[self.relation].values()]
        return terms if self.multiple else [("", self.empty_label), *terms]

    def to_python(self, value):
        if self.multiple:
            return super().to_python(value)
        return [] if value in self.empty_values else [str(value)]

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        known = by_key(self.relation, self.key)
        if any(v not in known for v in value):
            known = by_key(self.relation, self.key, fresh=True)  # added since it was kept?
        for v in value:
            if v not in known:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": v},
                )

    def clean(self, value):
        chosen = super().clean(value)
        known = by_key(self.relation, self.key)
        terms = list({v: known[v] for v in chosen}.values())  # each once, in the order asked
        if self.multiple:
            return terms
        return terms[0] if terms else None

    def has_changed(self, initial, data):
        return bool(data)
