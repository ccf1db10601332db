"""The one search definition, shared by the HTML search page and the JSON API."""

import django_filters
from django import forms
from django.db.models import Exists, F, FloatField, OuterRef, Subquery
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from drf_spectacular.utils import extend_schema_field

from . import extensions, search
from .geo import EARTH_RADIUS_MILES, LocationNotFound, bounding_box, locate
from .models import Clinic, Condition, Language, Practitioner, Technique

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
LIST_DEFERRED = ["bio", "search_text", "search_name", "fee_notes", "photo"]
RATING_CHOICES = [(n, f"{n}+ stars") for n in range(5, 0, -1)]


class SearchForm(forms.Form):
    """Adds the cross-field rules: `near` must resolve; distance sort needs `near`."""

    location = None

    def clean(self):
        data = super().clean()
        near = (data.get("near") or "").strip()
        self.location = None
        if near:
            try:
                self.location = locate(near)
            except LocationNotFound as exc:
                self.add_error("near", str(exc))
        if data.get("sort") == "distance" and not near and "near" not in self.errors:
            self.add_error("sort", "Enter a ZIP code or city to sort by distance.")
        return data


def haversine_miles(latitude: float, longitude: float):
    """Great-circle distance from a point to a clinic row, as a SQL expression."""
    lat0, lon0 = Radians(latitude), Radians(longitude)
    dlat = (Radians(F("latitude")) - lat0) / 2
    dlon = (Radians(F("longitude")) - lon0) / 2
    a = Power(Sin(dlat), 2) + Cos(lat0) * Cos(Radians(F("latitude"))) * Power(Sin(dlon), 2)
    return 2 * EARTH_RADIUS_MILES * ASin(Sqrt(a))


class PractitionerFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_noop",
        max_length=search.MAX_QUERY_LENGTH,
        label="Name, clinic or condition",
    )
    near = django_filters.CharFilter(method="filter_noop", max_length=100, label="ZIP code or city")
    radius = extend_schema_field({"type": "integer", "enum": [r for r, _ in RADIUS_CHOICES]})(
        django_filters.TypedChoiceFilter(
            choices=RADIUS_CHOICES,
            coerce=int,
            method="filter_noop",
            label="Within",
            empty_value=None,
        )
    )
    condition = extend_schema_field({"type": "array", "items": {"type": "string"}})(
        django_filters.ModelMultipleChoiceFilter(
            queryset=Condition.objects.all(),
            to_field_name="slug",
            method="filter_condition",
            label="Conditions treated",
        )
    )
    technique = extend_schema_field({"type": "string"})(
        django_filters.ModelChoiceFilter(
            queryset=Technique.objects.all(),
            to_field_name="slug",
            method="filter_technique",
            label="Technique",
            empty_label="Any technique",
        )
    )
    credential = django_filters.ChoiceFilter(
        # The apps that own credentials say which there are (practitioners.extensions).
        choices=extensions.CREDENTIAL_CHOICES,
        method="filter_credential",
        label="Verified credential",
        empty_label="Any credential",
    )
    language = extend_schema_field({"type": "string", "pattern": "^[a-z]{2}$"})(
        django_filters.ModelChoiceFilter(
            queryset=Language.objects.all(),
            to_field_name="code",
            method="filter_language",
            label="Language",
            empty_label="Any language",
        )
    )
    accepting = django_filters.ChoiceFilter(
        choices=[("1", "Accepting new patients only"), ("0", "Any")],
        method="filter_accepting",
        label="New patients",
        empty_label=None,
    )
    verified = django_filters.ChoiceFilter(
        choices=[("1", "Verified license only"), ("0", "Everyone listed")],
        method="filter_noop",
        label="License",
        empty_label=None,
    )
    min_rating = extend_schema_field({"type": "integer", "enum": [1, 2, 3, 4, 5]})(
        django_filters.TypedChoiceFilter(
            choices=[("", "Any rating"), *RATING_CHOICES],
            coerce=int,
            method="filter_min_rating",
            label="Minimum rating",
            empty_value=None,
        )
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_noop", label="Sort by", empty_label=None
    )

    class Meta:
        model = Practitioner
        fields: list[str] = []
        form = SearchForm

    def filter_noop(self, queryset, name, value):
        # Applied together in filter_queryset: they depend on each other.
        return queryset

    def filter_condition(self, queryset, name, value):
        # A patient with several conditions wants someone who treats all of them.
        through = Practitioner.conditions.through.objects
        for condition in value:
            queryset = queryset.filter(
                Exists(through.filter(practitioner=OuterRef("pk"), condition=condition))
            )
        return queryset

    def filter_technique(self, queryset, name, value):
        through = Practitioner.techniques.through.objects
        return queryset.filter(Exists(through.filter(practitioner=OuterRef("pk"), technique=value)))

    def filter_language(self, queryset, name, value):
        through = Practitioner.languages.through.objects
        return queryset.filter(Exists(through.filter(practitioner=OuterRef("pk"), language=value)))

    def filter_credential(self, queryset, name, value):
        for extension in extensions.registered():
            filtered = extension.holding_credential(queryset, value)
            if filtered is not None:
                return filtered
        return queryset.none()

    def filter_accepting(self, queryset, name, value):
        return queryset.filter(accepting_new_patients=True) if value == "1" else queryset

    def filter_min_rating(self, queryset, name, value):
        return queryset.filter(rating_average__gte=value)

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

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.verified_only:
            queryset = queryset.verified()
        queryset = queryset.with_verified_flag()
        if location := self.location:
            queryset = self.within_radius(queryset, location, self.radius_miles)
        queryset = search.matching(queryset, self.text)
        # Cards and API rows never show these long columns: leave them on disk.
        return queryset.defer(*LIST_DEFERRED).order_by(*self.ordering())

    def within_radius(self, queryset, location, miles):
        """Bounding box on indexed coordinates first, then the exact distance.

        The clinics inside the box get their great-circle distance computed
        once each (a semi-join); only the practitioners that pass get the
        nearest-clinic subquery that orders and labels them.
        """
        min_lat, max_lat, min_lon, max_lon = bounding_box(
            location.latitude, location.longitude, miles
        )
        in_box = Clinic.objects.filter(
            latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon)
        ).annotate(miles=haversine_miles(location.latitude, location.longitude))
        within = in_box.filter(miles__lte=miles).values("practitioner_id")
        nearest = in_box.filter(practitioner=OuterRef("pk")).order_by("miles")
        return queryset.filter(pk__in=within).annotate(
            distance=Subquery(nearest.values("miles")[:1], output_field=FloatField()),
            nearest_city=Subquery(nearest.values("city")[:1]),
        )

    def ordering(self) -> list:
        """Order for the chosen sort; the tail makes pages stable and matches the indexes."""
        rating = [F("rating_average").desc(nulls_last=True), "-review_count"]
        # When everyone is listed, verified practitioners come first.
        verified_first = [] if self.verified_only else ["-is_verified"]
        relevance = ["-rank"] if search.terms_of(self.text) else []
        by = {
            "distance": ["distance", *rating],
            "rating": rating,
            "experience": [
                F("years_treating_chronic_pain").desc(nulls_last=True),
                F("years_in_practice").desc(nulls_last=True),
            ],
            "relevance": [*relevance, *verified_first, *rating],
        }[self.sort_order]
        return [*by, "last_name", "first_name", "pk"]

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
            labels.append(("accepting", "accepting new patients"))
        if data.get("min_rating"):
            labels.append(("min_rating", f"rated {data['min_rating']}+"))
        if self.text:
            labels.append(("q", f'matching "{self.text}"'))
        return labels
