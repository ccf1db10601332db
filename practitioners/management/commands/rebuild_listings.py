"""Rewrite what the search reads of every practitioner (practitioners.listings)."""

import time

from django.core.management.base import BaseCommand

from core.progress import ProgressBar
from practitioners.listings import rebuild_listings


class Command(BaseCommand):
    help = (
        "Rewrite the search's listings of every published practitioner from their data. "
        "The services keep them current; run this after changing data outside them "
        "(a bulk SQL update, a restored backup)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        bar = ProgressBar(self.stdout, enabled=options["verbosity"] > 0)
        listed = rebuild_listings(progress=lambda done, total: bar("Listings", done, total))
        self.stdout.write(
            f"Rebuilt the listings of {listed:,} published practitioners "
            f"in {time.monotonic() - started:.1f} s."
        )
