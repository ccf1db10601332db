"""Read-only JSON API over published practitioners, with the search page's FilterSet."""

from django.conf import settings
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from core.numbers import MAX_ID, parse_positive_int
from core.page_cache import cache, versioned_key
from core.pagination import COUNT_CAP, CappedPaginator
from practitioners.filters import PractitionerFilterSet
from practitioners.models import PAYMENT_OPTIONS
from practitioners.profile import profile_queryset
from practitioners.selectors import nearest_beyond, with_card
from practitioners.terms import term_index, terms
from verification.models import FHIR_VERIFICATION_STATUS


class PageNotFound(ValidationError):
    status_code = 404
    default_code = "not_found"


def api_cache_key(request) -> str | None:
    """Cache key for an API list answer, or None when caching is off."""
    return versioned_key("api-cache", request) if settings.PAGE_CACHE_SECONDS else None


class Pagination(PageNumberPagination):
    # `count` stops at core.pagination.COUNT_CAP; `count_capped` says there are more.
    django_paginator_class = CappedPaginator
    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        # A bad page is a 400 naming the field, like every other parameter.
        # ASCII digits only, and bounded: "²" or a 30-digit page is a 400, not a 500.
        number = parse_positive_int(request.query_params.get(self.page_query_param, "1"))
        if number is None:
            raise ValidationError({"page": ["A page number is a whole number from 1."]})
        size = request.query_params.get(self.page_size_query_param)
        if size is not None and parse_positive_int(size, maximum=self.max_page_size) is None:
            raise ValidationError({"page_size": [f"Use a number from 1 to {self.max_page_size}."]})
        self.request = request
        # `queryset` is the search's results: ordered keys, each page loaded alone.
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        if number > max(paginator.num_pages, 1):
            # Past the end is "not found", still naming the field.
            raise PageNotFound(
                {"page": [f"There are only {paginator.num_pages} pages of results."]}
            )
        self.page = paginator.page(number)
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": MAX_ID})
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
        return parameters

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123, "maximum": COUNT_CAP},
                "count_capped": {"type": "boolean", "description": "More matched than `count`."},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
                "nearest_beyond_radius": {
                    **schema,
                    "description": (
                        "When no one matches within `radius` of `near`: the nearest "
                        "practitioners (up to 5) matching every other filter, beyond it, "
                        "nearest first, each with `distance_miles`. Empty otherwise."
                    ),
                },
            },
        }


class NamedSlugSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class LanguageSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class VerificationSerializer(serializers.Serializer):
    """How and when a license or credential was checked."""

    status = serializers.CharField(source="verification_status")
    fhir_status = serializers.SerializerMethodField()
    verified_at = serializers.DateTimeField(allow_null=True)
    primary_source = serializers.CharField()
    primary_source_label = serializers.SerializerMethodField()
    next_recheck_on = serializers.DateField(allow_null=True)

    @extend_schema_field(OpenApiTypes.STR)
    def get_fhir_status(self, obj) -> str:
        return FHIR_VERIFICATION_STATUS[obj.verification_status]

    @extend_schema_field(OpenApiTypes.STR)
    def get_primary_source_label(self, obj) -> str:
        return obj.get_primary_source_display()


class RecordSerializer(serializers.Serializer):
    """What a license and a credential both end with: dates, standing and verification."""

    issued_on = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)
    in_good_standing = serializers.BooleanField(source="is_in_good_standing")
    verification = VerificationSerializer(source="*")

    def get_fields(self):
        # DRF puts a base class's fields first; each kind's own fields lead the output.
        fields = super().get_fields()
        for name in RecordSerializer._declared_fields:
            fields[name] = fields.pop(name)
        return fields


class LicenseSerializer(RecordSerializer):
    state = serializers.CharField()
    number = serializers.CharField()
    title = serializers.CharField()
    standing = serializers.CharField(source="status")


class CredentialSerializer(RecordSerializer):
    kind = serializers.CharField()
    label = serializers.CharField(source="get_kind_display")
    issuer = serializers.CharField()
    identifier = serializers.CharField()


