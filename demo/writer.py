"""Write planned practitioners, with all their rows, in bulk inserts of one batch."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils import timezone

from practitioners.models import Clinic, Condition, Language, Practitioner, Technique
from practitioners.search import build_search_fields
from reviews.aggregates import refresh_rating_aggregates
from reviews.models import Review
from verification.models import (
    Credential,
    License,
    LicensingBoard,
    VerificationEvent,
    refresh_verified_until,
)
from verification.models import VerificationStatus as S

from .plan import PractitionerPlan
from .portraits import photo_for

PROOF_NAME = "proofs/demo-proof.pdf"
PROOF_CONTENT_TYPE = "application/pdf"
BATCH_SIZE = 2000


@dataclass
class WriteContext:
    """What every batch needs from the database, loaded once per run."""

    now: datetime.datetime
    today: datetime.date
    admin_id: int
    proof_name: str
    unusable_password: str
    conditions: dict[str, Condition]
    techniques: dict[str, Technique]
    condition_ids: dict[str, int]
    technique_ids: dict[str, int]
    languages: dict[str, int]
    boards: dict[str, int]
    authors: dict[int, int]
    portraits: tuple[str, ...] = ()

    def ago(self, days: int, minutes: int = 0) -> datetime.datetime:
        """Return the moment `days` and `minutes` before this run."""
        return self.now - datetime.timedelta(days=days, minutes=minutes)

    def day(self, offset: int) -> datetime.date:
        """Return the date `offset` days after today (before, if negative)."""
        return self.today + datetime.timedelta(days=offset)


def load_context(
    *,
    proof_name: str,
    admin_id: int,
    authors: dict[int, int],
    unusable_password: str,
    portraits: tuple[str, ...] = (),
) -> WriteContext:
    """Read the reference data the batches point at."""
    conditions = {c.slug: c for c in Condition.objects.all()}
    techniques = {t.slug: t for t in Technique.objects.all()}
    return WriteContext(
        now=timezone.now(),
        today=timezone.localdate(),
        admin_id=admin_id,
        proof_name=proof_name,
        unusable_password=unusable_password,
        conditions=conditions,
        techniques=techniques,
        condition_ids={slug: c.pk for slug, c in conditions.items()},
        technique_ids={slug: t.pk for slug, t in techniques.items()},
        languages=dict(Language.objects.values_list("code", "id")),
        boards=dict(LicensingBoard.objects.values_list("state", "id")),
        authors=authors,
        portraits=portraits,
    )


def minimal_pdf(text: str = "Demo proof document - not a real license") -> bytes:
    """Return a small, valid one-page PDF showing `text`."""
    stream = f"BT /F1 12 Tf 24 90 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        pdf += b"%010d 00000 n \n" % offset
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def ensure_proof_document() -> str:
    """Store the one shared demo proof PDF in private storage, unless it is there."""
    storage = storages["private"]
    if storage.exists(PROOF_NAME):
        return PROOF_NAME
    return storage.save(PROOF_NAME, ContentFile(minimal_pdf()))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """Return the same calendar day `years` later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def write_batch(plans: Sequence[PractitionerPlan], context: WriteContext) -> tuple[int, int]:
    """Insert practitioners with all their rows; a batch lands whole or not at all."""
    if connection.vendor == "postgresql":
        # Demo data can be regenerated: don't wait for each commit's WAL flush.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    practitioners = _insert_practitioners(plans, context)
    pairs = list(zip(plans, practitioners, strict=True))
    _insert_records(pairs, context)
    reviews = _insert_reviews(pairs, context)
    refresh_rating_aggregates([obj.pk for p, obj in pairs if p.reviews])
    # The stored standing, as the verification services keep it, and with it
    # what the search reads (the listings), from everything written above.
    refresh_verified_until(Practitioner.objects.filter(pk__in=[obj.pk for obj in practitioners]))
    return len(practitioners), reviews


