"""Import acupuncturists from the NPPES files: full, incremental and deactivation.

Streamed line by line (from the ZIP as shipped, never unpacked to disk); a
line that names neither the acupuncturist taxonomy nor an NPI we already hold
is skipped before CSV parsing, which keeps a 9-million-row file fast and memory
flat. Profiles are upserted by NPI through the practitioners services; what
the registry last said is kept in `RegistryRecord.snapshot`, and a later file
changes a field only while it still holds that value, so practitioners' and
staff's edits stay.
"""

import contextlib
import csv
import datetime
import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core import page_cache
from core.states import STATE_NAMES
from practitioners.models import Practitioner, RegistryRecord
from practitioners.search import refresh_search_fields
from practitioners.validators import ACUPUNCTURIST_TAXONOMY, is_valid_npi

from . import nppes_writes as writes
from .nppes_layout import RENAMED, SLOTS

# Rows of interest written per transaction: new listings go in one insert per table.
BATCH = 1000


class NppesFileError(ValueError):
    """The file is not an NPPES file we can read; the message says why."""


@dataclass
class Report:
    read: int = 0
    matched: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    reactivated: int = 0
    rejected: Counter = field(default_factory=Counter)
    deactivated_npis: list[str] = field(default_factory=list)

    def reject(self, reason: str) -> None:
        self.rejected[reason] += 1


@contextlib.contextmanager
def open_text(path: Path):
    """Yield the CSV text of `path`, a CSV or the ZIP CMS ships it in (read in place)."""
    path = Path(path)
    if not path.exists():
        raise NppesFileError(f"No such file: {path}")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [
                m
                for m in archive.infolist()
                if m.filename.lower().endswith(".csv") and "fileheader" not in m.filename.lower()
            ]
            if not members:
                raise NppesFileError(f"{path.name} holds no CSV file.")
            member = max(members, key=lambda m: m.file_size)
            with archive.open(member) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
        return
    with path.open(encoding="utf-8", errors="replace", newline="") as text:
        yield text


def column_positions(header: list[str]) -> dict[str, int]:
    """Map each column we read to its position, whichever of its names the file uses."""
    positions = {name.strip(): i for i, name in enumerate(header)}
    for current, older in RENAMED.items():
        for name in older:
            if current not in positions and name in positions:
                positions[current] = positions[name]
    return positions


def _date(value: str) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    for fmt in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _phone(value: str) -> str:
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) == 10:
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return value.strip()[:30]


def _name(value: str) -> str:
    # The registry writes names in capitals; a practitioner can correct the case.
    return value.strip().title()[:80]


@dataclass
class Entry:
    npi: str
    is_person: bool = True
    is_acupuncturist: bool = False
    facts: dict = field(default_factory=dict)
    last_update: datetime.date | None = None
    deactivated_on: datetime.date | None = None
    reactivated_on: datetime.date | None = None

    @property
    def is_deactivated(self) -> bool:
        return bool(self.deactivated_on) and not (
            self.reactivated_on and self.reactivated_on >= self.deactivated_on
        )


class Parser:
    """Turn one parsed row into an Entry, by column name."""

    def __init__(self, header: list[str]):
        self.at = column_positions(header)
        if "NPI" not in self.at:
            raise NppesFileError("The file has no NPI column: is it an NPPES file?")
        self.is_deactivation_list = "Entity Type Code" not in self.at
        if self.is_deactivation_list and "NPI Deactivation Date" not in self.at:
            raise NppesFileError(
                "The file has neither the full file's columns (Entity Type Code) nor the "
                "deactivation list's (NPPES Deactivation Date)."
            )

    def get(self, row: list[str], name: str) -> str:
        i = self.at.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    def entry(self, row: list[str]) -> Entry:
        get = self.get
        entry = Entry(
            npi=get(row, "NPI"),
            deactivated_on=_date(get(row, "NPI Deactivation Date")),
            reactivated_on=_date(get(row, "NPI Reactivation Date")),
            last_update=_date(get(row, "Last Update Date")),
        )
        if self.is_deactivation_list:
            return entry
        entry.is_person = get(row, "Entity Type Code") == "1"
        licenses = []
        for n in SLOTS:
            if get(row, f"Healthcare Provider Taxonomy Code_{n}") == ACUPUNCTURIST_TAXONOMY:
                entry.is_acupuncturist = True
                number = get(row, f"Provider License Number_{n}")[:40]
                state = get(row, f"Provider License Number State Code_{n}").upper()
                if number and state in STATE_NAMES and [state, number] not in licenses:
                    licenses.append([state, number])
        first = _name(get(row, "Provider First Name"))
        last = _name(get(row, "Provider Last Name (Legal Name)"))
        prefix = "Provider Business Practice Location Address"
        postal = get(row, f"{prefix} Postal Code")
        city = get(row, f"{prefix} City Name").title()[:100]
        phone = _phone(get(row, f"{prefix} Telephone Number"))
        entry.facts = {
            "first_name": first,
            "last_name": last,
            "phone": phone,
            "clinic": {
                "name": f"{first} {last}, {city}".strip(", ")[:160],
                "address_line1": get(
                    row, "Provider First Line Business Practice Location Address"
                ).title()[:200],
                "address_line2": get(
                    row, "Provider Second Line Business Practice Location Address"
                ).title()[:200],
                "city": city,
                "state": get(row, f"{prefix} State Name").upper()[:2],
                "zip_code": postal[:5],  # ZIP+4 trimmed
                "phone": phone,
            },
            "licenses": licenses,
        }
        return entry