class ClinicSerializer(serializers.Serializer):
    name = serializers.CharField()
    address_line1 = serializers.CharField()
    address_line2 = serializers.CharField()
    city = serializers.CharField()
    state = serializers.CharField()
    zip_code = serializers.CharField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    phone = serializers.CharField()
    accessibility_notes = serializers.CharField()
    is_primary = serializers.BooleanField()


class PractitionerSummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    url = serializers.HyperlinkedIdentityField(
        view_name="api:practitioner-detail", lookup_field="slug"
    )
    profile_url = serializers.SerializerMethodField()
    name = serializers.CharField(source="full_name")
    credentials = serializers.ListField(child=serializers.CharField(), source="credential_labels")
    is_verified = serializers.BooleanField()
    verified_since = serializers.DateTimeField(allow_null=True)
    accepting_new_patients = serializers.BooleanField()
    fee_min = serializers.IntegerField(allow_null=True, help_text="US dollars.")
    fee_max = serializers.IntegerField(allow_null=True, help_text="US dollars.")
    payment_options = serializers.SerializerMethodField(
        help_text="The `payment` search values this practitioner says they take."
    )
    conditions = NamedSlugSerializer(many=True, source="condition_list")
    techniques = NamedSlugSerializer(many=True, source="technique_list")
    languages = LanguageSerializer(many=True, source="language_list")
    rating_average = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    review_count = serializers.IntegerField()
    years_in_practice = serializers.IntegerField(allow_null=True)
    years_treating_chronic_pain = serializers.IntegerField(allow_null=True)
    distance_miles = serializers.SerializerMethodField()
    city = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_profile_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())

    @extend_schema_field(
        {"type": "array", "items": {"type": "string", "enum": [v for v, _, _ in PAYMENT_OPTIONS]}}
    )
    def get_payment_options(self, obj) -> list[str]:
        return [value for value, field, _ in PAYMENT_OPTIONS if getattr(obj, field)]

    @extend_schema_field({"type": "number", "nullable": True})
    def get_distance_miles(self, obj) -> float | None:
        distance = getattr(obj, "distance", None)
        return round(distance, 2) if distance is not None else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_city(self, obj) -> str | None:
        if getattr(obj, "nearest_city", None):
            return obj.nearest_city
        return obj.primary_clinic.city if obj.primary_clinic else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_state(self, obj) -> str | None:
        return obj.primary_clinic.state if obj.primary_clinic else None


class PractitionerDetailSerializer(PractitionerSummarySerializer):
    bio = serializers.CharField()
    photo = serializers.SerializerMethodField()
    accepts_physician_referrals = serializers.BooleanField()
    sends_physician_referrals = serializers.BooleanField()
    fee_notes = serializers.CharField()
    medicaid_state = serializers.CharField(help_text="The state whose Medicaid, if Medicaid.")
    insurance_plans = serializers.CharField(
        help_text="Plans accepted, as the practitioner wrote them."
    )
    email = serializers.EmailField(help_text="The practice's public contact address.")
    phone = serializers.CharField()
    website = serializers.CharField()
    npi = serializers.CharField()
    clinics = ClinicSerializer(many=True, source="clinics.all")
    licenses = LicenseSerializer(many=True, source="licenses.all")
    credentials_detail = CredentialSerializer(many=True, source="credentials.all")
    updated_at = serializers.DateTimeField()

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_photo(self, obj) -> str | None:
        return self.context["request"].build_absolute_uri(obj.photo.url) if obj.photo else None


