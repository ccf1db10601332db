"""Seed the demo: the demo logins, the patient pool, the demo profile and N generated profiles."""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from practitioners.models import Condition, Practitioner
from verification.models import LicensingBoard

from .accounts import (
    ADMIN_EMAIL,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DEMO_PATIENT,
    DEMO_SLUG,
    DEMO_USERS,
    PATIENT_EMAIL,
    patient_email,
    patient_name,
)
from .demo_profile import demo_practitioner_plan
from .plan import plan_names
from .plan_reviews import patient_pool_size
from .portraits import ensure_portraits
from .workers import Job, run_batches
from .writer import BATCH_SIZE, ensure_proof_document, load_context, write_batch

ProgressCallback = Callable[[str, int, int], None]


class SeedError(RuntimeError):
    """The database is not ready for demo data."""


@dataclass(frozen=True)
class SeedResult:
    practitioners_created: int
    reviews_created: int
    patients_created: int
    logins: tuple[str, ...] = DEMO_LOGINS
    password: str = DEMO_PASSWORD


def seed_demo(
    *,
    practitioners: int = 200,
    seed: int = 1,
    reviews_per_practitioner: int = 5,
    progress: ProgressCallback | None = None,
) -> SeedResult:
    """Insert whatever part of the demo data for (practitioners, seed) is missing."""
    if practitioners < 0 or reviews_per_practitioner < 0:
        raise ValueError("Counts cannot be negative.")
    if not LicensingBoard.objects.exists() or not Condition.objects.exists():
        raise SeedError("Reference data is missing: run `python manage.py migrate` first.")
    proof_name = ensure_proof_document()
    users = ensure_demo_users()
    pool = patient_pool_size(
        practitioners=practitioners, reviews_per_practitioner=reviews_per_practitioner
    )
    # One unusable hash for every generated account (pool patients, profile
    # owners): they never log in, and hashing per user would dominate the run.
    unusable_password = make_password(None)
    patients_created, authors = ensure_patients(
        count=pool, password=unusable_password, progress=progress
    )
    authors[DEMO_PATIENT] = users[PATIENT_EMAIL].pk
    context = load_context(
        proof_name=proof_name,
        admin_id=users[ADMIN_EMAIL].pk,
        authors=authors,
        unusable_password=unusable_password,
        portraits=ensure_portraits(),
    )
    unlicensed = frozenset(
        LicensingBoard.objects.filter(licenses_acupuncturists=False).values_list("state", flat=True)
    )

    created = reviews = 0
    if not Practitioner.objects.filter(slug=DEMO_SLUG).exists():
        created, reviews = write_batch([demo_practitioner_plan()], context)
    job = Job(
        seed=seed,
        reviews_per_practitioner=reviews_per_practitioner,
        unlicensed_states=unlicensed,
        names=plan_names(seed=seed, count=practitioners),
        context=context,
    )
    done = 0
    for size, batch_created, batch_reviews in run_batches(job):
        done += size
        created += batch_created
        reviews += batch_reviews
        if progress:
            progress("Practitioners", done, practitioners)
    return SeedResult(
        practitioners_created=created, reviews_created=reviews, patients_created=patients_created
    )


@transaction.atomic
def ensure_demo_users() -> dict[str, object]:
    """Get or create the three demo logins with verified, primary email addresses."""
    user_model = get_user_model()
    existing = {u.email: u for u in user_model.objects.filter(email__in=DEMO_USERS)}
    password = make_password(DEMO_PASSWORD) if len(existing) < len(DEMO_USERS) else None
    users = {}
    for email, fields in DEMO_USERS.items():
        user = existing.get(email)
        if user is None:
            user = user_model.objects.create(email=email, password=password, **fields)
        users[email] = user
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return users


def ensure_patients(
    *, count: int, password: str, progress: ProgressCallback | None
) -> tuple[int, dict[int, int]]:
    """Create the missing pool patients; return (created, user ids by pool index)."""
    user_model = get_user_model()
    wanted = {patient_email(i): i for i in range(count)}
    authors = {
        wanted[email]: pk
        for email, pk in user_model.objects.filter(
            email__startswith="patient", email__endswith="@example.org"
        ).values_list("email", "id")
        if email in wanted
    }
    missing = [i for i in range(count) if i not in authors]
    now = timezone.now()
    for start in range(0, len(missing), BATCH_SIZE):
        chunk = missing[start : start + BATCH_SIZE]
        users = []
        for i in chunk:
            first, last = patient_name(i)
            users.append(
                user_model(
                    email=patient_email(i),
                    password=password,
                    first_name=first,
                    last_name=last,
                    date_joined=now,
                )
            )
        with transaction.atomic():
            user_model.objects.bulk_create(users, batch_size=BATCH_SIZE)
        authors.update({i: u.pk for i, u in zip(chunk, users, strict=True)})
        if progress:
            progress("Patients", start + len(chunk), len(missing))
    return len(missing), authors