def scan(text, report: Report, known_npis: set[str], progress=None):
    """Yield (parser, entry) for each row that may concern the directory."""
    header_line = text.readline()
    if not header_line:
        raise NppesFileError("The file is empty.")
    parser = Parser(next(csv.reader([header_line])))
    keep_all = parser.is_deactivation_list
    for line in text:
        report.read += 1
        if progress and report.read % 100_000 == 0:
            progress(report.read)
        # The cheap test first: most lines are other professions.
        if not keep_all and ACUPUNCTURIST_TAXONOMY not in line and line[1:11] not in known_npis:
            continue
        row = next(csv.reader([line]), None)
        if not row:
            continue
        entry = parser.entry(row)
        if keep_all and entry.npi not in known_npis:
            continue
        yield entry


def import_file(path: Path, *, dry_run: bool = False, progress=None) -> Report:
    """Import one NPPES file; return what happened. Nothing is written on a dry run."""
    report = Report()
    known = set(RegistryRecord.objects.values_list("npi", flat=True))
    known |= set(Practitioner.objects.exclude(npi="").values_list("npi", flat=True))
    with open_text(path) as text:
        batch: list[Entry] = []
        for entry in scan(text, report, known, progress):
            batch.append(entry)
            if len(batch) >= BATCH:
                apply_batch(batch, report, dry_run=dry_run)
                batch = []
        apply_batch(batch, report, dry_run=dry_run)
    if report.deactivated_npis and not dry_run:
        writes.tell_staff_of_deactivations(report.deactivated_npis)
    return report


def apply_batch(batch: list[Entry], report: Report, *, dry_run: bool) -> None:
    if not batch:
        return
    # One page-cache bump for the batch's transaction, not one per row written.
    with transaction.atomic(), page_cache.bumps_batched():
        npis = [e.npi for e in batch]
        # The profile and clinic behind a record are read only for a record that changed.
        records = {r.npi: r for r in RegistryRecord.objects.for_npis(npis)}
        unrecorded = [npi for npi in npis if npi not in records]
        profiles = {p.npi: p for p in Practitioner.objects.filter(npi__in=unrecorded)}
        touched: list[int] = []
        new: dict[str, Entry] = {}  # by NPI: a row repeated in the file is listed once
        for entry in batch:
            pk = apply_entry(entry, records.get(entry.npi), profiles.get(entry.npi), report, new)
            if pk:
                touched.append(pk)
        writes.create_listings(list(new.values()), report)
        refresh_search_fields(touched)
        if dry_run:
            transaction.set_rollback(True)


def apply_entry(entry: Entry, record, profile, report: Report, new: dict) -> int | None:
    """Apply one row; a new listing is only noted in `new`, to be created with its batch."""
    if not is_valid_npi(entry.npi):
        report.reject("NPI fails its check digit")
        return None
    if record and entry.is_deactivated:
        return _write(report, writes.deactivate, record, entry, report)
    if record and record.deactivated_on and not entry.is_deactivated:
        _write(report, writes.reactivate, record, report)
        if not entry.facts:
            return record.practitioner_id
    if not entry.facts:  # a deactivation-list row for an NPI we hold is handled above
        return None
    if not entry.is_person:
        report.reject("an organization (entity type 2), not a person")
        return None
    if not entry.is_acupuncturist:
        report.unchanged += 1  # no longer lists the taxonomy; staff decide, not the import
        return None
    if entry.is_deactivated:
        report.reject("NPI deactivated")
        return None
    report.matched += 1
    if record is not None:
        if record.snapshot == entry.facts:
            report.unchanged += 1
            return None
        return _write(report, writes.update_listing, entry, record, report)
    if profile is not None:
        _write(report, writes.link_listing, entry, profile, report)
    elif writes.can_list(entry, report):
        new[entry.npi] = entry
    return None


def _write(report: Report, write, *args):
    """Run one row's write in its own savepoint: a refused row is reported, not fatal."""
    try:
        with transaction.atomic():
            return write(*args)
    except ValidationError as exc:
        report.reject(f"invalid record: {writes.first_message(exc)}")
    except IntegrityError:
        report.reject(writes.REFUSED)
    return None
