"""factory_boy factories for every model the tests build."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from practitioners.listings import refresh_listings
from practitioners.models import Clinic, Condition, Language, Practitioner, Technique
from practitioners.search import refresh_search_fields
from practitioners.validators import NPI_PREFIX, luhn_check_digit
from reviews.aggregates import refresh_rating_aggregates
from reviews.models import Review
from verification.models import (
    Credential,
    License,
    LicensingBoard,
    PrimarySource,
    VerificationStatus,
    refresh_verified_until,
)

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def npi_for(n: int) -> str:
    """Return a valid NPI built from a sequence number."""
    body = f"1{n:08d}"[:9]
    return body + str(luhn_check_digit(NPI_PREFIX + body))


def today() -> datetime.date:
    return timezone.localdate()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.django.Password("correct-horse-battery")


class StaffFactory(UserFactory):
    is_staff = True


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Jane{n}")
    last_name = "Doe"
    slug = factory.Sequence(lambda n: f"jane-doe-{n}")
    bio = "Treats chronic low back pain and migraine with TCM acupuncture."
    years_in_practice = 12
    years_treating_chronic_pain = 8
    publication_status = Practitioner.Publication.PUBLISHED
    email = factory.Sequence(lambda n: f"clinic{n}@example.org")

    @factory.post_generation
    def conditions(self, create, extracted, **kwargs):
        if create and extracted:
            self.conditions.set(
                [Condition.objects.get(slug=c) if isinstance(c, str) else c for c in extracted]
            )

    @factory.post_generation
    def techniques(self, create, extracted, **kwargs):
        if create and extracted:
            self.techniques.set(
                [Technique.objects.get(slug=t) if isinstance(t, str) else t for t in extracted]
            )

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create and extracted:
            self.languages.set(
                [Language.objects.get(code=c) if isinstance(c, str) else c for c in extracted]
            )

    @factory.post_generation
    def search(self, create, extracted, **kwargs):
        # Factories write rows directly; keep what the search reads as the services do.
        if create:
            refresh_search_fields([self.pk])


def _refresh_search(clinic, create, extracted, **kwargs):
    if create:
        refresh_search_fields([clinic.practitioner_id])


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic
        skip_postgeneration_save = True

    practitioner = factory.SubFactory(PractitionerFactory)
    name = factory.Sequence(lambda n: f"Clinic {n}")
    address_line1 = "123 SE Hawthorne Blvd"
    city = "Portland"
    state = "OR"
    zip_code = "97214"
    latitude = 45.5142
    longitude = -122.6364

    search = factory.PostGeneration(_refresh_search)


def _board_for(obj):
    return LicensingBoard.objects.for_state(obj.state)


def _refresh_standing(license, create, extracted, **kwargs):
    # Factories write licenses directly; keep the stored standing as services do.
    if create:
        refresh_verified_until(Practitioner.objects.filter(pk=license.practitioner_id))


class LicenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = License
        skip_postgeneration_save = True

    practitioner = factory.SubFactory(PractitionerFactory)
    state = "OR"
    board = factory.LazyAttribute(_board_for)
    number = factory.Sequence(lambda n: f"AC{n:06d}")
    title = License.Title.LAC
    status = License.Standing.ACTIVE
    issued_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=3 * 365))
    expires_on = factory.LazyFunction(lambda: today() + datetime.timedelta(days=365))

    refresh_standing = factory.PostGeneration(_refresh_standing)

    class Params:
        with_proof = factory.Trait(
            proof_document=factory.django.FileField(data=MINIMAL_PDF, filename="proof.pdf"),
            proof_content_type="application/pdf",
        )
        pending = factory.Trait(
            with_proof=True,
            verification_status=VerificationStatus.PENDING,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        verified = factory.Trait(
            verification_status=VerificationStatus.VERIFIED,
            verified_at=factory.LazyFunction(timezone.now),
            primary_source=PrimarySource.STATE_BOARD_LOOKUP,
            next_recheck_on=factory.LazyFunction(lambda: today() + datetime.timedelta(days=300)),
        )


def _refresh_card(credential, create, extracted, **kwargs):
    # A credential shows on the card kept on the listing; keep it as services do.
    if create:
        refresh_listings([credential.practitioner_id])


class CredentialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credential
        skip_postgeneration_save = True

    practitioner = factory.SubFactory(PractitionerFactory)
    kind = Credential.Kind.DIPL_AC
    issuer = "NCCAOM"
    identifier = factory.Sequence(lambda n: f"{100000 + n}")
    issued_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=365))
    expires_on = factory.LazyFunction(lambda: today() + datetime.timedelta(days=3 * 365))
    refresh_card = factory.PostGeneration(_refresh_card)

    class Params:
        with_proof = factory.Trait(
            proof_document=factory.django.FileField(data=MINIMAL_PDF, filename="proof.pdf"),
            proof_content_type="application/pdf",
        )
        verified = factory.Trait(
            verification_status=VerificationStatus.VERIFIED,
            verified_at=factory.LazyFunction(timezone.now),
            primary_source=PrimarySource.NCCAOM_REGISTRY,
            next_recheck_on=factory.LazyFunction(lambda: today() + datetime.timedelta(days=300)),
        )


def _refresh_aggregates(review, create, extracted, **kwargs):
    # The stored count, average and summary, as the review services keep them.
    if create:
        refresh_rating_aggregates([review.practitioner_id])


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review
        skip_postgeneration_save = True

    practitioner = factory.SubFactory(PractitionerFactory)
    author = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Patient {n}")
    rating_overall = 5
    rating_pain_relief = 4
    title = "Helped my back pain"
    body = "Careful, explained everything, sterile needles."
    status = Review.Status.PUBLISHED
    aggregates = factory.PostGeneration(_refresh_aggregates)


def file_content(data: bytes = MINIMAL_PDF, name: str = "proof.pdf") -> ContentFile:
    return ContentFile(data, name=name)


class VerifiedStaffFactory(StaffFactory):
    """A staff account allauth lets sign in (its email address is verified)."""

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class PendingCredentialFactory(CredentialFactory):
    """A credential submitted with proof and waiting in the verification queue."""

    proof_document = factory.django.FileField(data=MINIMAL_PDF, filename="proof.pdf")
    proof_content_type = "application/pdf"
    verification_status = VerificationStatus.PENDING
    submitted_at = factory.LazyFunction(timezone.now)


class PatientFactory(UserFactory):
    """An account whose email address allauth has verified (a patient who may review)."""

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class ReviewReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.ReviewReport"

    review = factory.SubFactory(ReviewFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = "offensive"
    details = "Insults the receptionist."


# Upload fixtures for the dashboard's proof documents and photos


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (40, 30), mode: str = "RGB", **save_args
) -> bytes:
    """A small real image, optionally with metadata (pass exif=...)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, size, color=0 if mode == "1" else None).save(buffer, format=fmt, **save_args)
    return buffer.getvalue()


def upload(data: bytes, name: str = "proof.pdf", content_type: str = "application/pdf"):
    """A file as a browser would upload it (name and Content-Type are the client's claims)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


class AccountFactory(PatientFactory):
    """A signed-up account with a verified email (a practitioner-to-be, or anyone)."""

    email = factory.Sequence(lambda n: f"account{n}@example.org")


class ClaimRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "claims.ClaimRequest"

    practitioner = factory.SubFactory(PractitionerFactory, owner=None)
    user = factory.SubFactory(AccountFactory)
    message = "My license number is AC000123; call me at the clinic."
