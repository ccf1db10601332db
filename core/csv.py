"""CSV downloads, streamed row by row so their size never matters.

Every cell goes through `spreadsheet_safe`: exports hold text that people typed
(names, notes), and a spreadsheet would run a cell starting with = as a formula.
"""

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse


class Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer."""

    def write(self, value):
        return value


def spreadsheet_safe(value) -> str:
    """Neutralise cells a spreadsheet would run as formulas (= + - @, tab, CR)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_lines(rows: Iterable[Iterable]) -> Iterable[str]:
    """Yield each row as a line of CSV, every cell spreadsheet-safe."""
    writer = csv.writer(Echo())
    for row in rows:
        yield writer.writerow(spreadsheet_safe(value) for value in row)


def csv_response(filename: str, rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """Stream rows (the header first) as a CSV attachment that is never cached."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
