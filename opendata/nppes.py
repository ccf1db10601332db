"""Import acupuncturists from the NPPES files: full, incremental and deactivation.

Streamed line by line (from the ZIP as shipped, never unpacked to disk:
`nppes_sources`); a line that names neither the acupuncturist taxonomy nor an
NPI we already hold is skipped before CSV parsing, which keeps a 9-million-row
file fast and memory flat. The rows of interest are sorted here, a batch at a
time, and written by `nppes_writes` (new listings in one insert per table).
Profiles are upserted by NPI; what the registry last said is kept in
`RegistryRecord.snapshot`, and a later file changes a field only while it
still holds that value, so practitioners' and staff's edits stay.
"""

import csv
import datetime
import functools
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from queue import Full, Queue

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects

from core import page_cache
from core.states import STATE_NAMES
from practitioners.models import Practitioner, RegistryRecord
from practitioners.search import refresh_search_fields
from practitioners.validators import ACUPUNCTURIST_TAXONOMY, is_valid_npi

from . import nppes_writes as writes
from .nppes_layout import RENAMED, SLOTS
from .nppes_sources import NppesFileError, open_source

__all__ = ["NppesFileError", "Report", "import_file"]

PROGRESS_EVERY = 100_000
# Rows of interest written per transaction: new listings go in one insert per table.
BATCH = 1000


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
    # How far through the file the scan is, for the progress bar (size 0: unknown).
    characters_read: int = 0
    size: int = 0
    deactivated_npis: list[str] = field(default_factory=list)

    def reject(self, reason: str) -> None:
        self.rejected[reason] += 1


def column_positions(header: list[str]) -> dict[str, int]:
    """Map each column we read to its position, whichever of its names the file uses."""
    positions = {name.strip(): i for i, name in enumerate(header)}
    for current, older in RENAMED.items():
        for name in older:
            if current not in positions and name in positions:
                positions[current] = positions[name]
    return positions


@functools.lru_cache(maxsize=4096)  # a file holds few distinct dates
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
    """Yield an Entry for each line of a CSV that may concern the directory."""
    header_line = text.readline()
    if not header_line:
        raise NppesFileError("The file is empty.")
    parser = Parser(next(csv.reader([header_line])))
    if parser.is_deactivation_list:
        yield from scan_rows(parser, csv.reader(text), report, known_npis, progress)
        return
    report.characters_read = len(header_line)
    for line in text:
        report.read += 1
        report.characters_read += len(line)
        if progress and report.read % PROGRESS_EVERY == 0:
            progress(report)
        # The cheap test first: most lines are other professions.
        if ACUPUNCTURIST_TAXONOMY not in line and _npi_of(line) not in known_npis:
            continue
        row = next(csv.reader([line]), None)
        if row:
            yield parser.entry(row)


def _npi_of(line: str) -> str:
    # The NPI is the first column: quoted, as CMS writes it, or bare.
    return line[1:11] if line.startswith('"') else line[:10]


def scan_rows(parser: Parser, rows, report: Report, known_npis: set[str], progress=None):
    """Yield an Entry for each row of a deactivation list that names an NPI we hold."""
    for row in rows:
        report.read += 1
        if progress and report.read % PROGRESS_EVERY == 0:
            progress(report)
        if row and (entry := parser.entry(row)).npi in known_npis:
            yield entry


def entries(source: str, content, report: Report, known_npis: set[str], progress=None):
    if source == "csv":
        return scan(content, report, known_npis, progress)
    header = next(content)
    parser = Parser(header)
    if not parser.is_deactivation_list:
        raise NppesFileError(
            "An Excel workbook is read as the deactivation report (NPI, NPPES Deactivation "
            "Date); the full and weekly files are CSV."
        )
    return scan_rows(parser, content, report, known_npis, progress)


def import_file(path: Path, *, dry_run: bool = False, progress=None) -> Report:
    """Import one NPPES file; return what happened. Nothing is written on a dry run."""
    report = Report()
    known = set(RegistryRecord.objects.values_list("npi", flat=True))
    known |= set(Practitioner.objects.exclude(npi="").values_list("npi", flat=True))
    for batch in read_batches(path, report, known, progress):
        apply_batch(batch, report, dry_run=dry_run)
    if report.deactivated_npis and not dry_run:
        writes.tell_staff_of_deactivations(report.deactivated_npis)
    return report


_DONE = object()


def read_batches(path: Path, report: Report, known_npis: set[str], progress=None):
    """Yield the file's entries a batch at a time, read by a thread of its own.

    Reading (unzipping, the line test, CSV parsing) then goes on while this
    thread waits for the database to write the last batch. The reader touches
    no database and holds at most two batches ahead: memory stays bounded.
    """
    queue: Queue = Queue(maxsize=2)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                queue.put(item, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def read() -> None:
        try:
            with open_source(path) as (source, content, size):
                report.size = size
                batch: list[Entry] = []
                for entry in entries(source, content, report, known_npis, progress):
                    batch.append(entry)
                    if len(batch) >= BATCH:
                        if not put(batch):
                            return
                        batch = []
                put(batch)
        except Exception as exc:  # raised again in the importing thread
            put(exc)
        finally:
            put(_DONE)

    reader = threading.Thread(target=read, name="nppes-reader", daemon=True)
    reader.start()
    try:
        while (item := queue.get()) is not _DONE:
            if isinstance(item, Exception):
                raise item
            yield item
    finally:
        stop.set()
        reader.join()


def apply_batch(batch: list[Entry], report: Report, *, dry_run: bool) -> None:
    if not batch:
        return
    # One page-cache bump for the batch's transaction, not one per row written.
    with transaction.atomic(), page_cache.bumps_batched():
        npis = [e.npi for e in batch]
        records = {r.npi: r for r in RegistryRecord.objects.for_npis(npis)}
        # The profile and clinic behind a record are read only for the records whose
        # row differs (changed or deactivated), all of the batch's in one query each.
        differing = [
            records[e.npi] for e in batch if e.npi in records and records[e.npi].snapshot != e.facts
        ]
        prefetch_related_objects(differing, "practitioner", "clinic")
        unrecorded = [npi for npi in npis if npi not in records]
        profiles = {p.npi: p for p in hand_made_profiles(unrecorded)}
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


def hand_made_profiles(npis: list[str]):
    """The profiles holding these NPIs, read through the unique index on NPIs.

    That index is partial (profiles without an NPI are left out), and PostgreSQL
    uses a partial index only when it sees that the query implies its condition,
    which it cannot prove of `npi IN (...)` beyond 100 values: a batch's list read
    every profile. Excluding the empty NPI states the condition.
    """
    return Practitioner.objects.exclude(npi="").filter(npi__in=npis)


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
