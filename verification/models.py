"""Licensing boards, licenses, credentials, and the record of every check made on them."""

import datetime
import uuid

from django.db import models
from django.db.models import Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from core.models import AppendOnly, TimeStamped, acting_user
from core.states import US_STATES
from practitioners.listings import refresh_listings
from practitioners.models import Practitioner

from .choices import (
    FHIR_VERIFICATION_STATUS,  # noqa: F401 (imported from here elsewhere)
    IMPORTED_SOURCES,
    DeclaredSource,
    PrimarySource,
    VerificationStatus,
)
from .constraints import one_record_check, verifiable_constraints
from .storage import PrivateStorage

# "Verified until" for a license that never expires.
NO_EXPIRY = datetime.date(9999, 12, 31)


def private_storage():
    return PrivateStorage()


def proof_upload_to(instance, filename: str) -> str:
    # Generated names only: the uploaded name never reaches the filesystem.
    return f"proofs/{uuid.uuid4().hex}"


class LicensingBoardQuerySet(models.QuerySet):
    def for_state(self, state: str) -> "LicensingBoard | None":
        """Return the board of a state, or None when we have none on record."""
        return self.filter(state=state).first()


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

    objects = LicensingBoardQuerySet.as_manager()

    class Meta:
        # Created by the practitioners app; kept when the model moved here.
        db_table = "practitioners_licensingboard"
        ordering = ["state"]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.name or 'no acupuncture board'}"

    @property
    def lookup(self) -> str:
        """Return the online lookup a license can be checked at, or "" when there is none."""
        return self.lookup_url if self.licenses_acupuncturists else ""


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