# The example is the FilterSet's own sentence, the one the search page shows too.
BAD_RADIUS = PractitionerFilterSet.base_filters["radius"].extra["error_messages"]["invalid_choice"]
ERROR_400 = OpenApiResponse(
    response={
        "type": "object",
        "description": "Each invalid parameter (e.g. `radius`, `near`, `page`) maps to its messages.",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "minProperties": 1,
        "example": {"radius": [BAD_RADIUS]},
    },
    description="A parameter is invalid; the body names each bad field with its messages.",
)
ERROR_404 = OpenApiResponse(
    response=inline_serializer("NotFound", fields={"detail": serializers.CharField()}),
    description="No published practitioner has this slug.",
)
ERROR_429 = OpenApiResponse(
    response=inline_serializer("Throttled", fields={"detail": serializers.CharField()}),
    description="Too many requests from this client; retry after the Retry-After header.",
)


class SearchFilterBackend(DjangoFilterBackend):
    """django-filter's backend over the search's listings: a bad parameter is a 400.

    It keeps the FilterSet on the view, whose results and look beyond the
    radius read it.
    """

    def get_filterset(self, request, queryset, view):
        view.filterset = self.get_filterset_class(view)(
            **self.get_filterset_kwargs(request, None, view)
        )
        return view.filterset

    def get_filterset_class(self, view, queryset=None):
        return view.filterset_class

    def get_filterset_kwargs(self, request, queryset, view):
        return {"data": request.query_params, "request": request}


@extend_schema_view(
    list=extend_schema(
        summary="Search published practitioners",
        description="The same parameters and validation as the /practitioners/ search page.",
        responses={
            200: PractitionerSummarySerializer(many=True),
            400: ERROR_400,
            404: OpenApiResponse(
                response=ERROR_400.response,
                description="The page is past the last page; the body names the `page` field.",
            ),
            429: ERROR_429,
        },
    ),
    retrieve=extend_schema(
        summary="One published practitioner",
        responses={200: PractitionerDetailSerializer, 404: ERROR_404, 429: ERROR_429},
    ),
)
class PractitionerViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filter_backends = [SearchFilterBackend]
    filterset = None  # set by SearchFilterBackend
    filterset_class = PractitionerFilterSet
    pagination_class = Pagination
    throttle_classes = [AnonRateThrottle]

    def get_queryset(self):
        # A list's rows are the search's cards (selectors.cards); one profile is read whole.
        return profile_queryset().listed()

    def get_serializer_class(self):
        return (
            PractitionerDetailSerializer
            if self.action == "retrieve"
            else PractitionerSummarySerializer
        )

    def filter_queryset(self, queryset):
        # Search parameters apply to the list (the search's results, in order);
        # a slug names one profile whatever they say.
        if self.action != "list":
            return queryset
        super().filter_queryset(queryset)  # validates: a bad parameter is a 400
        return self.filterset.results()

    def list(self, request, *args, **kwargs):
        # Same invalidation as the cached pages; after throttling, which ran in
        # initial(), so a cached answer still counts against the client's rate.
        key = api_cache_key(request)
        if key and (cached := cache.get(key)) is not None:
            # The same header as the cached pages: what the benchmark counts hits by.
            return Response(cached, headers={"X-Page-Cache": "hit"})
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)  # cards already prepared (Results.load)
        self._prepare(page)
        serializer = self.get_serializer(page, many=True)
        response = self.get_paginated_response(serializer.data)
        response.data["nearest_beyond_radius"] = self._nearest_beyond_radius(request, page)
        if key:
            cache.set(key, response.data, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    def retrieve(self, request, *args, **kwargs):
        practitioner = self.get_object()
        self._prepare([with_card(practitioner)])
        return Response(self.get_serializer(practitioner).data)

    def _nearest_beyond_radius(self, request, page) -> list:
        # Only an empty first page pays for the look beyond the radius.
        if page or self.paginator.page.number > 1 or not request.query_params.get("near"):
            return []
        nearest = nearest_beyond(self.filterset)
        self._prepare(nearest)
        return self.get_serializer(nearest, many=True).data

    @staticmethod
    def _prepare(practitioners):
        """Add the techniques and languages a row shows to prepared cards."""
        index = term_index()
        for p in practitioners:
            p.technique_list = terms("techniques", p.technique_ids, index)
            p.language_list = terms("languages", p.language_ids, index)
