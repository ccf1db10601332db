"""The NPPES files as CMS ships them, opened for reading without unpacking to disk.

- The monthly full file and the weekly incremental files: a CSV, or the ZIP
  it ships in; read as text, a line at a time, from the archive in place.
- The deactivation report: an Excel workbook (`.xlsx`), alone or in its ZIP,
  or the same two columns as CSV. The workbook is read with openpyxl in
  read-only mode, a row at a time; rows above the header (a title) are skipped.
"""

import contextlib
import datetime
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

# The deactivation report is small (a few MB): its workbook is read into memory
# rather than seeked inside the ZIP. A larger one is refused, not half-read.
MAX_WORKBOOK_BYTES = 200 * 1024 * 1024
HEADER_SEARCH_ROWS = 20


class NppesFileError(ValueError):
    """The file is not an NPPES file we can read; the message says why."""


@contextlib.contextmanager
def open_source(path: Path):
    """Yield (kind, content, size): ("csv", text, bytes) or ("xlsx", rows, 0), as CMS shipped it.

    `size` is the CSV's uncompressed length, for a progress bar (0 when unknown).
    """
    path = Path(path)
    if not path.exists():
        raise NppesFileError(f"No such file: {path}")
    if not zipfile.is_zipfile(path):
        with path.open(encoding="utf-8", errors="replace", newline="") as text:
            yield "csv", text, path.stat().st_size
        return
    with zipfile.ZipFile(path) as archive:
        if "[Content_Types].xml" in archive.namelist():  # the file itself is a workbook
            yield "xlsx", workbook_rows(path), 0
            return
        names = [m for m in archive.infolist() if "fileheader" not in m.filename.lower()]
        csvs = [m for m in names if m.filename.lower().endswith(".csv")]
        books = [m for m in names if m.filename.lower().endswith(".xlsx")]
        if csvs:
            member = max(csvs, key=lambda m: m.file_size)
            with archive.open(member) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
                yield "csv", text, member.file_size
        elif books:
            member = max(books, key=lambda m: m.file_size)
            if member.file_size > MAX_WORKBOOK_BYTES:
                raise NppesFileError(f"{member.filename} is too large for a deactivation report.")
            yield "xlsx", workbook_rows(io.BytesIO(archive.read(member))), 0
        else:
            raise NppesFileError(f"{path.name} holds no CSV file and no Excel workbook.")


def workbook_rows(source) -> Iterator[list[str]]:
    """The first sheet's rows as text, from its header (the row with an NPI column) on."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise NppesFileError(f"The Excel workbook could not be read ({exc}).") from exc
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header, number = None, 0
        for number, row in enumerate(rows, start=1):
            cells = [_text(value) for value in row]
            if "NPI" in cells:
                header = cells
                break
            if number >= HEADER_SEARCH_ROWS:
                break
        if header is None:
            raise NppesFileError(
                "The workbook has no NPI column in its first rows: is it the NPPES "
                "deactivation report?"
                if number
                else "The workbook is empty."
            )
        yield header
        for row in rows:
            cells = [_text(value) for value in row]
            if any(cells):
                yield cells
    finally:
        book.close()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%m/%d/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an NPI stored as a number
    return str(value).strip()
