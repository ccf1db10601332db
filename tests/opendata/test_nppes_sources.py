"""The files as CMS ships them: CSV, its ZIP, and the deactivation report's Excel workbook."""

import datetime
import zipfile

import pytest

from opendata.nppes import import_file
from opendata.nppes_layout import write_file, write_workbook
from opendata.nppes_sources import NppesFileError, open_source
from practitioners.models import Practitioner

from .nppes_files import acupuncturist, npi

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["report.xlsx", "NPPES_Deactivated_NPI_Report.zip"])
def test_the_deactivation_workbook_unpublishes_listings_we_hold(tmp_path, name):
    import_file(write_file(tmp_path / "full.csv", [acupuncturist(1), acupuncturist(2)]))
    rows = [
        # The report's dates are Excel dates; an NPI may be stored as a number.
        {"NPI": int(npi(1)), "NPPES Deactivation Date": datetime.datetime(2026, 2, 1)},
        {"NPI": npi(7), "NPPES Deactivation Date": "02/01/2026"},  # not ours
    ]
    path = write_workbook(tmp_path / name, rows, title="NPPES Deactivated NPI Report 20260210")
    report = import_file(path)
    assert (report.read, report.deactivated) == (2, 1)
    assert not Practitioner.objects.get(npi=npi(1)).is_published
    assert Practitioner.objects.get(npi=npi(2)).is_published
    assert import_file(path).deactivated == 0  # the same report twice changes nothing


def test_a_workbook_that_is_not_the_deactivation_report_is_refused(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Name", "City"])
    book.active.append(["x", "y"])
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(NppesFileError, match="no NPI column"):
        import_file(tmp_path / "other.xlsx")


def test_a_corrupt_workbook_is_refused_with_a_message(tmp_path):
    path = tmp_path / "broken.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("report.xlsx", b"not a workbook")
    with pytest.raises(NppesFileError, match="could not be read"):
        import_file(path)


def test_a_zip_with_neither_csv_nor_workbook_is_refused(tmp_path):
    path = tmp_path / "empty.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with (
        pytest.raises(NppesFileError, match="no CSV file and no Excel workbook"),
        open_source(path),
    ):
        pass


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(NppesFileError, match="No such file"):
        import_file(tmp_path / "absent.csv")
