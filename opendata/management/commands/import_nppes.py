"""Import acupuncturists (taxonomy 171100000X) from an NPPES file."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.progress import BAR_WIDTH
from opendata.nppes import NppesFileError, import_file


class Command(BaseCommand):
    help = (
        "Import acupuncturists from the NPPES full, incremental or deactivation file "
        "(CSV, or the ZIP it ships in). Idempotent; --dry-run writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Report, write nothing.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        started = time.monotonic()
        verbose = options["verbosity"] > 0

        def progress(report) -> None:
            if not verbose:
                return
            rate = report.read / max(time.monotonic() - started, 1e-6)
            line = f"Scanned {report.read:,} rows ({rate:,.0f} rows/s)"
            if report.size:
                # The file's characters against its size: exact for the ASCII it mostly is.
                fraction = min(report.characters_read / report.size, 1.0)
                filled = round(fraction * BAR_WIDTH)
                bar = "#" * filled + "-" * (BAR_WIDTH - filled)
                line = f"[{bar}] {fraction:4.0%}  {line}"
            self.stdout.write(line)

        try:
            report = import_file(file, dry_run=dry_run, progress=progress)
        except NppesFileError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.monotonic() - started
        prefix = "Dry run (nothing written): " if dry_run else ""
        self.stdout.write(
            f"{prefix}read {report.read:,}, matched {report.matched:,}, created "
            f"{report.created:,}, updated {report.updated:,}, unchanged {report.unchanged:,}, "
            f"deactivated {report.deactivated:,}, reactivated {report.reactivated:,}, rejected "
            f"{sum(report.rejected.values()):,} in {seconds:.1f} s "
            f"({report.read / max(seconds, 1e-6):,.0f} rows/s)"
        )
        for reason, count in report.rejected.most_common():
            self.stdout.write(f"  rejected {count:,}: {reason}")
