"""Practitioners, their clinics, and the terms they are searched by."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Q,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone

from core.db import IdSetField
from core.models import Term, TimeStamped, optional_reference, unless_null
from core.states import US_STATES

from .geo import bounding_box, haversine_miles
from .validators import validate_npi

zip_validator = RegexValidator(r"^[0-9]{5}$", "Enter a 5-digit US ZIP code.")

# The ways a patient can pay, as (search parameter value, Practitioner field,
# what a patient reads). The search, the cards, the API and FHIR read this list.
PAYMENT_OPTIONS = [
    ("medicare", "accepts_medicare", "Medicare (through a qualifying provider)"),
    ("medicaid", "accepts_medicaid", "Medicaid"),
    ("va", "accepts_va_community_care", "VA Community Care"),
    ("insurance", "accepts_insurance", "Private insurance"),
    ("hsa-fsa", "accepts_hsa_fsa", "HSA/FSA cards"),
    ("sliding-scale", "offers_sliding_scale", "Sliding scale"),
    ("community", "offers_community_clinic", "Community (group) clinic"),
]


class ExplainedTerm(Term):
    """A term with the article section that explains it to patients."""

    explained_by = optional_reference("education.ArticleSection")

    class Meta(Term.Meta):
        abstract = True


class Condition(ExplainedTerm):
    """A chronic-pain condition from the fixed list practitioners choose from."""

    slug = models.SlugField(max_length=60, unique=True)

    class Meta(ExplainedTerm.Meta):
        pass


class Technique(ExplainedTerm):
    """A kind of acupuncture (the directory's modalities)."""

    slug = models.SlugField(max_length=40, unique=True)

    class Meta(ExplainedTerm.Meta):
        pass


class Language(models.Model):
    """A language a practitioner consults in, by ISO 639-1 code."""

    code = models.CharField(max_length=2, unique=True, validators=[RegexValidator(r"^[a-z]{2}$")])
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[a-z]{2}$"), name="language_code_iso_639_1"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PractitionerQuerySet(models.QuerySet):
    """Reads of profiles in the domain's words (the search itself reads `listings.Listing`)."""

    def listed(self):
        """Published profiles, the only ones the public sees."""
        return self.filter(publication_status=Practitioner.Publication.PUBLISHED)

    def verified(self, on: datetime.date | None = None):
        """Practitioners holding at least one verified, unexpired, active license."""
        return self.filter(verified_until__gte=on or timezone.localdate())

    def with_verified_flag(self, on: datetime.date | None = None):
        """Annotate `is_verified` (once: a card and a profile both ask for it)."""
        if "is_verified" in self.query.annotations:
            return self
        return self.annotate(
            is_verified=Case(
                When(verified_until__gte=on or timezone.localdate(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

    def unclaimed(self):
        return self.filter(owner__isnull=True)

    def named(self, text: str, *, words: int = 4):
        """Filter to names (first, last or the slug) containing every word of `text`."""
        queryset = self
        for word in text.split()[:words]:
            queryset = queryset.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(slug__icontains=word)
            )
        return queryset


class Practitioner(TimeStamped):
    """A public profile of an acupuncturist, owned by an account once claimed."""

    class Publication(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practitioner",
        help_text="Empty until someone claims the profile.",
    )
    slug = models.SlugField(max_length=120, unique=True)
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    photo = models.ImageField(upload_to="photos/", blank=True)
    bio = models.TextField(blank=True, max_length=5000)
    years_in_practice = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    years_treating_chronic_pain = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    conditions = models.ManyToManyField(Condition, blank=True, related_name="practitioners")
    techniques = models.ManyToManyField(Technique, blank=True, related_name="practitioners")
    languages = models.ManyToManyField(Language, blank=True, related_name="practitioners")
    accepting_new_patients = models.BooleanField(default=True)
    accepts_physician_referrals = models.BooleanField(
        default=False, help_text="Accepts referrals from a patient's physician."
    )
    sends_physician_referrals = models.BooleanField(
        default=False, help_text="Refers patients back to, or coordinates with, their physician."
    )
    fee_min = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10_000)], help_text="US dollars."
    )
    fee_max = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10_000)], help_text="US dollars."
    )
    fee_notes = models.CharField(max_length=300, blank=True)
    # Payment options (PAYMENT_OPTIONS): plain columns so the search reads one row.
    accepts_medicare = models.BooleanField(
        default=False, help_text="Through a qualifying provider, for chronic low back pain."
    )
    accepts_medicaid = models.BooleanField(default=False)
    medicaid_state = models.CharField(
        max_length=2, choices=US_STATES, blank=True, help_text="The state whose Medicaid it is."
    )
    accepts_va_community_care = models.BooleanField("accepts VA Community Care", default=False)
    accepts_insurance = models.BooleanField("accepts private insurance", default=False)
    insurance_plans = models.CharField(
        max_length=300, blank=True, help_text="The plans' names, as the practitioner gives them."
    )
    accepts_hsa_fsa = models.BooleanField("accepts HSA/FSA cards", default=False)
    offers_sliding_scale = models.BooleanField(default=False)
    offers_community_clinic = models.BooleanField(
        "offers community (group) treatment", default=False
    )
    email = models.EmailField(blank=True, help_text="Public contact email; also used to claim.")
    phone = models.CharField(max_length=30, blank=True)
    website = models.URLField(blank=True)
    npi = models.CharField(
        "NPI", max_length=10, blank=True, validators=[validate_npi], help_text="10 digits."
    )
    publication_status = models.CharField(
        max_length=12, choices=Publication.choices, default=Publication.DRAFT
    )
    # Denormalised, lower-cased text the search reads (practitioners.search keeps
    # them current). On PostgreSQL a generated, GIN-indexed tsvector column and a
    # trigram index are built from them by migration 0003.
    search_name = models.CharField(max_length=170, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    # The latest expiry among verified, active licenses (NO_EXPIRY when one never
    # expires), kept by practitioners.verification in the same transaction as
    # every license change. "Verified" is `verified_until >= today`, so a
    # license stops counting the day after it expires, sweep or no sweep.
    verified_until = models.DateField(null=True, blank=True, editable=False)
    # Stored aggregates of published reviews, written only by reviews.services
    # in the same transaction as the review change: the count, the average, and
    # the summary the profile shows (each overall rating's count, each
    # dimension's average; empty with no published review).
    review_count = models.PositiveIntegerField(default=0)
    rating_average = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    review_summary = models.JSONField(null=True, blank=True, editable=False)
    # The ids of its terms (the many-to-many tables hold the same), kept with
    # the search text by practitioners.search.refresh_search_fields: pages and
    # the search read them with the row, no join.
    condition_ids = IdSetField(editable=False)
    technique_ids = IdSetField(editable=False)
    language_ids = IdSetField(editable=False)

    objects = PractitionerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(
                fields=["publication_status", "last_name"], name="practitioner_pub_name_idx"
            ),
            # Counting verified results, with the common minimum-rating filter,
            # from the index alone.
            models.Index(
                fields=["publication_status", "verified_until", "rating_average"],
                name="practitioner_verified_idx",
            ),
            # The rating and experience orders have PostgreSQL-only indexes
            # (NULLS LAST) created by migration 0006.
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["npi"], condition=~Q(npi=""), name="practitioner_npi_unique"
            ),
            models.CheckConstraint(
                condition=Q(npi="") | Q(npi__regex=r"^[0-9]{10}$"),
                name="practitioner_npi_ten_digits",
            ),
            models.CheckConstraint(
                condition=unless_null(
                    "fee_min", "fee_max", then=Q(fee_min__lte=models.F("fee_max"))
                ),
                name="practitioner_fee_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(accepts_medicaid=True, medicaid_state__regex=r"^[A-Z]{2}$")
                | Q(accepts_medicaid=False, medicaid_state=""),
                name="practitioner_medicaid_state_iff_medicaid",
            ),
            models.CheckConstraint(
                condition=Q(accepts_insurance=True) | Q(insurance_plans=""),
                name="practitioner_plans_only_with_insurance",
            ),
            models.CheckConstraint(
                condition=unless_null("years_in_practice", then=Q(years_in_practice__lte=70)),
                name="practitioner_years_in_practice_plausible",
            ),
            models.CheckConstraint(
                condition=unless_null(
                    "years_treating_chronic_pain",
                    "years_in_practice",
                    then=Q(years_treating_chronic_pain__lte=models.F("years_in_practice")),
                ),
                name="practitioner_pain_years_within_practice_years",
            ),
            models.CheckConstraint(
                condition=unless_null(
                    "rating_average", then=Q(rating_average__gte=1, rating_average__lte=5)
                ),
                name="practitioner_rating_average_range",
            ),
            models.CheckConstraint(
                condition=Q(review_count=0, rating_average__isnull=True)
                | Q(review_count__gt=0, rating_average__isnull=False),
                name="practitioner_rating_matches_count",
            ),
            models.CheckConstraint(
                condition=Q(publication_status__in=["draft", "published", "unpublished"]),
                name="practitioner_publication_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("practitioners:detail", kwargs={"slug": self.slug})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_published(self) -> bool:
        return self.publication_status == self.Publication.PUBLISHED

    def clean(self):
        super().clean()
        errors = {}
        if self.accepts_medicaid and not self.medicaid_state:
            errors["medicaid_state"] = "Choose the state whose Medicaid you accept."
        if self.medicaid_state and not self.accepts_medicaid:
            errors["medicaid_state"] = "A Medicaid state only goes with accepting Medicaid."
        if self.insurance_plans.strip() and not self.accepts_insurance:
            errors["insurance_plans"] = "List plans only if you accept private insurance."
        if errors:
            raise ValidationError(errors)

    @property
    def payment_labels(self) -> list[str]:
        """What a patient reads for each payment option taken, in PAYMENT_OPTIONS order."""
        labels = []
        for value, field, label in PAYMENT_OPTIONS:
            if getattr(self, field):
                if value == "medicaid" and self.medicaid_state:
                    label = f"Medicaid ({self.medicaid_state})"
                labels.append(label)
        return labels


class ClinicQuerySet(models.QuerySet):
    def within(self, latitude: float, longitude: float, miles: float):
        """Filter to clinics within `miles` of a point, annotating their `miles`."""
        # The bounding box is served by the coordinate index; only the clinics
        # inside it get their exact distance computed.
        min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, miles)
        return (
            self.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
            .annotate(miles=haversine_miles(latitude, longitude))
            .filter(miles__lte=miles)
        )