class Verifiable(TimeStamped):
    """Fields shared by every record a verifier checks (FHIR VerificationResult-like).

    Each kind carries what sets it apart (`record_kind`, `event_field`,
    `verified_facts`, `editable_fields`, `review_related`, `counts_for_badge`,
    `is_nccaom`, `issuing_board`, `primary_sources`, its URLs), so code
    that handles both kinds reads these instead of asking which class it holds.
    """

    verification_status = models.CharField(
        max_length=12, choices=VerificationStatus.choices, default=VerificationStatus.UNVERIFIED
    )
    verified_by = acting_user()
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

    class Meta:
        abstract = True

    @property
    def is_in_good_standing(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED and (
            self.expires_on is None or self.expires_on >= timezone.localdate()
        )

    def document_url(self) -> str:
        """Return the URL of this record's proof for its owner (and staff)."""
        return reverse(f"verification_dashboard:{self.record_kind}_document", args=[self.pk])

    def dashboard_edit_url(self) -> str:
        """Return the URL where the owner edits this record."""
        return reverse(f"verification_dashboard:{self.record_kind}_edit", args=[self.pk])

    def staff_url(self, action: str = "record") -> str:
        """Return a staff verification URL of this record: its decision page by default."""
        return reverse(f"verification_staff:{action}", args=[self.record_kind, self.pk])

    @property
    def sources_by_hand(self) -> tuple[str, ...]:
        """Return the sources a verifier may choose on the decision form for this record."""
        return tuple(s for s in self.primary_sources if s not in IMPORTED_SOURCES)

    @property
    def default_primary_source(self) -> str:
        """Return the source a verifier most likely checks by hand (never preselected)."""
        return self.sources_by_hand[0]


class LicenseQuerySet(VerifiableQuerySet):
    def in_good_standing(self, on: datetime.date | None = None):
        return super().in_good_standing(on).filter(status=License.Standing.ACTIVE)


class License(Verifiable):
    """A state license to practise acupuncture."""

    record_kind = event_field = "license"
    verified_facts = ("number", "state", "expires_on", "status", "title")
    editable_fields = ("state", "number", "title", "status", "issued_on", "expires_on")
    review_related = ("board",)
    counts_for_badge = True
    is_nccaom = False
    dashboard_list_url_name = "verification_dashboard:licenses"

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
    declared_source = models.CharField(
        max_length=12,
        choices=DeclaredSource.choices,
        default=DeclaredSource.PRACTITIONER,
        editable=False,
        help_text="Who declared it: a lead for a verifier, never a verification.",
    )

    objects = LicenseQuerySet.as_manager()

    class Meta:
        # Created by the practitioners app; kept when the model moved here.
        db_table = "practitioners_license"
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
    def description(self) -> str:
        return f"{self.get_state_display()} license #{self.number}"

    @property
    def is_in_good_standing(self) -> bool:
        return super().is_in_good_standing and self.status == self.Standing.ACTIVE

    @property
    def issuing_board(self) -> LicensingBoard | None:
        return self.board or LicensingBoard.objects.for_state(self.state)

    @property
    def primary_sources(self) -> tuple[str, ...]:
        """Return every source this license may be verified against (by hand or by import)."""
        board = self.issuing_board
        online = (PrimarySource.STATE_BOARD_LOOKUP,) if board and board.lookup else ()
        return (*online, PrimarySource.BOARD_ROSTER, PrimarySource.ISSUER_LETTER)


class CredentialQuerySet(VerifiableQuerySet):
    pass


class Credential(Verifiable):
    """A board certification or degree (NCCAOM diplomate, DACM, ABMA, ...)."""

    record_kind = event_field = "credential"
    verified_facts = ("kind", "identifier", "issuer", "expires_on")
    editable_fields = ("kind", "issuer", "identifier", "issued_on", "expires_on")
    review_related: tuple[str, ...] = ()
    counts_for_badge = False
    # Certifications and degrees are national: no state board issues them.
    issuing_board = None
    dashboard_list_url_name = "verification_dashboard:credentials"

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
        # Created by the practitioners app; kept when the model moved here.
        db_table = "practitioners_credential"
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
    def description(self) -> str:
        label = f"{self.short_label} credential"
        return f"{label} #{self.identifier}" if self.identifier else f"{label} ({self.issuer})"

    @property
    def is_nccaom(self) -> bool:
        return self.kind in self.NCCAOM_KINDS

    @property
    def primary_sources(self) -> tuple[str, ...]:
        """Return every source this credential may be verified against."""
        registry = (PrimarySource.NCCAOM_REGISTRY,) if self.is_nccaom else ()
        return (*registry, PrimarySource.ISSUER_LETTER)


class OfOneRecord:
    """A row about exactly one license or credential."""

    @property
    def record(self):
        return self.license if self.license_id else self.credential


class VerificationEventQuerySet(models.QuerySet):
    def for_record(self, record):
        return self.filter(**{record.event_field: record})


class VerificationEvent(AppendOnly, OfOneRecord, models.Model):
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
    actor = acting_user(help_text="Empty for automatic changes (the daily sweep).")
    from_status = models.CharField(max_length=12, choices=VerificationStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=VerificationStatus.choices)
    note = models.TextField(blank=True)
    # The evidence of a verification (blank on every other change).
    primary_source = models.CharField(max_length=24, choices=PrimarySource.choices, blank=True)
    primary_source_reference = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = VerificationEventQuerySet.as_manager()
    append_only_label = "Verification events"

    class Meta:
        # Created by the practitioners app; kept when the model moved here.
        db_table = "practitioners_verificationevent"
        ordering = ["-created_at", "-id"]
        constraints = [
            one_record_check("verification_event_exactly_one_record"),
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")),
                name="verification_event_changes_status",
            ),
            models.CheckConstraint(
                condition=Q(to_status=VerificationStatus.VERIFIED)
                | Q(primary_source="", primary_source_reference=""),
                name="verification_event_evidence_only_on_verify",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record}: {self.from_status or '∅'} → {self.to_status}"


class ExpiryReminder(OfOneRecord, models.Model):
    """An expiry reminder the daily sweep has queued, so it never sends the same one twice.

    Keyed by the expiry date it warned about: a renewed record with a new expiry
    date gets fresh reminders. `sent_at` stays empty until the email went out.
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
    queued_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Created by the practitioners app; kept when the model moved here.
        db_table = "practitioners_expiryreminder"
        ordering = ["-queued_at", "-id"]
        constraints = [
            one_record_check("expiry_reminder_exactly_one_record"),
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
        return f"{self.record}: {self.days_before}-day reminder for {self.expires_on}"


def refresh_verified_until(practitioners) -> int:
    """Recompute `verified_until` for these practitioners from their licenses, and their listings."""
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
    ids = list(practitioners.values_list("pk", flat=True))
    updated = Practitioner.objects.filter(pk__in=ids).update(verified_until=Subquery(latest[:1]))
    # What the search reads (the standing and the card's records), in the same
    # transaction: the badge, the filter and the card agree.
    refresh_listings(ids)
    return updated
