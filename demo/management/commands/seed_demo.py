"""`manage.py seed_demo`: deterministic, realistic demo data (see the demo app)."""

from django.core.management.base import BaseCommand, CommandError

from core.page_cache import bump_data_version
from core.progress import ProgressBar
from demo.seed import SeedError, seed_demo


class Command(BaseCommand):
    help = (
        "Load deterministic, realistic demo data across real US ZIP codes and print the demo "
        "logins. Idempotent: a rerun adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--practitioners", type=int, default=200, help="Generated profiles (default 200)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--reviews-per-practitioner",
            type=int,
            default=5,
            help="Average reviews per published profile, varied 0..2x (default 5).",
        )

    def handle(self, *args, practitioners, seed, reviews_per_practitioner, verbosity, **options):
        if practitioners < 0 or reviews_per_practitioner < 0:
            raise CommandError("--practitioners and --reviews-per-practitioner cannot be negative.")
        progress = ProgressBar(self.stdout, enabled=verbosity > 0)
        try:
            result = seed_demo(
                practitioners=practitioners,
                seed=seed,
                reviews_per_practitioner=reviews_per_practitioner,
                progress=progress,
            )
        except SeedError as exc:
            raise CommandError(str(exc)) from exc
        # Bulk inserts send no signals: invalidate cached public pages explicitly.
        bump_data_version()
        if verbosity == 0:
            return
        self.stdout.write(
            f"Added {result.practitioners_created:,} practitioners, "
            f"{result.reviews_created:,} reviews and {result.patients_created:,} patient accounts."
        )
        self.stdout.write("Demo logins (local development only):")
        for email in result.logins:
            self.stdout.write(f"  {email:<26} password: {result.password}")
