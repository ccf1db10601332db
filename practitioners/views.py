"""Public pages: the search and the profile."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.page_cache import cache_public_page

from .filters import (
    DEFAULT_RADIUS,
    INSTEAD,
    RADIUS_CHOICES,
    SORT_CHOICES,
    PractitionerFilterSet,
)
from .models import Practitioner
from .profile import build_profile, profile_json_ld, profile_queryset
from .selectors import prepare_cards

PAGE_SIZE = 20


def paginate(queryset, raw_page: str | None):
    """Return (page, message); a bad or too-large page number falls back with a message."""
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        return paginator.page(raw_page or 1), None
    except PageNotAnInteger:
        return paginator.page(1), "That page number isn't valid; showing the first page."
    except EmptyPage:
        last = paginator.num_pages
        if raw_page and raw_page.lstrip("-").isdigit() and int(raw_page) < 1:
            return paginator.page(1), "Pages start at 1; showing the first page."
        return paginator.page(
            last
        ), f"There are only {last} page{'s' if last != 1 else ''} of results; showing the last one."


def widen_url(request, filterset) -> str | None:
    """The same search with the next larger radius, if there is one."""
    if not filterset.location:
        return None
    larger = [r for r, _ in RADIUS_CHOICES if r > filterset.radius_miles]
    if not larger:
        return None
    params = request.GET.copy()
    params["radius"] = str(larger[0])
    params.pop("page", None)
    return f"?{params.urlencode()}"


def without_url(request, name: str) -> str:
    params = request.GET.copy()
    params.pop(name, None)
    params.pop("page", None)
    return f"?{params.urlencode()}"


# Filters behind "More filters" (opened when any is set, or on wide screens).
EXTRA_FILTERS = [
    "condition",
    "technique",
    "credential",
    "language",
    "min_rating",
    "accepting",
    "verified",
    "sort",
]
SEARCH_FIELDS = [
    "near", "radius", "q", "condition", "technique", "credential", "language",
    "min_rating", "accepting", "verified", "sort",
]  # fmt: skip


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
    filterset = PractitionerFilterSet(request.GET, queryset=Practitioner.objects.listed())
    page, page_message = paginate(filterset.qs, request.GET.get("page"))
    results = prepare_cards(list(page.object_list))
    errors = field_errors(filterset)
    context = {
        "field_errors": errors,
        "all_field_errors": [(name, errors.get(name, "")) for name in SEARCH_FIELDS],
        "radius_choices": RADIUS_CHOICES,
        "sort_choices": SORT_CHOICES,
        "selected_conditions": [] if "condition" in errors else request.GET.getlist("condition"),
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
        "widen_url": widen_url(request, filterset),
        "removable": [
            (label, without_url(request, name)) for name, label in filterset.active_filters()
        ],
        "active_filter_count": sum(
            1 for name in EXTRA_FILTERS if request.GET.get(name) not in (None, "")
        ),
        "filters_open": any(request.GET.get(name) not in (None, "") for name in EXTRA_FILTERS)
        or bool(errors),
        "include_unverified_url": without_url(request, "verified") + "&verified=0"
        if filterset.verified_only
        else None,
        "querystring": _querystring_without_page(request),
    }
    template = (
        "practitioners/includes/results.html" if request.htmx else "practitioners/search.html"
    )
    return render(request, template, context)


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


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
        },
    )
