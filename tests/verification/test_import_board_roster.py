"""`manage.py import_board_roster FILE.csv --state XX [--apply]`."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tests.factories import LicenseFactory, PractitionerFactory, StaffFactory, UserFactory
from verification.models import (
    License,
    LicensingBoard,
    PrimarySource,
    VerificationEvent,
    VerificationStatus,
)
from verification.services import mark_needs_review

pytestmark = pytest.mark.django_db
S = VerificationStatus
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rosters"


def run(name: str, *args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_board_roster", str(FIXTURES / name), *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def directory():
    """Oregon licenses matching the sample rosters, in the states a roster meets."""

    def person(first, last, **license):
        return LicenseFactory(
            practitioner=PractitionerFactory(first_name=first, last_name=last, owner=UserFactory()),
            **license,
        )

    chen = person("Mei Lin", "Chen", number="AC100001", pending=True,
                  expires_on=datetime.date(2030, 6, 30))  # fmt: skip
    smith = person("John", "Smith", number="AC100002", verified=True,
                   expires_on=datetime.date(2029, 12, 31))  # fmt: skip
    mark_needs_review(smith, note="Re-check date reached.")
    lopez = person("Ana", "Lopez", number="AC100003", verified=True,
                   expires_on=datetime.date(2031, 1, 31))  # fmt: skip
    haddad = person("Omar", "Haddad", number="AC100004", pending=True,
                    expires_on=datetime.date(2030, 3, 15))  # fmt: skip
    gone = person("Kim", "Park", number="AC100009", verified=True,
                  expires_on=datetime.date(2030, 1, 1))  # fmt: skip
    elsewhere = person("Mei", "Chen", state="WA", number="AC999999", pending=True)
    return {"chen": chen, "smith": smith, "lopez": lopez, "haddad": haddad, "gone": gone,
            "elsewhere": elsewhere}  # fmt: skip


def statuses(directory) -> dict[str, str]:
    return {
        name: License.objects.get(pk=lic.pk).verification_status for name, lic in directory.items()
    }


def test_clean_roster_dry_run_reports_and_changes_nothing(directory):
    code, out, _ = run("clean.csv", "--state", "OR")

    assert code == 0
    assert "Roster clean.csv for Oregon (OR): 5 rows, 0 malformed." in out
    assert (
        "Matched          3   (3 awaiting a decision, 0 already verified, 0 not submitted)" in out
    )
    assert "Mismatched       1" in out and "Unknown          1" in out
    assert "Not listed       1" in out
    assert "line 4: #AC100003 Ana Lopez — standing: roster “Lapsed”, directory “Active”" in out
    assert "line 6: #AC999999 Sam Rivera" in out  # WA's AC999999 does not count for OR
    assert "#AC100009 Kim Park (Verified)" in out
    assert "Dry run: nothing changed. Run again with --apply to verify the 3 matches" in out
    assert statuses(directory) == {
        "chen": S.PENDING, "smith": S.NEEDS_REVIEW, "lopez": S.VERIFIED,
        "haddad": S.PENDING, "gone": S.VERIFIED, "elsewhere": S.PENDING,
    }  # fmt: skip


def test_apply_verifies_the_matches_awaiting_a_decision_with_the_roster_as_source(
    directory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        code, out, _ = run("clean.csv", "--state", "or", "--apply")

    assert code == 0
    assert "Verified 3 licenses with this roster as primary source." in out
    assert statuses(directory)["chen"] == S.VERIFIED
    assert statuses(directory)["smith"] == S.VERIFIED
    assert statuses(directory)["lopez"] == S.VERIFIED  # mismatch: left as it was
    assert statuses(directory)["haddad"] == S.VERIFIED
    assert statuses(directory)["elsewhere"] == S.PENDING  # another state's license
    chen = License.objects.get(pk=directory["chen"].pk)
    assert chen.primary_source == PrimarySource.BOARD_ROSTER
    assert chen.primary_source_reference == "roster clean.csv line 2"
    assert chen.verified_by is None
    event = VerificationEvent.objects.for_record(chen).get(to_status=S.VERIFIED)
    assert event.note == "Matched line 2 of the OR board roster clean.csv."
    assert (event.primary_source, event.primary_source_reference) == (
        PrimarySource.BOARD_ROSTER,
        "roster clean.csv line 2",
    )
    assert len(mail.outbox) == 3  # each owner hears their license is verified

    # Applying again finds nothing left to verify.
    code, out, _ = run("clean.csv", "--state", "OR", "--apply")
    assert "(0 awaiting a decision, 3 already verified, 0 not submitted)" in out
    assert "Verified 0 licenses" in out
    assert VerificationEvent.objects.filter(to_status=S.VERIFIED).count() == 3


def test_messy_roster_matches_the_same_licenses(directory):
    code, out, _ = run("messy.csv", "--state", "OR", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["columns"] == {
        "expires_on": "Expires", "number": "Lic No", "last_name": "Last Name",
        "first_name": "First Name", "status": "License Status",
    }  # fmt: skip
    assert [m["number"] for m in report["matched"]] == ["ac-100001", "AC 100002", "AC100003"]
    [mismatch] = report["mismatched"]
    assert mismatch["number"] == "AC100004"
    assert mismatch["differences"] == ["standing: roster “Active - Probation”, directory “Active”"]
    assert report["unknown"] == [] and report["malformed"] == []
    assert report["applied"] is False


def test_malformed_rows_are_listed_by_line_and_the_rest_still_counts(directory):
    code, out, _ = run("malformed.csv", "--state", "OR", "--apply")

    assert code == 3
    assert "7 rows, 5 malformed" in out  # the blank line is not a row
    assert "line 3: no license number" in out
    assert "line 4: “31/31/2030” is not a date" in out
    assert "line 6: expected 4 columns, found 5" in out
    assert "line 8: license #AC100001 repeats line 2" in out
    assert "line 9: #AC100005 Lee Park" in out  # unknown
    assert statuses(directory)["chen"] == S.VERIFIED  # line 2 matched and was applied


def test_a_mismatched_expiry_and_name_say_which(directory):
    License.objects.filter(pk=directory["chen"].pk).update(expires_on=datetime.date(2029, 6, 30))
    code, out, _ = run("clean.csv", "--state", "OR", "--format", "json")
    report = json.loads(out)
    chen = next(m for m in report["mismatched"] if m["number"] == "AC100001")
    assert chen["differences"] == ["expiry: roster 2030-06-30, directory 2029-06-30"]
    smith = License.objects.get(pk=directory["smith"].pk)
    smith.practitioner.last_name = "Smythe"
    smith.practitioner.save()
    report = json.loads(run("clean.csv", "--state", "OR", "--format", "json")[1])
    smith_row = next(m for m in report["mismatched"] if m["number"] == "AC100002")
    assert smith_row["differences"] == ["name: roster “Smith, John”, directory “John Smythe”"]


def test_a_record_decided_meanwhile_is_skipped_with_the_reason(directory, monkeypatch):
    from verification import roster

    real_verify = roster.verification.verify_from_roster

    def someone_decided_first(record, **kwargs):
        License.objects.filter(pk=record.pk).update(version=record.version + 5)
        return real_verify(record, **kwargs)

    monkeypatch.setattr(roster.verification, "verify_from_roster", someone_decided_first)
    code, out, _ = run("clean.csv", "--state", "OR", "--apply")
    assert "Verified 0 licenses" in out
    assert "Not verified, line 2 #AC100001: This license was changed by someone else" in out


def test_apply_can_record_a_staff_actor(directory):
    staff = StaffFactory(email="verifier@example.org")
    run("clean.csv", "--state", "OR", "--apply", "--actor", "VERIFIER@example.org")
    assert License.objects.get(pk=directory["chen"].pk).verified_by == staff
    with pytest.raises(CommandError, match="No staff account"):
        run("clean.csv", "--state", "OR", "--apply", "--actor", "nobody@example.org")


@pytest.mark.parametrize("state", ["ZZ", "Oregon", ""])
def test_the_state_must_be_a_us_state(state):
    with pytest.raises(CommandError, match="Unknown state"):
        run("clean.csv", "--state", state)


def test_a_missing_file_or_unusable_header_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_board_roster", str(tmp_path / "nope.csv"), "--state", "OR")
    bad = tmp_path / "bad.csv"
    bad.write_text("Who,When\nx,y\n")
    with pytest.raises(CommandError, match="No license number column"):
        call_command("import_board_roster", str(bad), "--state", "OR")


def test_a_state_that_does_not_license_acupuncturists_is_warned_about():
    LicensingBoard.objects.update_or_create(state="AL", defaults={"licenses_acupuncturists": False})
    code, _, err = run("clean.csv", "--state", "AL")
    assert "does not license acupuncturists" in err


def test_progress_goes_to_stderr_so_json_stays_clean(directory):
    code, out, err = run("clean.csv", "--state", "OR")
    assert "Matching" in err and "100%" in err
    code, out, err = run("clean.csv", "--state", "OR", "--format", "json")
    json.loads(out)
    assert "Matching" not in err