class Clinic(models.Model):
    """A place a practitioner sees patients; coordinates come from the ZIP, offline."""

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="clinics")
    name = models.CharField(max_length=160)
    address_line1 = models.CharField("address", max_length=200)
    address_line2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, choices=US_STATES)
    zip_code = models.CharField("ZIP code", max_length=5, validators=[zip_validator])
    latitude = models.FloatField(validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    phone = models.CharField(max_length=30, blank=True)
    accessibility_notes = models.CharField(max_length=500, blank=True)
    is_primary = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClinicQuerySet.as_manager()

    class Meta:
        ordering = ["-is_primary", "name", "id"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="clinic_lat_lon_idx"),
            models.Index(fields=["zip_code"], name="clinic_zip_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="clinic_coordinates_valid",
            ),
            models.CheckConstraint(
                condition=Q(zip_code__regex=r"^[0-9]{5}$"), name="clinic_zip_five_digits"
            ),
            models.UniqueConstraint(
                fields=["practitioner"],
                condition=Q(is_primary=True),
                name="clinic_one_primary_per_practitioner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}, {self.state}"

    @property
    def one_line_address(self) -> str:
        parts = [
            self.address_line1,
            self.address_line2,
            f"{self.city}, {self.state} {self.zip_code}",
        ]
        return ", ".join(p for p in parts if p)


# The registry snapshot and the search's listings live in modules of their own;
# imported here so Django finds the models.
from .listings import Listing  # noqa: E402, F401
from .registry_models import RegistryRecord  # noqa: E402, F401
