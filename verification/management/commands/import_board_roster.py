"""`manage.py import_board_roster FILE.csv --state XX [--apply]` (practitioners.roster)."""

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.progress import ProgressBar
from core.states import STATE_CODES, STATE_NAMES
from verification import roster
from verification.models import LicensingBoard

# Exit statuses, for scripts: 0 the whole file was read; 1 nothing was done
# (bad arguments, unreadable file or header); 3 done, but some rows were
# malformed and skipped (they are listed by line number).
EXIT_MALFORMED_ROWS = 3
SHOWN = 50  # rows listed per section in the text report, unless -v 2


class Command(BaseCommand):
    help = (
        "Match a state board's license roster (CSV) against stored licenses and report matches, "
        "mismatches and unknowns; with --apply, verify the matches awaiting a decision with the "
        "roster as primary source. Exit status 0: read in full; 1: nothing done; 3: done, with "
        "malformed rows skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The roster, a CSV file (comma, semicolon or tab).")
        parser.add_argument(
            "--state", required=True, help="The board's state, a USPS code such as OR."
        )
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Verify the matched licenses that are pending or need review. Without it, "
            "nothing changes.",
        )
        parser.add_argument(
            "--actor",
            metavar="EMAIL",
            help="The staff account the verifications are recorded under (default: none, "
            "recorded as an automatic import).",
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="Report format."
        )

    def handle(self, *args, file, state, apply, actor, format, verbosity, **options):
        state = (state or "").strip().upper()
        if state not in STATE_CODES:
            raise CommandError(
                f"Unknown state “{state}”: give a two-letter USPS code such as OR or NY."
            )
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}") from exc
        staff = self._actor(actor)
        board = LicensingBoard.objects.for_state(state)
        if board is not None and not board.licenses_acupuncturists:
            self.stderr.write(
                f"Warning: our reference data says {STATE_NAMES[state]} does not license "
                "acupuncturists; matching anyway."
            )
        try:
            parsed = roster.read_roster(data)
        except roster.RosterError as exc:
            raise CommandError(f"{path.name}: {exc}") from exc

        progress = ProgressBar(self.stderr, enabled=verbosity > 0 and format == "text")
        report = roster.match_roster(parsed, state=state, progress=progress)
        applied = None
        if apply:
            applied = roster.apply_matches(
                report, source_name=path.name, actor=staff, progress=progress
            )

        if format == "json":
            self.stdout.write(json.dumps(self._json(report, applied, path.name), indent=2))
        elif verbosity > 0:
            self._text(report, applied, path.name, verbosity)
        if parsed.malformed:
            sys.exit(EXIT_MALFORMED_ROWS)

    def _actor(self, email):
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email, is_staff=True).first()
        if user is None:
            raise CommandError(f"No staff account with the email {email}.")
        return user

    def _text(self, report, applied, name, verbosity):
        out = self.stdout.write
        parsed = report.roster
        limit = None if verbosity >= 2 else SHOWN
        out(
            f"Roster {name} for {STATE_NAMES[report.state]} ({report.state}): "
            f"{len(parsed.rows) + len(parsed.malformed)} rows, {len(parsed.malformed)} malformed."
        )
        columns = ", ".join(f"{k}={v!r}" for k, v in parsed.columns.items())
        out(f"Columns: {columns}")
        out("")
        out(
            f"  Matched     {len(report.matched):>6}   "
            f"({len(report.to_verify)} awaiting a decision, "
            f"{len(report.already_verified)} already verified, "
            f"{len(report.not_submitted)} not submitted)"
        )
        out(
            f"  Mismatched  {len(report.mismatched):>6}   (number found; name, standing or expiry differ)"
        )
        out(f"  Unknown     {len(report.unknown):>6}   (in the roster, not in the directory)")
        out(
            f"  Not listed  {len(report.not_in_roster):>6}   "
            "(verified or submitted directory licenses missing from the roster)"
        )
        if parsed.malformed:
            self._section("Malformed rows (skipped)", [
                f"line {m.line}: {m.problem}" for m in parsed.malformed
            ], limit)  # fmt: skip
        self._section("Mismatches", [
            f"line {m.row.line}: #{m.row.number} {m.license.practitioner.full_name} — "
            + "; ".join(m.differences)
            for m in report.mismatched
        ], limit)  # fmt: skip
        self._section("Unknown", [
            f"line {row.line}: #{row.number} {row.name}" for row in report.unknown
        ], limit)  # fmt: skip
        self._section("Not in the roster", [
            f"#{lic.number} {lic.practitioner.full_name} ({lic.get_verification_status_display()})"
            for lic in report.not_in_roster
        ], limit)  # fmt: skip
        if verbosity >= 2:
            self._section("Matched", [
                f"line {m.row.line}: #{m.row.number} {m.license.practitioner.full_name} "
                f"({m.license.get_verification_status_display()})"
                for m in report.matched
            ], None)  # fmt: skip
        out("")
        if applied is None:
            todo = len(report.to_verify)
            out(
                "Dry run: nothing changed. "
                + (
                    f"Run again with --apply to verify the {todo} match{'es' if todo != 1 else ''} "
                    "awaiting a decision."
                    if todo
                    else "No match is awaiting a decision."
                )
            )
            return
        out(
            f"Verified {len(applied.verified)} license{'s' if len(applied.verified) != 1 else ''} "
            "with this roster as primary source."
        )
        for match, reason in applied.skipped:
            out(f"  Not verified, line {match.row.line} #{match.row.number}: {reason}")

    def _section(self, title, lines, limit):
        if not lines:
            return
        self.stdout.write("")
        self.stdout.write(f"{title}:")
        for line in lines[:limit]:
            self.stdout.write(f"  {line}")
        if limit is not None and len(lines) > limit:
            self.stdout.write(f"  … and {len(lines) - limit} more (-v 2 lists them all)")

    def _json(self, report, applied, name) -> dict:
        def match(m):
            return {
                "line": m.row.line,
                "number": m.row.number,
                "name": m.row.name,
                "license_id": m.license.pk,
                "practitioner": m.license.practitioner.slug,
                "verification_status": m.license.verification_status,
                "differences": m.differences,
            }

        result = {
            "file": name,
            "state": report.state,
            "columns": report.roster.columns,
            "rows": len(report.roster.rows) + len(report.roster.malformed),
            "malformed": [{"line": m.line, "problem": m.problem} for m in report.roster.malformed],
            "matched": [match(m) for m in report.matched],
            "mismatched": [match(m) for m in report.mismatched],
            "unknown": [
                {"line": row.line, "number": row.number, "name": row.name} for row in report.unknown
            ],
            "not_in_roster": [
                {
                    "license_id": lic.pk,
                    "number": lic.number,
                    "practitioner": lic.practitioner.slug,
                    "verification_status": lic.verification_status,
                }
                for lic in report.not_in_roster
            ],
            "applied": applied is not None,
        }
        if applied is not None:
            result["verified"] = [m.license.pk for m in applied.verified]
            result["skipped"] = [
                {"license_id": m.license.pk, "line": m.row.line, "reason": reason}
                for m, reason in applied.skipped
            ]
        return result
