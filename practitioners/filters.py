"""The one search definition, shared by the HTML search page and the JSON API.

Each filter's form field carries the sentence a bad value gets, on the page
and in the API alike, and under INSTEAD what the page shows in its place (the
API answers 400 and shows nothing): practitioners.search_form.
"""

import copy
import functools

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy, get_text_list
from drf_spectacular.utils import extend_schema_field

from core.pagination import COUNT_CAP

from . import extensions, search
from .geo import PLACE_HINT
from .listings import Listing
from .models import PAYMENT_OPTIONS
from .search_form import (
    MAX_FEE,
    SearchForm,
    TermFilter,
    WholeDollarsFilter,
    bad_value,
    known_conditions,
    term_filter,
    unknown,
    use_one_of,
)

RADIUS_CHOICES = [
    (5, "5 miles"),
    (10, "10 miles"),
    (25, "25 miles"),
    (50, "50 miles"),
    (100, "100 miles"),
]
DEFAULT_RADIUS = 25
SORT_CHOICES = [
    ("relevance", "Best match"),
    ("distance", "Distance"),
    ("rating", "Rating"),
    ("experience", "Experience with chronic pain"),
]
RATING_CHOICES = [(n, f"{n}+ stars") for n in range(5, 0, -1)]
ACCEPTING_CHOICES = [("1", "Accepting new patients only"), ("0", "Any")]
VERIFIED_CHOICES = [("1", "Verified license only"), ("0", "Everyone listed")]

PAYMENT_CHOICES = [(value, label) for value, _, label in PAYMENT_OPTIONS]
PAYMENT_MEANING = (
    "A payment option, repeatable: practitioners who take any of them (a patient with "
    "Medicare and an HSA card can pay either way)."
)
MAX_FEE_MEANING = "US dollars: practitioners whose lowest stated session fee is at most this."

CONDITION_MEANING = (
    "A condition slug, repeatable: practitioners who treat any of them, "
    "those treating more of them first."
)


class FiltersCopiedShallow(dict):
    """The filters a search copies for itself: a copy of each filter object.

    django-filter deep-copies every filter per filterset only to point each at
    it (`parent`, `model`); that copied each filter's choices and cached form
    field again for every search, a twentieth of a results page. Nothing
    changes a filter's settings or field after the class is built (the form
    copies its own fields), so one level of copying is enough.
    """

    def __deepcopy__(self, memo):
        copies = {}
        for name, filter_ in self.items():
            copies[name] = copy.copy(filter_)
            if filter_.method is not None:
                # A method filter calls through an object bound to its filter:
                # bind a new one to the copy, whose parent is the search.
                copies[name].method = filter_.method
        return copies


class PractitionerFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text",
        max_length=search.MAX_QUERY_LENGTH,
        label="Name, clinic or condition",
        error_messages=bad_value(
            max_length=f"Search text is limited to {search.MAX_QUERY_LENGTH} characters.",
            instead="It was not used.",
        ),
    )
    near = django_filters.CharFilter(
        method="filter_noop",
        max_length=100,
        label="ZIP code or city",
        # A place we can't read lists no one: practitioners from anywhere would mislead.
        error_messages=bad_value(max_length=PLACE_HINT, instead=""),
    )
    radius = extend_schema_field({"type": "integer", "enum": [r for r, _ in RADIUS_CHOICES]})(
        django_filters.TypedChoiceFilter(
            choices=RADIUS_CHOICES,
            coerce=int,
            method="filter_noop",
            label="Within",
            empty_value=None,
            error_messages=bad_value(
                invalid_choice=f"Choose {get_text_list([str(r) for r, _ in RADIUS_CHOICES], 'or')} miles.",
                instead=f"Showing {DEFAULT_RADIUS} miles.",
            ),
        )
    )
    condition = extend_schema_field({"type": "string", "description": CONDITION_MEANING})(
        TermFilter(
            relation="conditions",
            key="slug",
            method="filter_condition",
            label="Conditions treated",
            # The known slugs are read only when a bad one needs the message.
            error_messages=bad_value(
                invalid_choice=format_lazy(
                    "We don't know one of those conditions. Known: {}.",
                    lazy(known_conditions, str)(),
                )
            ),
        )
    )
    technique = term_filter("techniques", "slug", label="Technique", schema={"type": "string"})
    credential = django_filters.ChoiceFilter(
        # The apps that own credentials say which there are (practitioners.extensions).
        choices=extensions.CREDENTIAL_CHOICES,
        method="filter_credential",
        label="Verified credential",
        empty_label="Any credential",
        error_messages=bad_value(invalid_choice=unknown("credential")),
    )
    language = term_filter(
        "languages", "code", label="Language", schema={"type": "string", "pattern": "^[a-z]{2}$"}
    )
    accepting = django_filters.ChoiceFilter(
        choices=ACCEPTING_CHOICES,
        method="filter_accepting",
        label="New patients",
        empty_label=None,
        error_messages=bad_value(invalid_choice=use_one_of(ACCEPTING_CHOICES)),
    )
    verified = django_filters.ChoiceFilter(
        choices=VERIFIED_CHOICES,
        method="filter_noop",
        label="License",
        empty_label=None,
        error_messages=bad_value(
            invalid_choice=use_one_of(VERIFIED_CHOICES),
            instead="Showing verified practitioners only.",
        ),
    )
    min_rating = extend_schema_field({"type": "integer", "enum": [1, 2, 3, 4, 5]})(
        django_filters.TypedChoiceFilter(
            choices=[("", "Any rating"), *RATING_CHOICES],
            coerce=int,
            method="filter_min_rating",
            label="Minimum rating",
            empty_value=None,
            error_messages=bad_value(
                invalid_choice=f"Choose a minimum rating from {RATING_CHOICES[-1][0]} to {RATING_CHOICES[0][0]}."
            ),
        )
    )
    payment = extend_schema_field(
        {"type": "string", "enum": [v for v, _ in PAYMENT_CHOICES], "description": PAYMENT_MEANING}
    )(
        django_filters.MultipleChoiceFilter(
            choices=PAYMENT_CHOICES,
            method="filter_payment",
            label="Ways to pay",
            error_messages=bad_value(
                invalid_choice=f"Choose ways to pay from {get_text_list([v for v, _ in PAYMENT_CHOICES], 'or')}."
            ),
        )
    )
    max_fee = extend_schema_field(
        {"type": "integer", "minimum": 0, "maximum": MAX_FEE, "description": MAX_FEE_MEANING}
    )(
        WholeDollarsFilter(
            method="filter_max_fee",
            label="Session fee up to (US $)",
            error_messages=bad_value(
                invalid=f"Enter a maximum fee in whole US dollars, 0 to {MAX_FEE:,}."
            ),
        )
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES,
        method="filter_noop",
        label="Sort by",
        empty_label=None,
        error_messages=bad_value(
            invalid_choice=f"Sort by {get_text_list([label.lower() for _, label in SORT_CHOICES], 'or')}.",
            needs_near="Enter a ZIP code or city to sort by distance.",
            instead="Showing the default order.",
        ),
    )

    class Meta:
        model = Listing
        fields: list[str] = []
        form = SearchForm

    def __init__(self, data=None, queryset=None, **kwargs):
        if data is not None and "" in data.getlist("condition"):
            # A select's "Any condition" sends `condition=`: it chooses nothing.
            data = data.copy()
            data.setlist("condition", [slug for slug in data.getlist("condition") if slug])
        super().__init__(data, Listing.objects.all() if queryset is None else queryset, **kwargs)
        self._text_query = None

    def get_form_class(self):
        """The search form's class, built once: its fields are the same for every search."""
        return type(self)._form_class()

    @classmethod
    @functools.cache
    def _form_class(cls):
        fields = {name: filter_.field for name, filter_ in cls.base_filters.items()}
        return type(f"{cls.__name__}Form", (cls._meta.form,), fields)

    def filter_noop(self, queryset, name, value):
        # Applied together in filter_queryset: they depend on each other.
        return queryset

    def filter_text(self, queryset, name, value):
        # Applied last (filter_anywhere): a misspelt name turns it fuzzy (results()).
        return queryset

    def filter_condition(self, queryset, name, value):
        # treating() nothing would be no one.
        return queryset.treating(*value) if value else queryset

    def filter_technique(self, queryset, name, value):
        return queryset.offering(value)

    def filter_language(self, queryset, name, value):
        return queryset.speaking(value)

    def filter_credential(self, queryset, name, value):
        for extension in extensions.registered():
            records = extension.credential_holders(value)
            if records is not None:
                return queryset.holding(records)
        return queryset.none()

    def filter_accepting(self, queryset, name, value):
        return queryset.accepting() if value == "1" else queryset

    def filter_min_rating(self, queryset, name, value):
        return queryset.rated_at_least(value)

    def filter_payment(self, queryset, name, value):
        return queryset.paying_with(*value)

    def filter_max_fee(self, queryset, name, value):
        return queryset.costing_at_most(value)

    # The parts that depend on each other

    @property
    def cleaned(self) -> dict:
        return (
            self.form.cleaned_data if self.is_bound and hasattr(self.form, "cleaned_data") else {}
        )

    @property
    def location(self):
        return self.form.location if self.is_bound and self.form.is_valid() is not None else None

    @property
    def radius_miles(self) -> int:
        return self.cleaned.get("radius") or DEFAULT_RADIUS

    @property
    def verified_only(self) -> bool:
        return (self.cleaned.get("verified") or "1") == "1"

    @property
    def sort_order(self) -> str:
        chosen = self.cleaned.get("sort")
        if chosen == "distance" and not self.location:
            chosen = None
        return chosen or ("distance" if self.location else "relevance")

    @property
    def text(self) -> str:
        return self.cleaned.get("q") or ""

    @property
    def several_conditions(self) -> bool:
        return len(self.cleaned.get("condition") or []) > 1

    @property
    def place_unknown(self) -> bool:
        """A place was asked for and we could not find it."""
        return self.is_bound and "near" in self.form.errors

    @property
    def text_query(self) -> search.TextQuery:
        """The free text as the search reads it (fuzzy names once its words match no one)."""
        if self._text_query is None:
            self._text_query = search.TextQuery.parse(self.text)
        return self._text_query

    def filter_queryset(self, queryset):
        """The matching listing rows: one per practitioner, or one per place within the radius."""
        if self.place_unknown:
            return queryset.none()
        queryset = self.filter_anywhere(queryset)
        if location := self.location:
            return queryset.near(location.latitude, location.longitude, self.radius_miles)
        return queryset.everywhere()

    def filter_anywhere(self, queryset):
        """Every filter but the place: what the look beyond the radius searches."""
        queryset = super().filter_queryset(queryset)
        if self.verified_only:
            queryset = queryset.verified()
        if self.text:
            queryset = search.matching(queryset, self.text_query)
        return queryset

    def results(self, *, limit: int = COUNT_CAP + 1) -> search.Results:
        """The search's matches (counted up to `limit`) in its order, read a page at a time."""
        found = self._results(limit)
        misspelt = self.text_query.may_be_a_misspelt_name
        if not found.counted and misspelt and not self.words_match_anyone():
            # A misspelt name: match names by their spelling instead.
            self._text_query = self.text_query.fuzzy_instead()
            del self._qs
            found = self._results(limit)
        return found

    def _results(self, limit: int) -> search.Results:
        if self.location is not None or self.text_query.fuzzy:
            # Inside a radius every match is read to order it by distance anyway;
            # a misspelt name has at most search.FUZZY_NAMES matches.
            return search.Results(self.location, rows=self.keys(self.qs, limit=limit))
        # Counted in the cheapest order, then read in the search's own only as far
        # as the page asked for: a long index order is not read to its cap.
        counted = self.qs.values("pk")[:limit].count()
        return search.Results(count=counted, read=lambda n: self.keys(self.qs, limit=n))

    def words_match_anyone(self) -> bool:
        return Listing.objects.everywhere().matching(self.text_query).exists()

    def keys(self, listings, *, limit: int, order: list | None = None) -> list[tuple]:
        """(practitioner id, miles or None) of the first `limit` practitioners of `listings`."""
        # A given order (the look beyond the radius: nearest first) has no tiers.
        tiers, keys = self.ordering() if order is None else ([], order)
        if tiers and self.text_query.fuzzy:
            listings = listings.annotate(
                name_score=search.name_closeness(listings, self.text_query)
            )
        if self.location is None:
            return search.ordered_keys(
                listings, tiers=tiers, order=keys, limit=limit, values=("practitioner_id",)
            )
        # Rows per place: each practitioner once, at its nearest place.
        ranks, within = search.tier_ranks(tiers)
        nearest, order = search.per_practitioner(
            listings.annotate(**ranks), [*ranks, *within, *keys]
        )
        return search.ordered_keys(
            nearest, tiers=[], order=order, limit=limit, values=("practitioner_id", "miles")
        )

    def ordering(self) -> tuple[list[search.Tier], list]:
        """(tiers, order) for the chosen sort; the tail makes pages stable and matches the indexes."""
        rating = [F("rating_average").desc(nulls_last=True), F("review_count").desc()]
        experience = [
            F("years_treating_chronic_pain").desc(nulls_last=True),
            F("years_in_practice").desc(nulls_last=True),
        ]
        tail = ["last_name", "first_name", "practitioner_id"]
        # With several conditions chosen, treating more of them is the first
        # relevance signal and, in the other sorts, the first tie-breaker after
        # the chosen key: clinics share their ZIP's coordinates, so equal
        # distances are common. One condition is matched once by everyone.
        matched = [F("conditions_matched").desc()] if self.several_conditions else []
        if self.sort_order == "distance":
            return [], ["miles", *matched, *rating, *tail]
        if self.sort_order == "rating":
            return [], [*rating, *matched, *tail]
        if self.sort_order == "experience":
            return [], [*experience, *matched, *tail]
        return self.relevance_tiers(), [*rating, *tail]

    def relevance_tiers(self) -> list[search.Tier]:
        """Best match: more of the chosen conditions, then names holding the words, then verified."""
        tiers = []
        if self.several_conditions:
            chosen = len(self.cleaned["condition"])
            tiers.append(
                search.Tier(tuple((Q(conditions_matched=n), ()) for n in range(chosen, 0, -1)))
            )
        if self.text_query.terms:
            if self.text_query.fuzzy:
                # Every match is a name spelt like the text: the closest first.
                spelt_like = Q(practitioner_id__isnull=False)
                tiers.append(search.Tier(((spelt_like, (F("name_score").desc(),)),)))
            else:
                named = search.named(self.queryset, self.text_query)
                tiers.append(search.Tier(((named, ()), (~named, ()))))
        if not self.verified_only:
            today = timezone.localdate()
            verified = Q(verified_until__gte=today)
            tiers.append(search.Tier(((verified, ()), (~verified, ()))))
        return tiers

    # What the empty-result message and the "remove filter" links need

    def active_filters(self) -> list[tuple[str, str]]:
        """Return (parameter, human label) for each narrowing filter the user set."""
        data, labels = self.cleaned, []
        for condition in data.get("condition") or []:
            labels.append(("condition", f"treats {condition.name.lower()}"))
        if data.get("technique"):
            labels.append(("technique", f"offers {data['technique'].name}"))
        if data.get("credential"):
            labels.append(
                (
                    "credential",
                    f"holds a verified {dict(extensions.credential_choices())[data['credential']]}",
                )
            )
        if data.get("language"):
            labels.append(("language", f"speaks {data['language'].name}"))
        if data.get("accepting") == "1":
            labels.append(("accepting", "is accepting new patients"))
        if data.get("payment"):
            chosen = dict(PAYMENT_CHOICES)
            ways = [chosen[v] for v in data["payment"]]
            labels.append(("payment", f"takes {get_text_list(ways, 'or')}"))
        if data.get("max_fee") is not None:
            labels.append(("max_fee", f"has fees from ${data['max_fee']} or less"))
        if data.get("min_rating"):
            labels.append(("min_rating", f"is rated {data['min_rating']}+"))
        if self.text:
            # Single quotes: the "Drop" links put the label inside double ones.
            labels.append(("q", f"matches ‘{self.text}’"))
        return labels


PractitionerFilterSet.base_filters = FiltersCopiedShallow(PractitionerFilterSet.base_filters)