def _insert_practitioners(
    plans: Sequence[PractitionerPlan], context: WriteContext
) -> list[Practitioner]:
    """Insert the profiles, their clinics and their conditions, techniques and languages."""
    # An NPI another profile holds already (a real one, or another seed's) is
    # left out rather than failing the batch on the unique constraint.
    taken_npis = set(
        Practitioner.objects.filter(npi__in=[p.npi for p in plans if p.npi]).values_list(
            "npi", flat=True
        )
    )
    owner_ids = _owner_ids(plans, context)
    practitioners = [
        Practitioner(
            owner_id=owner_ids.get(p.owner_email),
            slug=p.slug,
            first_name=p.first_name,
            last_name=p.last_name,
            bio=p.bio,
            years_in_practice=p.years_in_practice,
            years_treating_chronic_pain=p.years_treating_chronic_pain,
            accepting_new_patients=p.accepting_new_patients,
            accepts_physician_referrals=p.accepts_physician_referrals,
            sends_physician_referrals=p.sends_physician_referrals,
            fee_min=p.fee_min,
            fee_max=p.fee_max,
            fee_notes=p.fee_notes,
            **p.payment,
            email=p.email,
            phone=p.phone,
            website=p.website,
            npi="" if p.npi in taken_npis else p.npi,
            photo=photo_for(p.slug, context.portraits),
            publication_status=p.publication_status,
            created_at=context.ago(p.created_ago),
        )
        for p in plans
    ]
    clinics = [
        [
            Clinic(
                name=c.name,
                address_line1=c.address_line1,
                address_line2=c.address_line2,
                city=c.zip.city,
                state=c.zip.state,
                zip_code=c.zip.code,
                latitude=c.zip.latitude,
                longitude=c.zip.longitude,
                phone=c.phone,
                accessibility_notes=c.accessibility_notes,
                is_primary=c.is_primary,
                created_at=obj.created_at,
            )
            for c in p.clinics
        ]
        for p, obj in zip(plans, practitioners, strict=True)
    ]
    # The search text is built here, from the rows about to be inserted, rather
    # than re-read per practitioner afterwards.
    for p, obj, own_clinics in zip(plans, practitioners, clinics, strict=True):
        obj.search_name, obj.search_text = build_search_fields(
            obj,
            own_clinics,
            _in_model_order(context.conditions, p.conditions),
            _in_model_order(context.techniques, p.techniques),
        )
        # The term ids kept on the row, as refresh_search_fields keeps them.
        obj.condition_ids = [
            context.condition_ids[k] for k in p.conditions if k in context.condition_ids
        ]
        obj.technique_ids = [
            context.technique_ids[k] for k in p.techniques if k in context.technique_ids
        ]
        obj.language_ids = [context.languages[k] for k in p.languages if k in context.languages]
    Practitioner.objects.bulk_create(practitioners, batch_size=BATCH_SIZE)
    for obj, own_clinics in zip(practitioners, clinics, strict=True):
        for clinic in own_clinics:
            clinic.practitioner_id = obj.pk
    Clinic.objects.bulk_create(
        [clinic for own_clinics in clinics for clinic in own_clinics], batch_size=BATCH_SIZE
    )
    for field, ids, attr in (
        ("conditions", context.condition_ids, "condition_id"),
        ("techniques", context.technique_ids, "technique_id"),
        ("languages", context.languages, "language_id"),
    ):
        through = getattr(Practitioner, field).through
        through.objects.bulk_create(
            [
                through(practitioner_id=obj.pk, **{attr: ids[key]})
                for p, obj in zip(plans, practitioners, strict=True)
                for key in getattr(p, field)
                if key in ids
            ],
            batch_size=BATCH_SIZE,
        )
    return practitioners


def _in_model_order(rows: dict, slugs: Sequence[str]) -> list:
    # The order `practitioner.conditions.all()` returns, so the search text
    # matches what practitioners.search.refresh_search_fields would write.
    return sorted((rows[s] for s in slugs if s in rows), key=lambda row: (row.order, row.name))


def _owner_ids(plans: Sequence[PractitionerPlan], context: WriteContext) -> dict[str, int]:
    """Return owner user ids by email, creating the accounts that do not exist yet."""
    user_model = get_user_model()
    wanted = {p.owner_email: p for p in plans if p.owner_email}
    if not wanted:
        return {}
    found = user_model.objects.filter(email__in=wanted).values_list("email", "id", "practitioner")
    # An account that already owns a profile cannot own another: leave that one unclaimed.
    owners = {email: pk for email, pk, owned in found if owned is None}
    taken = {email for email, _, owned in found if owned is not None}
    new_users = [
        user_model(
            email=email,
            password=context.unusable_password,
            first_name=p.first_name,
            last_name=p.last_name,
            date_joined=context.ago(p.created_ago),
        )
        for email, p in wanted.items()
        if email not in owners and email not in taken
    ]
    user_model.objects.bulk_create(new_users, batch_size=BATCH_SIZE)
    owners.update({u.email: u.pk for u in new_users})
    return owners


def _verifiable(record, context: WriteContext) -> dict:
    """Return the verification fields licenses and credentials share."""
    t = record.timeline
    verified = t.verified_ago is not None
    return {
        "verification_status": record.status,
        "verified_by_id": context.admin_id if verified else None,
        "verified_at": context.ago(t.verified_ago) if verified else None,
        "primary_source": record.primary_source,
        "primary_source_reference": record.reference,
        "next_recheck_on": context.day(t.recheck_in) if t.recheck_in is not None else None,
        "rejection_reason": t.rejection_reason,
        "proof_document": context.proof_name if record.has_proof else "",
        "proof_content_type": PROOF_CONTENT_TYPE if record.has_proof else "",
        "submitted_at": context.ago(t.submitted_ago) if t.submitted_ago is not None else None,
        "version": len(t.events),
    }


