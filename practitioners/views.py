"""Public pages: the search and the profile."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.page_cache import cache_public_page
from core.pagination import COUNT_CAP, paginate

from .filters import DEFAULT_RADIUS, RADIUS_CHOICES, SORT_CHOICES, PractitionerFilterSet
from .geo import LocationNotFound, great_circle_miles, locate
from .maps import directions_url, profile_map, results_map
from .models import Practitioner
from .profile import build_profile, profile_json_ld, profile_queryset
from .search_form import INSTEAD
from .selectors import nearest_beyond, nearest_beyond_summary

PAGE_SIZE = 20


def wider_radius(filterset) -> int | None:
    """The next larger radius for the same search, if there is one."""
    if not filterset.location:
        return None
    return next((r for r, _ in RADIUS_CHOICES if r > filterset.radius_miles), None)


# Filters behind "Filters (N active)" (opened on wide screens, or to show an error).
EXTRA_FILTERS = [
    "condition",
    "payment",
    "max_fee",
    "technique",
    "credential",
    "language",
    "min_rating",
    "accepting",
    "verified",
    "sort",
]
FILTER_DEFAULTS = {"verified": "1"}
SEARCH_FIELDS = [
    "near", "radius", "q", "condition", "payment", "max_fee", "technique", "credential",
    "language", "min_rating", "accepting", "verified", "sort",
]  # fmt: skip


def options(field, message: str = "", *, choices=None, selected=None) -> list[tuple]:
    """A select's (value, label, chosen) options: `selected`, or else the field's valid value."""
    if selected is None:
        chosen = None if message else str(field.value())
        selected = chosen
    else:
        selected = str(selected)
    return [
        (value, label, str(value) == selected)
        for value, label in (field.field.choices if choices is None else choices)
    ]


def checks(field, chosen: list[str]) -> list[tuple]:
    """A group of checkboxes' (value, label, checked)."""
    return [(value, label, str(value) in chosen) for value, label in field.field.choices]


def controls(filterset, request, errors: dict) -> dict:
    """What the search form shows of each select and checkbox group, worked out here once."""
    form = filterset.form
    sort_chosen = "" if "sort" in errors else request.GET.get("sort", "")
    sort_choices = [("", "Nearest first with a place, else best match"), *SORT_CHOICES]
    controls = {
        name: options(form[name], errors.get(name, ""))
        for name in ("technique", "credential", "language", "min_rating")
    }
    controls["radius"] = options(
        form["radius"], choices=RADIUS_CHOICES, selected=filterset.radius_miles
    )
    controls["sort"] = options(form["sort"], choices=sort_choices, selected=sort_chosen)
    for name in ("condition", "payment"):
        controls[name] = checks(form[name], [] if name in errors else request.GET.getlist(name))
    return controls


def field_errors(filterset) -> dict[str, str]:
    """Give each bad parameter the API's message, then what the page shows instead."""
    form = filterset.form
    return {
        name: " ".join([*messages, form.fields[name].error_messages[INSTEAD]]).strip()
        for name, messages in form.errors.items()
        if name in form.fields
    }


@require_GET
@cache_public_page
def search(request):
    filterset = PractitionerFilterSet(request.GET)
    # Counted up to COUNT_CAP + 1, read in order as far as the page; it loads only its cards.
    page, page_message = paginate(
        filterset.results(), PAGE_SIZE, request.GET.get("page"), cap=COUNT_CAP
    )
    results = list(page.object_list)
    errors = field_errors(filterset)
    # Only an empty page pays for the look beyond the radius.
    nearest = [] if results or page.number > 1 else nearest_beyond(filterset)
    context = {
        "field_errors": errors,
        "all_field_errors": [(name, errors.get(name, "")) for name in SEARCH_FIELDS],
        # No sort chosen is the contract's default: distance with a place, else best match.
        "controls": controls(filterset, request, errors),
        "nearest_beyond": nearest,
        # The map shows what the list shows: this page's results, or the nearest beyond.
        "results_map": results_map(
            results or nearest,
            start=page.start_index() if results else 1,
            location=filterset.location,
            radius=filterset.radius_miles,
        ),
        "nearest_beyond_summary": nearest_beyond_summary(filterset, nearest),
        "place_suggestions": filterset.form.place_suggestions if filterset.is_bound else (),
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "results": results,
        "page_message": page_message,
        "location": filterset.location,
        "radius": filterset.radius_miles,
        "default_radius": DEFAULT_RADIUS,
        "sort": filterset.sort_order,
        "verified_only": filterset.verified_only,
        # The template builds these links with {% querystring %} from the request:
        # the radius one size up, and each filter to drop (a mapping to None).
        "wider_radius": wider_radius(filterset),
        "removable": [(label, {name: None}) for name, label in filterset.active_filters()],
        # The form always sends the default licence choice: it is not a filter set.
        "active_filter_count": sum(
            1
            for name in EXTRA_FILTERS
            if request.GET.get(name) not in (None, "", FILTER_DEFAULTS.get(name))
        ),
        # Closed when only set (on a phone the results come first; wide screens
        # open it from search.js); open when one of them needs correcting.
        "filters_open": any(name in errors for name in EXTRA_FILTERS),
    }
    template = (
        "practitioners/includes/results.html" if request.htmx else "practitioners/search.html"
    )
    return render(request, template, context)


def distance_from(near: str | None, clinics) -> tuple[float, str] | None:
    """(miles, place) from the searched place to the nearest clinic, when opened from a search."""
    if not near or not clinics:
        return None
    try:
        place = locate(near[:100])
    except LocationNotFound:
        return None
    miles = min(
        great_circle_miles(place.latitude, place.longitude, c.latitude, c.longitude)
        for c in clinics
    )
    return miles, place.query


@require_GET
@cache_public_page
def detail(request, slug):
    queryset = profile_queryset()
    preview = request.GET.get("preview") == "1"
    try:
        practitioner = queryset.get(slug=slug)
    except Practitioner.DoesNotExist:
        raise Http404("No such practitioner") from None
    if not practitioner.is_published:
        # Owners (and staff) may preview a profile that is not public yet.
        user = request.user
        allowed = user.is_authenticated and (user.is_staff or practitioner.owner_id == user.pk)
        if not (preview and allowed):
            raise Http404("No such practitioner")
    profile = build_profile(practitioner)
    for clinic in profile.clinics:
        clinic.directions_url = directions_url(clinic)
    absolute_url = request.build_absolute_uri(practitioner.get_absolute_url())
    return render(
        request,
        "practitioners/detail.html",
        {
            "profile": profile,
            "practitioner": practitioner,
            "is_preview": not practitioner.is_published,
            "absolute_url": absolute_url,
            "json_ld": profile_json_ld(profile, absolute_url),
            "clinics_map": profile_map(profile.clinics),
            "distance_from": distance_from(request.GET.get("near"), profile.clinics),
        },
    )
