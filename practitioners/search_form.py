"""The search form: its own fields, the words a bad value gets, and the rules across fields.

`practitioners.filters` declares the search's filters with these; each field
carries the sentence a bad value gets, on the page and in the API alike, and
under INSTEAD what the page shows in its place (the API answers 400).
"""

import django_filters
from django import forms
from django.utils.text import get_text_list
from drf_spectacular.utils import extend_schema_field

from core.numbers import parse_positive_int

from .geo import LocationNotFound, locate
from .terms import TermField, by_key

# The largest fee a search may ask about, in US dollars.
MAX_FEE = 10_000

# The error-message key under which a field says what the page shows instead.
INSTEAD = "instead"


def bad_value(instead: str = "This filter was not used.", **messages: str) -> dict[str, str]:
    """Build a field's error messages, by error code, plus what the page shows instead."""
    return {**messages, INSTEAD: instead}


def use_one_of(choices) -> str:
    """Say which values a small choice takes, with what each means."""
    return f"Use {get_text_list([f'{v} ({label.lower()})' for v, label in choices], 'or')}."


def unknown(noun: str) -> str:
    return f"That {noun} isn't one we know."


def known_conditions() -> str:
    """The condition slugs a search knows, for the message a bad one gets."""
    return ", ".join(by_key("conditions", "slug"))


class TermFilter(django_filters.Filter):
    """Terms of a kept vocabulary by slug or code (terms.TermField): no query to choose them."""

    field_class = TermField


def term_filter(relation: str, key: str, *, label: str, schema: dict):
    """One vocabulary entry (a technique, a language) chosen by its slug or code."""
    return extend_schema_field(schema)(
        TermFilter(
            relation=relation,
            key=key,
            multiple=False,
            empty_label=f"Any {label.lower()}",
            method=f"filter_{label.lower()}",
            label=label,
            error_messages=bad_value(invalid_choice=unknown(label.lower())),
        )
    )


class WholeDollarsField(forms.IntegerField):
    """Whole US dollars from 0 to MAX_FEE, in ASCII digits (core.numbers)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        dollars = parse_positive_int(str(value).strip(), minimum=0, maximum=MAX_FEE)
        if dollars is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return dollars


class WholeDollarsFilter(django_filters.Filter):
    field_class = WholeDollarsField


class SearchForm(forms.Form):
    """Adds the cross-field rules: `near` must resolve; distance sort needs `near`."""

    location = None
    place_suggestions: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        near = (data.get("near") or "").strip()
        self.location = None
        self.place_suggestions = ()
        if near:
            try:
                self.location = locate(near)
            except LocationNotFound as exc:
                self.place_suggestions = exc.suggestions
                self.add_error("near", str(exc))
        if data.get("sort") == "distance" and not near and "near" not in self.errors:
            self.add_error("sort", self.fields["sort"].error_messages["needs_near"])
        return data
