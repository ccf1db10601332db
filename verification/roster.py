"""State board rosters: read a board's CSV license list and match it against stored licenses.

Boards publish rosters in many shapes, so reading is tolerant: a UTF-8 or
Windows-1252 file with or without a byte-order mark, comma, semicolon, tab or
pipe delimited, columns in any order, and header spellings such as
"License #", "license_number" or "Lic No". A row that cannot be read is
reported by its line number and the rest of the file still counts.

A roster row *matches* a stored license when the number is found for the
state, the name agrees, and the standing and expiry date (when the roster has
those columns) are the same. A number that is found but disagrees on any of
these is a *mismatch* and says which; a number that is not found is *unknown*.
`apply_matches` verifies the matches that are waiting for a decision
(pending or needs review) with the roster as primary source. Records that are
already verified are left alone: a verification is a status change with an
event, and re-confirming a verified record would have to rewrite it silently.
Their re-check date sends them to needs review in time, and the next roster
import verifies them again.
"""

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from . import services as verification
from .models import License, VerificationStatus

S = VerificationStatus
Progress = Callable[[str, int, int], None]

# Canonical column -> header spellings, after `normalize_header`.
HEADER_ALIASES: dict[str, frozenset[str]] = {
    "number": frozenset({
        "license number", "license", "number", "license id", "license num",
        "credential number", "permit number", "certificate number", "license number number",
    }),
    "name": frozenset({
        "name", "full name", "licensee", "licensee name", "practitioner", "practitioner name",
        "name of licensee",
    }),
    "last_name": frozenset({"last name", "surname", "family name", "last"}),
    "first_name": frozenset({"first name", "given name", "first"}),
    "status": frozenset({"status", "license status", "standing", "license standing"}),
    "expires_on": frozenset({
        "expiration date", "expiration", "expires", "expiry", "expiry date", "expires on",
        "expiration dt", "license expiration date", "license expiration", "valid until",
    }),
}  # fmt: skip
HEADER_WORDS = {
    "lic": "license",
    "licence": "license",
    "no": "number",
    "num": "number",
    "nbr": "number",
    "exp": "expiration",
}
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%Y/%m/%d")
DELIMITERS = (",", ";", "\t", "|")

# Board wording for a license's standing -> License.Standing.
STANDING_WORDS = {
    "active": License.Standing.ACTIVE,
    "current": License.Standing.ACTIVE,
    "clear": License.Standing.ACTIVE,
    "valid": License.Standing.ACTIVE,
    "renewed": License.Standing.ACTIVE,
    "inactive": License.Standing.INACTIVE,
    "retired": License.Standing.INACTIVE,
    "probation": License.Standing.PROBATION,
    "probationary": License.Standing.PROBATION,
    "suspended": License.Standing.SUSPENDED,
    "revoked": License.Standing.REVOKED,
    "surrendered": License.Standing.REVOKED,
    "cancelled": License.Standing.REVOKED,
    "canceled": License.Standing.REVOKED,
    "lapsed": License.Standing.LAPSED,
    "expired": License.Standing.LAPSED,
    "delinquent": License.Standing.LAPSED,
}
# Words that outrank "active" in compound wordings such as "Active - Probation".
STANDING_PRIORITY = ("revoked", "surrendered", "suspended", "probation", "probationary")
# Titles and degrees after a name ("Mei Chen, L.Ac., Dipl. O.M.") that are not the name.
NAME_NOISE = frozenset({
    "lac", "l", "ac", "dipl", "om", "ch", "abt", "dacm", "daom", "md", "do", "phd", "msom",
    "mac", "mtom", "jr", "sr", "ii", "iii", "iv", "dr", "mr", "mrs", "ms",
})  # fmt: skip
AWAITING = (S.PENDING, S.NEEDS_REVIEW)


class RosterError(Exception):
    """The file cannot be used at all (unreadable, or no usable header)."""


def normalize_header(text: str) -> str:
    text = text.strip().lstrip("\ufeff").lower().replace("#", " number ")
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(HEADER_WORDS.get(word, word) for word in words)


