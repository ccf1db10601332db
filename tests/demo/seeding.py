"""Run `manage.py seed_demo` the way the demo tests do, and count what it wrote."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

from practitioners.models import Clinic, Practitioner
from reviews.models import Review
from verification.models import Credential, License, VerificationEvent

# Practitioner counts are N generated profiles plus one demo profile
# (practitioner@example.com's "Mei Lin Chen"), which is created once per database.
N = 30
SEED = 7
REVIEWS = 3


def seed(practitioners: int = N, **options) -> str:
    """Seed the demo data and return what the command printed."""
    out = io.StringIO()
    call_command(
        "seed_demo",
        practitioners=practitioners,
        seed=options.pop("seed", SEED),
        reviews_per_practitioner=options.pop("reviews", REVIEWS),
        stdout=out,
        **options,
    )
    return out.getvalue()


def table_counts() -> dict[str, int]:
    """Count the rows of every table the seed writes."""
    return {
        model.__name__: model.objects.count()
        for model in (
            get_user_model(),
            Practitioner,
            Clinic,
            License,
            Credential,
            VerificationEvent,
            Review,
            Practitioner.conditions.through,
        )
    }