def _insert_records(
    pairs: list[tuple[PractitionerPlan, Practitioner]], context: WriteContext
) -> None:
    """Insert the licenses and credentials, then the verification history of each."""
    # A license number another profile holds already is left out rather than
    # failing the batch on the unique constraint.
    taken_licenses = set(
        License.objects.filter(
            number__in={lic.number for p, _ in pairs for lic in p.licenses}
        ).values_list("state", "number")
    )
    licenses, license_plans = [], []
    credentials, credential_plans = [], []
    for p, obj in pairs:
        for lic in p.licenses:
            if (lic.state, lic.number) in taken_licenses:
                continue
            licenses.append(
                License(
                    practitioner_id=obj.pk,
                    state=lic.state,
                    board_id=context.boards.get(lic.state),
                    number=lic.number,
                    title=lic.title,
                    status=lic.standing,
                    issued_on=context.day(-lic.issued_ago),
                    expires_on=context.day(lic.timeline.expires_in),
                    created_at=obj.created_at,
                    **_verifiable(lic, context),
                )
            )
            license_plans.append((lic, obj))
        for cred in p.credentials:
            expires_on = context.day(cred.expires_in) if cred.expires_in is not None else None
            issued_on = (
                add_years(expires_on, -Credential.NCCAOM_RENEWAL_YEARS)
                if expires_on
                else context.day(-cred.issued_ago)
            )
            credentials.append(
                Credential(
                    practitioner_id=obj.pk,
                    kind=cred.kind,
                    issuer=cred.issuer,
                    identifier=cred.identifier,
                    issued_on=issued_on,
                    expires_on=expires_on,
                    created_at=obj.created_at,
                    **_verifiable(cred, context),
                )
            )
            credential_plans.append((cred, obj))
    License.objects.bulk_create(licenses, batch_size=BATCH_SIZE)
    Credential.objects.bulk_create(credentials, batch_size=BATCH_SIZE)

    events = []
    for records, plans_and_owners, key in (
        (licenses, license_plans, "license_id"),
        (credentials, credential_plans, "credential_id"),
    ):
        for record, (plan, obj) in zip(records, plans_and_owners, strict=True):
            actors = {
                "owner": obj.owner_id or context.admin_id,
                "admin": context.admin_id,
                "": None,
            }
            for step, (from_status, to_status, actor, days_ago, note) in enumerate(
                plan.timeline.events
            ):
                if to_status == S.EXPIRED and record.expires_on:
                    note = f"Expiry date {record.expires_on:%Y-%m-%d} passed."
                # A verification's event keeps its evidence, as the service records it.
                evidence = (
                    {
                        "primary_source": plan.primary_source,
                        "primary_source_reference": plan.reference,
                    }
                    if to_status == S.VERIFIED
                    else {}
                )
                events.append(
                    VerificationEvent(
                        practitioner_id=obj.pk,
                        actor_id=actors[actor],
                        from_status=from_status,
                        to_status=to_status,
                        note=note,
                        # Same-day steps keep their order: later steps are newer.
                        created_at=context.ago(days_ago, minutes=30 * (5 - step)),
                        **evidence,
                        **{key: record.pk},
                    )
                )
    VerificationEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)


def _insert_reviews(
    pairs: list[tuple[PractitionerPlan, Practitioner]], context: WriteContext
) -> int:
    """Insert the reviews whose authors exist; return how many."""
    reviews = []
    for p, obj in pairs:
        for r in p.reviews:
            author_id = context.authors.get(r.author)
            if author_id is None:
                continue
            created_at = context.ago(0, minutes=r.age_minutes)
            moderated = r.status != "pending"
            reviews.append(
                Review(
                    practitioner_id=obj.pk,
                    author_id=author_id,
                    display_name=r.display_name,
                    rating_overall=r.rating_overall,
                    rating_pain_relief=r.dimensions[0],
                    rating_listening=r.dimensions[1],
                    rating_hygiene_safety=r.dimensions[2],
                    rating_gentleness=r.dimensions[3],
                    condition_id=context.condition_ids.get(r.condition),
                    sessions=r.sessions,
                    title=r.title,
                    body=r.body,
                    status=r.status,
                    moderation_reason=r.moderation_reason,
                    moderated_by_id=context.admin_id if moderated else None,
                    moderated_at=context.ago(0, minutes=r.age_minutes - 720) if moderated else None,
                    reply_body=r.reply_body,
                    replied_at=context.ago(0, minutes=r.age_minutes - r.reply_after_minutes)
                    if r.reply_body
                    else None,
                    created_at=created_at,
                    submitted_at=created_at,
                )
            )
    Review.objects.bulk_create(reviews, batch_size=BATCH_SIZE)
    return len(reviews)
