"""Reading and matching board rosters (practitioners.roster)."""

import datetime
from pathlib import Path

import pytest

from verification import roster
from verification.models import License

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rosters"


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("License #", "license number"),
        ("license_number", "license number"),
        ("Lic No", "license number"),
        ("Lic. No.", "license number"),
        ("LICENCE NUMBER", "license number"),
        ("Full Name", "full name"),
        ("Expiration Date", "expiration date"),
        ("Exp Date", "expiration date"),
        ("\ufeffExpires", "expires"),
    ],
)
def test_header_spellings_are_normalised(header, canonical):
    assert roster.normalize_header(header) == canonical


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2030-06-30", datetime.date(2030, 6, 30)),
        ("06/30/2030", datetime.date(2030, 6, 30)),
        ("6/30/30", datetime.date(2030, 6, 30)),
        ("1/2/31", datetime.date(2031, 1, 2)),
        (" 12-31-2029 ", datetime.date(2029, 12, 31)),
    ],
)
def test_dates_in_the_usual_board_formats(text, date):
    assert roster.parse_date(text) == date


@pytest.mark.parametrize("text", ["31/31/2030", "June 30", "2030-13-01", "tomorrow"])
def test_other_dates_are_errors(text):
    with pytest.raises(ValueError, match="is not a date"):
        roster.parse_date(text)


@pytest.mark.parametrize(
    ("text", "standing"),
    [
        ("Active", License.Standing.ACTIVE),
        ("Active - Clear", License.Standing.ACTIVE),
        ("CURRENT", License.Standing.ACTIVE),
        ("Active - Probation", License.Standing.PROBATION),
        ("Expired", License.Standing.LAPSED),
        ("Delinquent", License.Standing.LAPSED),
        ("Surrendered", License.Standing.REVOKED),
        ("Suspended", License.Standing.SUSPENDED),
    ],
)
def test_board_wording_for_standing(text, standing):
    assert roster.parse_standing(text) == standing


def test_names_are_compared_without_case_accents_or_titles():
    class P:
        first_name, last_name = "Mei Lin", "Chen"

    def row(name):
        return roster.RosterRow(1, "A1", name, tuple(roster.name_tokens(name)), None, "", None)

    assert roster.names_agree(row("CHEN MEI"), P)
    assert roster.names_agree(row("Mei Chen, L.Ac., Dipl. O.M."), P)
    assert not roster.names_agree(row("Mei Wong"), P)
    assert not roster.names_agree(row("Lin Chen"), P)

    class Q:
        first_name, last_name = "Ana", "López"

    assert roster.names_agree(row("ana lopez"), Q)


def test_reading_the_clean_roster():
    parsed = roster.read_roster((FIXTURES / "clean.csv").read_bytes())
    assert parsed.malformed == []
    assert parsed.delimiter == ","
    assert parsed.columns == {
        "number": "License Number",
        "name": "Name",
        "status": "Status",
        "expires_on": "Expiration Date",
    }
    first, second = parsed.rows[:2]
    assert (first.line, first.number, first.name) == (2, "AC100001", "Mei Lin Chen")
    assert first.expires_on == datetime.date(2030, 6, 30)
    assert second.name == "Smith, John"
    assert set(second.name_words) == {"smith", "john"}


def test_reading_a_messy_roster_bom_semicolons_any_order_split_names():
    parsed = roster.read_roster((FIXTURES / "messy.csv").read_bytes())
    assert parsed.malformed == []
    assert parsed.delimiter == ";"
    assert set(parsed.columns) == {"number", "last_name", "first_name", "status", "expires_on"}
    assert [r.number for r in parsed.rows] == ["ac-100001", "AC 100002", "AC100003", "AC100004"]
    assert parsed.rows[0].expires_on == datetime.date(2030, 6, 30)
    assert parsed.rows[0].name == "Mei CHEN"
    assert parsed.rows[3].standing == License.Standing.PROBATION


def test_malformed_rows_are_reported_by_line_and_the_rest_is_read():
    parsed = roster.read_roster((FIXTURES / "malformed.csv").read_bytes())
    problems = {m.line: m.problem for m in parsed.malformed}
    assert problems == {
        3: "no license number",
        4: "“31/31/2030” is not a date (use YYYY-MM-DD, MM/DD/YYYY or M/D/YY)",
        5: "status “Sleeping” is not one we recognise",
        6: "expected 4 columns, found 5",
        8: "license #AC100001 repeats line 2",
    }
    assert [(r.line, r.number) for r in parsed.rows] == [(2, "AC100001"), (9, "AC100005")]
    assert parsed.rows[0].name == "Chen, Mei Lin, L.Ac."
    assert set(parsed.rows[0].name_words) == {"mei", "lin", "chen"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"Name,Status\nMei Chen,Active\n", "No license number column"),
        (b"License #,Status\nAC1,Active\n", "No name column"),
    ],
)
def test_a_file_without_a_usable_header_is_refused(content, message):
    with pytest.raises(roster.RosterError, match=message):
        roster.read_roster(content)


def test_windows_1252_files_are_read():
    data = "License #,Name\r\nAC1,José Núñez\r\n".encode("cp1252")
    assert roster.read_roster(data).rows[0].name == "José Núñez"


def test_tab_delimited_files_are_read():
    parsed = roster.read_roster("Name\tLicense No\nMei Chen\tAC1\n")
    assert parsed.delimiter == "\t" and parsed.rows[0].number == "AC1"
