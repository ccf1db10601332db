"""`manage.py sweep_verifications`: the daily verification job (practitioners.verification)."""

from django.core.management.base import BaseCommand

from verification import sweep
from verification.notifications import describe


class Command(BaseCommand):
    help = (
        "Expire licenses and credentials past their expiry date, send verified records whose "
        "re-check date has come back to review, and email owners 60, 30 and 7 days before "
        "expiry. Safe to run twice: nothing is done or sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change and who would be emailed; change and send nothing.",
        )

    def handle(self, *args, dry_run: bool, verbosity: int, **options):
        log = self.stdout.write if verbosity >= 2 else None
        report = sweep.run_sweep(dry_run=dry_run, log=log)
        if verbosity == 0:
            return
        by_days = report.reminders_by_days()
        reminders = ", ".join(f"{days} days: {n}" for days, n in by_days.items())
        labels = (
            ("Would expire", "Would send to review", "Reminders to send")
            if dry_run
            else ("Expired", "Sent to review", "Reminders queued")
        )
        self.stdout.write(
            f"Verification sweep for {report.today:%Y-%m-%d}" + (" (dry run)" if dry_run else "")
        )
        self.stdout.write(f"  {labels[0] + ':':<22}{self._split(report.expired)}")
        self.stdout.write(
            f"  {labels[1] + ':':<22}{self._split(report.rechecks)} (re-check date reached)"
        )
        self.stdout.write(f"  {labels[2] + ':':<22}{len(report.reminders)} ({reminders})")
        if report.no_recipient:
            self.stdout.write(
                f"  Reminders due on unclaimed profiles (nobody to email): {len(report.no_recipient)}"
            )
        if report.badges_dropped:
            self.stdout.write(
                f"  Practitioners {'who would lose' if dry_run else 'who lost'} the verified "
                f"badge: {len(report.badges_dropped)}"
            )
            if dry_run or verbosity >= 2:
                for practitioner in report.badges_dropped:
                    self.stdout.write(f"    {practitioner.full_name} ({practitioner.slug})")
        if dry_run and verbosity >= 1:
            for record in report.expired:
                self.stdout.write(f"    expire: {self._name(record)}")
            for record in report.rechecks:
                self.stdout.write(f"    review: {self._name(record)}")
            for record, days in report.reminders:
                self.stdout.write(f"    remind ({days} days): {self._name(record)}")
        for record, reason in report.skipped:
            self.stderr.write(f"  Skipped {self._name(record)}: {reason}")
        if not (report.expired or report.rechecks or report.reminders or report.skipped):
            self.stdout.write("  Nothing to do.")

    @staticmethod
    def _split(records) -> str:
        licenses = sum(1 for r in records if r.record_kind == "license")
        credentials = len(records) - licenses
        return (
            f"{licenses} license{'s' if licenses != 1 else ''}, "
            f"{credentials} credential{'s' if credentials != 1 else ''}"
        )

    @staticmethod
    def _name(record) -> str:
        return f"{record.practitioner.full_name}: {describe(record)} (expires {record.expires_on or '—'})"
