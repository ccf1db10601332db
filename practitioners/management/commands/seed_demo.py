"""`manage.py seed_demo`: deterministic, realistic demo data (see practitioners.demo)."""

from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from directory.page_cache import bump_data_version
from practitioners import demo

BAR_WIDTH = 20


class ProgressBar:
    """Draw `Label [#####-----]  45% 450/1,000` in place on a TTY, else every ~10%."""

    def __init__(self, stdout: OutputWrapper, *, enabled: bool) -> None:
        self.stdout = stdout
        self.enabled = enabled
        self.tty = stdout.isatty()
        self.last_tenth: dict[str, int] = {}

    def __call__(self, label: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        fraction = min(done / total, 1.0)
        filled = round(fraction * BAR_WIDTH)
        line = (
            f"{label:<13} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] "
            f"{fraction:4.0%} {done:,}/{total:,}"
        )
        if self.tty:
            self.stdout.write(f"\r{line}", ending="\n" if done >= total else "")
            self.stdout.flush()
            return
        # A log file gets a line per tenth, not one per batch.
        tenth = int(fraction * 10)
        if tenth > self.last_tenth.get(label, -1):
            self.last_tenth[label] = tenth
            self.stdout.write(line)


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
            result = demo.seed_demo(
                practitioners=practitioners,
                seed=seed,
                reviews_per_practitioner=reviews_per_practitioner,
                progress=progress,
            )
        except demo.SeedError as exc:
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
