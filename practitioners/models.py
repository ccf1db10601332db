"""The directory's core: practitioners, clinics, licenses, credentials, verification."""

import datetime
import math

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from .states import US_STATES
from .validators import validate_npi

zip_validator = RegexValidator(r"^[0-9]{5}$", "Enter a 5-digit US ZIP code.")
MILES_PER_DEGREE_LATITUDE = 69.0
NO_EXPIRY = datetime.date(9999, 12, 31)
EARTH_RADIUS_MILES = 3958.8


def private_storage():
    from .storage import PrivateStorage

    return PrivateStorage()


def proof_upload_to(instance, filename: str) -> str:
    # Generated names only: the uploaded name never reaches the filesystem.
    import uuid

    return f"proofs/{uuid.uuid4().hex}"


class Condition(models.Model):
    """A chronic-pain condition from the fixed list practitioners choose from."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    explained_by = models.ForeignKey(
        "education.ArticleSection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Technique(models.Model):
    """A kind of acupuncture (the directory's modalities)."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    explained_by = models.ForeignKey(
        "education.ArticleSection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


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


class LicensingBoard(models.Model):
    """Per-state reference data, editable by staff: who licenses acupuncturists, if anyone."""

    state = models.CharField(max_length=2, choices=US_STATES, unique=True)
    name = models.CharField(max_length=200, blank=True)
    lookup_url = models.URLField(
        blank=True, help_text="The board's public license lookup, for verifiers."
    )
    licenses_acupuncturists = models.BooleanField(
        default=True,
        help_text="Whether this state issues acupuncture licenses at all. Sources disagree "
        "for some states; keep this current.",
    )
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["state"]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.name or 'no acupuncture board'}"