def normalize_number(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def name_tokens(text: str) -> list[str]:
    """Lower-case, accent-free name words, without titles and degrees."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.sub(r"[^a-z]+", " ", plain.replace("'", "").replace("’", "")).split()
    return [w for w in words if w not in NAME_NOISE]


def parse_date(text: str) -> datetime.date:
    text = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date (use YYYY-MM-DD, MM/DD/YYYY or M/D/YY)")


def parse_standing(text: str) -> str:
    words = re.sub(r"[^a-z]+", " ", text.lower()).split()
    for word in STANDING_PRIORITY:
        if word in words:
            return STANDING_WORDS[word]
    for word in words:
        if word in STANDING_WORDS:
            return STANDING_WORDS[word]
    raise ValueError(f"status “{text.strip()}” is not one we recognise")


@dataclass(frozen=True)
class RosterRow:
    line: int
    number: str
    name: str
    name_words: tuple[str, ...]
    standing: str | None
    status_text: str
    expires_on: datetime.date | None


@dataclass(frozen=True)
class Malformed:
    line: int
    problem: str


@dataclass
class Roster:
    rows: list[RosterRow]
    malformed: list[Malformed]
    columns: dict[str, str]  # canonical name -> the header as written
    delimiter: str

    @property
    def has_status(self) -> bool:
        return "status" in self.columns

    @property
    def has_expiry(self) -> bool:
        return "expires_on" in self.columns


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        normal = normalize_header(cell)
        for canonical, aliases in HEADER_ALIASES.items():
            if normal in aliases and canonical not in found:
                found[canonical] = index
                break
    if "number" not in found:
        raise RosterError(
            "No license number column: expected a header such as “License #”, "
            "“license_number” or “Lic No”. Found: " + ", ".join(h.strip() for h in header)
        )
    if "name" not in found and "last_name" not in found:
        raise RosterError(
            "No name column: expected “Name”, “Full Name” or “Last Name” and “First Name”. "
            "Found: " + ", ".join(h.strip() for h in header)
        )
    return found


def read_roster(data: bytes | str) -> Roster:
    """Parse a roster file; rows that cannot be read are listed as malformed."""
    text = decode(data) if isinstance(data, bytes) else data.lstrip("\ufeff")
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise RosterError("The file is empty.")
    delimiter = _delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    index: dict[str, int] = {}
    rows: list[RosterRow] = []
    malformed: list[Malformed] = []
    seen: dict[str, int] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = cells
                index = _columns(header)
                continue
            try:
                row = _row(cells, line, index, width=len(header))
            except ValueError as exc:
                malformed.append(Malformed(line, str(exc)))
                continue
            key = normalize_number(row.number)
            if key in seen:
                malformed.append(Malformed(line, f"license #{row.number} repeats line {seen[key]}"))
                continue
            seen[key] = line
            rows.append(row)
    except csv.Error as exc:
        malformed.append(Malformed(reader.line_num, f"unreadable CSV ({exc}); stopped here"))
    if header is None:
        raise RosterError("The file has no header row.")
    return Roster(
        rows=rows,
        malformed=malformed,
        columns={name: header[i].strip() for name, i in index.items()},
        delimiter=delimiter,
    )


def _row(cells: list[str], line: int, index: dict[str, int], *, width: int) -> RosterRow:
    if len(cells) != width:
        raise ValueError(f"expected {width} columns, found {len(cells)}")

    def cell(name: str) -> str:
        return cells[index[name]].strip() if name in index else ""

    number = cell("number")
    if not normalize_number(number):
        raise ValueError("no license number")
    # The name as written ("Chen, Mei Lin, L.Ac."): matching compares words, in any order.
    full = cell("name") if "name" in index else f"{cell('first_name')} {cell('last_name')}"
    name = full.strip()
    words = tuple(name_tokens(name))
    if not words:
        raise ValueError("no name")
    status_text = cell("status")
    standing = parse_standing(status_text) if status_text else None
    expiry_text = cell("expires_on")
    expires_on = parse_date(expiry_text) if expiry_text else None
    return RosterRow(
        line=line,
        number=number,
        name=" ".join(name.split()),
        name_words=words,
        standing=standing,
        status_text=status_text,
        expires_on=expires_on,
    )


# Matching


def names_agree(row: RosterRow, practitioner) -> bool:
    """Every word of the stored last name, and the first word of the first name, appear."""
    last = name_tokens(practitioner.last_name)
    first = name_tokens(practitioner.first_name)
    words = set(row.name_words)
    return bool(last) and set(last) <= words and (not first or first[0] in words)


@dataclass
class Match:
    row: RosterRow
    license: License
    differences: list[str] = field(default_factory=list)

    @property
    def awaiting_decision(self) -> bool:
        return self.license.verification_status in AWAITING


@dataclass
class RosterReport:
    state: str
    roster: Roster
    matched: list[Match] = field(default_factory=list)
    mismatched: list[Match] = field(default_factory=list)
    unknown: list[RosterRow] = field(default_factory=list)
    not_in_roster: list[License] = field(default_factory=list)

    @property
    def to_verify(self) -> list[Match]:
        return [m for m in self.matched if m.awaiting_decision]

    @property
    def already_verified(self) -> list[Match]:
        return [m for m in self.matched if m.license.verification_status == S.VERIFIED]

    @property
    def not_submitted(self) -> list[Match]:
        return [
            m
            for m in self.matched
            if not m.awaiting_decision and m.license.verification_status != S.VERIFIED
        ]


def _differences(row: RosterRow, license: License, roster: Roster) -> list[str]:
    found = []
    if not names_agree(row, license.practitioner):
        found.append(f"name: roster “{row.name}”, directory “{license.practitioner.full_name}”")
    if roster.has_status and row.standing is not None and row.standing != license.status:
        found.append(
            f"standing: roster “{row.status_text}”, directory “{license.get_status_display()}”"
        )
    if roster.has_expiry and row.expires_on != license.expires_on:
        roster_date = row.expires_on.isoformat() if row.expires_on else "none"
        stored = license.expires_on.isoformat() if license.expires_on else "none"
        found.append(f"expiry: roster {roster_date}, directory {stored}")
    return found


def match_roster(roster: Roster, *, state: str, progress: Progress | None = None) -> RosterReport:
    """Compare every roster row with the state's stored licenses."""
    report = RosterReport(state=state, roster=roster)
    stored = {
        normalize_number(lic.number): lic
        for lic in License.objects.filter(state=state).select_related("practitioner")
    }
    total = len(roster.rows)
    for done, row in enumerate(roster.rows, start=1):
        license = stored.pop(normalize_number(row.number), None)
        if license is None:
            report.unknown.append(row)
        else:
            differences = _differences(row, license, roster)
            target = report.mismatched if differences else report.matched
            target.append(Match(row, license, differences))
        if progress and (done % 200 == 0 or done == total):
            progress("Matching", done, total)
    # Stored licenses a verifier vouched for (or is asked to) that the board no longer lists.
    report.not_in_roster = sorted(
        (
            lic
            for lic in stored.values()
            if lic.verification_status in (S.VERIFIED, S.PENDING, S.NEEDS_REVIEW)
        ),
        key=lambda lic: lic.number,
    )
    return report


@dataclass
class ApplyResult:
    verified: list[Match] = field(default_factory=list)
    skipped: list[tuple[Match, str]] = field(default_factory=list)


def apply_matches(
    report: RosterReport, *, source_name: str, actor=None, progress: Progress | None = None
) -> ApplyResult:
    """Verify the matches awaiting a decision, each in its own transaction."""
    result = ApplyResult()
    todo = report.to_verify
    for done, match in enumerate(todo, start=1):
        line = match.row.line
        try:
            verification.verify_from_roster(
                match.license,
                actor=actor,
                roster_name=source_name,
                line=line,
                note=f"Matched line {line} of the {report.state} board roster {source_name}.",
                expected_version=match.license.version,
            )
        except verification.VerificationError as exc:
            result.skipped.append((match, str(exc)))
        else:
            result.verified.append(match)
        if progress:
            progress("Verifying", done, len(todo))
    return result
