"""Streamed CSV downloads whose cells cannot become spreadsheet formulas."""

import csv
import io

import pytest

from core.csv import Echo, csv_lines, csv_response, spreadsheet_safe


def test_echo_hands_back_what_the_csv_writer_writes():
    assert csv.writer(Echo()).writerow(["a", "b,c"]) == 'a,"b,c"\r\n'


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Jane = Doe", "Jane = Doe"),
        (None, ""),
        (42, "42"),
    ],
)
def test_spreadsheet_safe_neutralises_only_cells_that_start_like_a_formula(value, safe):
    assert spreadsheet_safe(value) == safe


def test_csv_lines_writes_each_row_with_safe_cells():
    assert list(csv_lines([["id", "name"], [1, "=cmd"]])) == ["id,name\r\n", "1,'=cmd\r\n"]


def test_csv_response_streams_an_uncached_attachment():
    rows = iter([["id"], [1], [2]])
    response = csv_response("things-2024-01-01.csv", rows)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="things-2024-01-01.csv"'
    assert response["Cache-Control"] == "no-store"
    body = b"".join(response.streaming_content).decode()
    assert list(csv.reader(io.StringIO(body))) == [["id"], ["1"], ["2"]]