class PractitionerQuerySet(models.QuerySet):
    def listed(self):
        """Published profiles, the only ones the public sees."""
        return self.filter(publication_status=Practitioner.Publication.PUBLISHED)

    def verified(self, on: datetime.date | None = None):
        """Practitioners holding at least one verified, unexpired, active license."""
        return self.filter(verified_until__gte=on or timezone.localdate())

    def with_verified_flag(self, on: datetime.date | None = None):
        return self.annotate(
            is_verified=Case(
                When(verified_until__gte=on or timezone.localdate(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

    def refresh_verified_until(self) -> int:
        """Recompute `verified_until` for these practitioners from their licenses (set-based)."""
        latest = (
            License.objects.filter(
                practitioner=OuterRef("pk"),
                verification_status=VerificationStatus.VERIFIED,
                status=License.Standing.ACTIVE,
            )
            .order_by()
            .values("practitioner")
            .annotate(until=Max(Coalesce("expires_on", Value(NO_EXPIRY))))
            .values("until")
        )
        return self.update(verified_until=Subquery(latest[:1]))

    def unclaimed(self):
        return self.filter(owner__isnull=True)

    def treating(self, *conditions):
        """Practitioners who treat any of the given conditions (slugs or objects)."""
        slugs = [c.slug if isinstance(c, Condition) else c for c in conditions]
        return self.filter(
            Exists(
                Practitioner.conditions.through.objects.filter(
                    practitioner=OuterRef("pk"), condition__slug__in=slugs
                )
            )
        )

    def near(self, latitude: float, longitude: float, miles: float):
        """Practitioners with a clinic inside a bounding box around the point.

        This is the cheap, indexed prefilter; callers compute the exact
        great-circle distance on the (few) rows that pass it.
        """
        box = bounding_box(latitude, longitude, miles)
        return self.filter(
            Exists(
                Clinic.objects.filter(
                    practitioner=OuterRef("pk"),
                    latitude__range=(box[0], box[1]),
                    longitude__range=(box[2], box[3]),
                )
            )
        )


class Practitioner(models.Model):
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
    # in the same transaction as the review change.
    review_count = models.PositiveIntegerField(default=0)
    rating_average = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

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
                condition=Q(fee_min__isnull=True)
                | Q(fee_max__isnull=True)
                | Q(fee_min__lte=models.F("fee_max")),
                name="practitioner_fee_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(years_in_practice__isnull=True) | Q(years_in_practice__lte=70),
                name="practitioner_years_in_practice_plausible",
            ),
            models.CheckConstraint(
                condition=Q(years_treating_chronic_pain__isnull=True)
                | Q(years_in_practice__isnull=True)
                | Q(years_treating_chronic_pain__lte=models.F("years_in_practice")),
                name="practitioner_pain_years_within_practice_years",
            ),
            models.CheckConstraint(
                condition=Q(rating_average__isnull=True)
                | Q(rating_average__gte=1, rating_average__lte=5),
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


def bounding_box(
    latitude: float, longitude: float, miles: float
) -> tuple[float, float, float, float]:
    """Return (min_lat, max_lat, min_lon, max_lon) enclosing a circle of `miles`."""
    dlat = miles / MILES_PER_DEGREE_LATITUDE
    cos_lat = max(math.cos(math.radians(latitude)), 0.01)
    dlon = miles / (MILES_PER_DEGREE_LATITUDE * cos_lat)
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


def great_circle_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


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


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    PENDING = "pending", "Pending review"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"
    EXPIRED = "expired", "Expired"
    NEEDS_REVIEW = "needs_review", "Needs review"


# For export: our states in FHIR VerificationResult status codes.
FHIR_VERIFICATION_STATUS = {
    VerificationStatus.UNVERIFIED: "attested",
    VerificationStatus.PENDING: "in-process",
    VerificationStatus.VERIFIED: "validated",
    VerificationStatus.REJECTED: "val-fail",
    VerificationStatus.EXPIRED: "reval-fail",
    VerificationStatus.NEEDS_REVIEW: "req-revalid",
}


class PrimarySource(models.TextChoices):
    STATE_BOARD_LOOKUP = "state-board-lookup", "State board license lookup"
    NCCAOM_REGISTRY = "nccaom-registry", "NCCAOM certification registry"
    BOARD_ROSTER = "board-roster", "State board roster file"
    ISSUER_LETTER = "issuer-letter", "Letter or certificate confirmed with the issuer"


class VerifiableQuerySet(models.QuerySet):
    def awaiting_decision(self):
        return self.filter(
            verification_status__in=[VerificationStatus.PENDING, VerificationStatus.NEEDS_REVIEW]
        )

    def verified(self):
        return self.filter(verification_status=VerificationStatus.VERIFIED)

    def in_good_standing(self, on: datetime.date | None = None):
        """Verified and not past expiry (an expiry-less record never lapses)."""
        on = on or timezone.localdate()
        return self.verified().filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))

    def past_expiry(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(expires_on__lt=on)

    def recheck_due(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.verified().filter(next_recheck_on__lte=on)


class Verifiable(models.Model):
    """Fields shared by every record a verifier checks (FHIR VerificationResult-like)."""

    verification_status = models.CharField(
        max_length=12, choices=VerificationStatus.choices, default=VerificationStatus.UNVERIFIED
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    primary_source = models.CharField(max_length=24, choices=PrimarySource.choices, blank=True)
    primary_source_reference = models.CharField(
        max_length=300, blank=True, help_text="URL or reference of the exact record checked."
    )
    next_recheck_on = models.DateField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    proof_document = models.FileField(
        upload_to=proof_upload_to, storage=private_storage, blank=True, max_length=200
    )
    proof_content_type = models.CharField(max_length=40, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Incremented by every status change: a decision made on a stale copy is refused.
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_in_good_standing(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED and (
            self.expires_on is None or self.expires_on >= timezone.localdate()
        )


def verifiable_constraints(prefix: str) -> list[models.BaseConstraint]:
    statuses = [value for value, _ in VerificationStatus.choices]
    return [
        models.CheckConstraint(
            condition=Q(verification_status__in=statuses), name=f"{prefix}_status_valid"
        ),
        models.CheckConstraint(
            condition=~Q(verification_status=VerificationStatus.VERIFIED)
            | (Q(verified_at__isnull=False) & ~Q(primary_source="")),
            name=f"{prefix}_verified_has_source_and_time",
        ),
        models.CheckConstraint(
            condition=~Q(verification_status=VerificationStatus.REJECTED) | ~Q(rejection_reason=""),
            name=f"{prefix}_rejected_has_reason",
        ),
        models.CheckConstraint(
            condition=~Q(verification_status=VerificationStatus.PENDING) | ~Q(proof_document=""),
            name=f"{prefix}_pending_has_proof",
        ),
        models.CheckConstraint(
            condition=Q(expires_on__isnull=True)
            | Q(issued_on__isnull=True)
            | Q(expires_on__gte=models.F("issued_on")),
            name=f"{prefix}_expires_after_issue",
        ),
    ]


class LicenseQuerySet(VerifiableQuerySet):
    def in_good_standing(self, on: datetime.date | None = None):
        return super().in_good_standing(on).filter(status=License.Standing.ACTIVE)


class License(Verifiable):
    """A state license to practise acupuncture."""

    class Title(models.TextChoices):
        LAC = "lac", "L.Ac. (Licensed Acupuncturist)"
        ACUPUNCTURIST = "acupuncturist", "Acupuncturist (state title)"
        PHYSICIAN = "physician", "Physician (MD/DO) with acupuncture scope"
        OTHER = "other", "Other licensed professional with acupuncture scope"

    class Standing(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        PROBATION = "probation", "On probation"
        SUSPENDED = "suspended", "Suspended"
        REVOKED = "revoked", "Revoked"
        LAPSED = "lapsed", "Lapsed"

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="licenses"
    )
    state = models.CharField(max_length=2, choices=US_STATES)
    board = models.ForeignKey(
        LicensingBoard, null=True, blank=True, on_delete=models.PROTECT, related_name="licenses"
    )
    number = models.CharField("license number", max_length=40)
    title = models.CharField(max_length=16, choices=Title.choices, default=Title.LAC)
    status = models.CharField(
        "standing", max_length=12, choices=Standing.choices, default=Standing.ACTIVE
    )
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)

    objects = LicenseQuerySet.as_manager()

    class Meta:
        ordering = ["state", "number"]
        indexes = [
            models.Index(
                fields=["practitioner", "verification_status", "status", "expires_on"],
                name="license_standing_idx",
            ),
            models.Index(fields=["verification_status", "submitted_at"], name="license_queue_idx"),
        ]
        constraints = [
            *verifiable_constraints("license"),
            models.UniqueConstraint(fields=["state", "number"], name="license_state_number_unique"),
            models.CheckConstraint(condition=~Q(number=""), name="license_number_present"),
            models.CheckConstraint(
                condition=Q(
                    status__in=["active", "inactive", "probation", "suspended", "revoked", "lapsed"]
                ),
                name="license_standing_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_title_display().split(' ')[0]} {self.state} #{self.number}"

    @property
    def kind_label(self) -> str:
        return "license"

    @property
    def is_in_good_standing(self) -> bool:
        return super().is_in_good_standing and self.status == self.Standing.ACTIVE


class CredentialQuerySet(VerifiableQuerySet):
    pass


class Credential(Verifiable):
    """A board certification or degree (NCCAOM diplomate, DACM, ABMA, ...)."""

    class Kind(models.TextChoices):
        DIPL_AC = "dipl-ac", "Dipl. Ac. (NCCAOM Diplomate of Acupuncture)"
        DIPL_OM = "dipl-om", "Dipl. O.M. (NCCAOM Diplomate of Oriental Medicine)"
        DIPL_CH = "dipl-ch", "Dipl. C.H. (NCCAOM Diplomate of Chinese Herbology)"
        DIPL_ABT = "dipl-abt", "Dipl. ABT (NCCAOM Diplomate of Asian Bodywork Therapy)"
        DACM = "dacm", "DACM (Doctor of Acupuncture and Chinese Medicine)"
        DAOM = "daom", "DAOM (Doctor of Acupuncture and Oriental Medicine)"
        ABMA = "abma", "Medical acupuncture board certification (ABMA)"
        MASTERS = "masters", "Master's degree in acupuncture or Oriental medicine"

    SHORT_LABELS = {
        "dipl-ac": "Dipl. Ac.",
        "dipl-om": "Dipl. O.M.",
        "dipl-ch": "Dipl. C.H.",
        "dipl-abt": "Dipl. ABT",
        "dacm": "DACM",
        "daom": "DAOM",
        "abma": "ABMA",
        "masters": "M.Ac./MSOM",
    }
    NCCAOM_KINDS = frozenset({"dipl-ac", "dipl-om", "dipl-ch", "dipl-abt"})
    NCCAOM_RENEWAL_YEARS = 4

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="credentials"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    issuer = models.CharField(max_length=160, help_text="e.g. NCCAOM, the school, ABMA.")
    identifier = models.CharField(max_length=60, blank=True, help_text="Certificate number.")
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "issued_on"]
        indexes = [
            models.Index(
                fields=["practitioner", "verification_status"], name="credential_status_idx"
            ),
            models.Index(
                fields=["verification_status", "submitted_at"], name="credential_queue_idx"
            ),
        ]
        constraints = [
            *verifiable_constraints("credential"),
            models.UniqueConstraint(
                fields=["practitioner", "kind"], name="credential_one_per_kind_per_practitioner"
            ),
            models.CheckConstraint(condition=~Q(issuer=""), name="credential_issuer_present"),
        ]

    def __str__(self) -> str:
        return self.short_label

    @property
    def short_label(self) -> str:
        return self.SHORT_LABELS.get(self.kind, self.kind)

    @property
    def kind_label(self) -> str:
        return "credential"


class VerificationEventQuerySet(models.QuerySet):
    def for_record(self, record):
        if isinstance(record, License):
            return self.filter(license=record)
        return self.filter(credential=record)


class AppendOnly:
    """Audit-log models: a saved row is never rewritten or deleted through the ORM."""

    append_only_label = "Events"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError(
                f"{self.append_only_label} are append-only and cannot be changed."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{self.append_only_label} are append-only and cannot be deleted.")


class VerificationEvent(AppendOnly, models.Model):
    """One status change of a license or credential. Append-only."""

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="verification_events"
    )
    license = models.ForeignKey(
        License, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    credential = models.ForeignKey(
        Credential, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty for automatic changes (the daily sweep).",
    )
    from_status = models.CharField(max_length=12, choices=VerificationStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=VerificationStatus.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = VerificationEventQuerySet.as_manager()
    append_only_label = "Verification events"

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(license__isnull=False) & Q(credential__isnull=True))
                | (Q(license__isnull=True) & Q(credential__isnull=False)),
                name="verification_event_exactly_one_record",
            ),
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")),
                name="verification_event_changes_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record}: {self.from_status or '∅'} → {self.to_status}"

    @property
    def record(self):
        return self.license if self.license_id else self.credential


class ExpiryReminder(models.Model):
    """An expiry reminder the daily sweep has sent, so it never sends the same one twice.

    Keyed by the expiry date it warned about: a renewed record with a new expiry
    date gets fresh reminders.
    """

    license = models.ForeignKey(
        License, null=True, blank=True, on_delete=models.CASCADE, related_name="expiry_reminders"
    )
    credential = models.ForeignKey(
        Credential,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="expiry_reminders",
    )
    days_before = models.PositiveSmallIntegerField()
    expires_on = models.DateField()
    recipient = models.EmailField(blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(license__isnull=False) & Q(credential__isnull=True))
                | (Q(license__isnull=True) & Q(credential__isnull=False)),
                name="expiry_reminder_exactly_one_record",
            ),
            models.UniqueConstraint(
                fields=["license", "days_before", "expires_on"],
                condition=Q(license__isnull=False),
                name="expiry_reminder_once_per_license",
            ),
            models.UniqueConstraint(
                fields=["credential", "days_before", "expires_on"],
                condition=Q(credential__isnull=False),
                name="expiry_reminder_once_per_credential",
            ),
        ]

    def __str__(self) -> str:
        record = self.license if self.license_id else self.credential
        return f"{record}: {self.days_before}-day reminder for {self.expires_on}"


class ClaimRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ClaimRequest.Status.PENDING)


class ClaimRequest(models.Model):
    """An account asking to take over an unclaimed profile (seeded or imported).

    It completes on its own when the account's verified email is the profile's
    email; otherwise staff approve or reject it at /staff/claims/.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for staff"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="claim_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claim_requests"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(
        blank=True,
        max_length=2000,
        help_text="What the claimant told staff to show the profile is theirs.",
    )
    matched_email = models.BooleanField(
        default=False, help_text="Approved automatically: verified email matched the profile's."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, help_text="Shown to the claimant.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ClaimRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected", "withdrawn"]),
                name="claim_status_valid",
            ),
            # One open claim per account (so also per account and profile): an
            # account can never be handed two profiles.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="claim_one_pending_per_user",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="claim_decided_iff_not_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="claim_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(matched_email=True) | Q(status="approved"),
                name="claim_email_match_is_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.practitioner} ({self.status})"
