"""New listings are written a batch at a time; what the database refuses is retried row by row."""

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from opendata import nppes_writes
from opendata.nppes import import_file
from opendata.nppes_layout import write_file
from practitioners.filters import PractitionerFilterSet
from practitioners.models import Clinic, Practitioner, RegistryRecord
from practitioners.search import build_search_fields
from practitioners.validators import ACUPUNCTURIST_TAXONOMY
from tests.factories import LicenseFactory, PractitionerFactory
from verification.choices import DeclaredSource, VerificationStatus
from verification.models import License

from .nppes_files import acupuncturist, npi

pytestmark = pytest.mark.django_db


def test_a_batch_of_new_listings_is_written_in_a_few_queries(
    tmp_path, django_assert_max_num_queries
):
    path = write_file(tmp_path / "full.csv", [acupuncturist(n) for n in range(1, 41)])
    # Reads (known NPIs, records, profiles, slugs, boards, license holders), one
    # insert per table and the search's listings with their cards (practitioners.listings), whatever
    # the batch's size; not a query or more per row.
    # (SQLite splits an insert by its limit on parameters: one more there.)
    with django_assert_max_num_queries(24):
        report = import_file(path)
    assert report.created == 40
    assert RegistryRecord.objects.count() == Clinic.objects.count() == License.objects.count() == 40


def test_bulk_listings_match_what_the_services_write(tmp_path):
    import_file(write_file(tmp_path / "full.csv", [acupuncturist(1)]))
    practitioner = Practitioner.objects.get(npi=npi(1))
    clinic = practitioner.clinics.get()
    assert (practitioner.slug, practitioner.phone) == ("jane-doeb", "(503) 555-0100")
    assert practitioner.is_published and not practitioner.accepts_medicare
    assert practitioner.created_at and practitioner.updated_at
    assert clinic.is_primary and clinic.address_line2 == "Suite 2"
    assert (practitioner.search_name, practitioner.search_text) == build_search_fields(
        practitioner, [clinic], [], []
    )
    record = practitioner.registry_record
    assert record.clinic == clinic and record.snapshot["clinic"]["zip_code"] == "97214"
    license = practitioner.licenses.get()
    assert license.board is not None and license.board.state == "OR"
    assert (license.declared_source, license.verification_status) == (
        DeclaredSource.NPPES,
        VerificationStatus.UNVERIFIED,
    )
    # The listing is found by the search, as a listing made by hand would be.
    data = QueryDict("q=doeb&verified=0")
    assert PractitionerFilterSet(data).results().keys() == [practitioner.pk]


def test_bulk_listing_rows_are_the_ones_a_refresh_writes(tmp_path):
    """The import writes listing rows from what it inserted; a refresh from the database agrees."""
    from practitioners.listings import Listing, refresh_listings

    import_file(write_file(tmp_path / "full.csv", [acupuncturist(n) for n in range(1, 4)]))
    fields = [f.attname for f in Listing._meta.concrete_fields if f.attname != "id"]

    def rows():
        return sorted(
            tuple(str(getattr(row, name)) for name in fields) for row in Listing.objects.all()
        )

    written = rows()
    assert len(written) == 3
    refresh_listings(Practitioner.objects.values_list("pk", flat=True))
    assert rows() == written


def test_same_names_get_distinct_slugs_within_a_batch_and_against_the_database(tmp_path):
    PractitionerFactory(first_name="Jane", last_name="Doe", slug="jane-doe")
    PractitionerFactory(first_name="Jane", last_name="Doe", slug="jane-doe-2")
    rows = [acupuncturist(n, last_name="DOE") for n in (1, 2, 3)]
    assert import_file(write_file(tmp_path / "full.csv", rows)).created == 3
    slugs = set(Practitioner.objects.filter(npi__in=[npi(n) for n in (1, 2, 3)]).values_list(
        "slug", flat=True
    ))  # fmt: skip
    assert slugs == {"jane-doe-3", "jane-doe-4", "jane-doe-5"}


def test_a_license_number_someone_holds_is_left_for_staff(tmp_path):
    holder = LicenseFactory(state="OR", number="AC00001")
    two = acupuncturist(
        2,
        taxonomies=[
            (ACUPUNCTURIST_TAXONOMY, "AC00002", "OR"),
            (ACUPUNCTURIST_TAXONOMY, "AC00002", "OR"),
        ],
    )
    report = import_file(write_file(tmp_path / "full.csv", [acupuncturist(1), two]))
    assert report.created == 2
    assert report.rejected[nppes_writes.LICENSE_HELD] == 1
    assert License.objects.get(number="AC00001") == holder
    assert Practitioner.objects.get(npi=npi(2)).licenses.count() == 1  # listed twice, held once


def test_a_batch_the_database_refuses_is_retried_row_by_row(tmp_path, monkeypatch):
    # As if another writer took a slug between the batch's read and its insert.
    PractitionerFactory(slug="taken")
    monkeypatch.setattr(
        nppes_writes, "unique_practitioner_slugs", lambda names: ["taken"] * len(names)
    )
    report = import_file(write_file(tmp_path / "full.csv", [acupuncturist(1), acupuncturist(2)]))
    assert report.created == 2 and not report.rejected
    slugs = Practitioner.objects.filter(npi__in=[npi(1), npi(2)]).values_list("slug", flat=True)
    assert "taken" not in slugs
    assert RegistryRecord.objects.count() == License.objects.count() == 2


def test_an_invalid_row_is_rejected_alone_and_the_batch_goes_in(tmp_path):
    rows = [acupuncturist(1), acupuncturist(2, phone="5" * 40), acupuncturist(3)]
    report = import_file(write_file(tmp_path / "full.csv", rows))
    # The parser cuts a phone to its column; what the registry writes fits the profile.
    assert report.created == 3
    assert len(Practitioner.objects.get(npi=npi(2)).phone) <= 30


def test_a_dry_run_writes_no_bulk_rows(tmp_path):
    path = write_file(tmp_path / "full.csv", [acupuncturist(n) for n in range(1, 4)])
    report = import_file(path, dry_run=True)
    assert report.created == 3
    assert not Practitioner.objects.exists() and not License.objects.exists()


def test_a_license_number_held_in_another_state_is_not_held(tmp_path):
    LicenseFactory(state="CA", number="AC00001")
    report = import_file(write_file(tmp_path / "full.csv", [acupuncturist(1)]))
    assert report.created == 1 and not report.rejected
    assert Practitioner.objects.get(npi=npi(1)).licenses.get().state == "OR"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL query plan")
def test_license_holders_are_read_through_the_state_and_number_index():
    wanted = [("OR", f"AC{n:05d}") for n in range(150)] + [("CA", "AC00001")]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the plan, not the table's size, decides
    plan = nppes_writes.license_holders(wanted).explain()
    # The state is a condition of the index's search, not a filter over all of it.
    assert re.search(r"Index Cond: .*\bstate\b", plan) and "license_state_number_unique" in plan


def queries_to_update(tmp_path, numbers: range) -> int:
    """The queries an import makes to update these acupuncturists' phones."""
    import_file(write_file(tmp_path / "full.csv", [acupuncturist(n) for n in numbers]))
    rows = [acupuncturist(n, phone="5035550199") for n in numbers]
    path = write_file(tmp_path / "weekly.csv", rows)
    with CaptureQueriesContext(connection) as queries:
        report = import_file(path)
    assert report.updated == len(numbers)
    return len(queries)


def test_changed_listings_are_updated_in_a_few_queries_a_row(tmp_path):
    (tmp_path / "five").mkdir()
    (tmp_path / "ten").mkdir()
    five = queries_to_update(tmp_path / "five", range(1, 6))
    ten = queries_to_update(tmp_path / "ten", range(11, 21))
    # A row: its savepoint and release, one update each of the profile, the clinic
    # and the record. What the batch reads (records, their profiles and clinics at
    # once, the search text) does not grow with it: no query per constraint, nor a
    # read per row.
    assert ten - five <= 5 * 5
    assert set(Clinic.objects.values_list("phone", flat=True)) == {"(503) 555-0199"}


def test_a_changed_fact_the_profile_refuses_is_rejected_alone(tmp_path):
    import_file(write_file(tmp_path / "full.csv", [acupuncturist(1), acupuncturist(2)]))
    rows = [
        acupuncturist(1, first_name="", phone="5035550199"),
        acupuncturist(2, phone="5035550199"),
    ]
    report = import_file(write_file(tmp_path / "weekly.csv", rows))
    assert report.updated == 1
    assert report.rejected == {"invalid record: first_name: This field cannot be blank.": 1}
    refused = Practitioner.objects.get(npi=npi(1))
    assert (refused.first_name, refused.phone) == ("Jane", "(503) 555-0100")  # none of it
    assert refused.registry_record.snapshot["first_name"] == "Jane"
    assert Practitioner.objects.get(npi=npi(2)).phone == "(503) 555-0199"


def test_a_changed_zip_code_is_checked_with_the_clinics_constraints(tmp_path):
    import_file(write_file(tmp_path / "full.csv", [acupuncturist(1)]))
    moved = acupuncturist(1, address=("55 W 26th St", "", "NEW YORK", "NY", "10001"))
    assert import_file(write_file(tmp_path / "weekly.csv", [moved])).updated == 1
    clinic = Practitioner.objects.get(npi=npi(1)).clinics.get()
    assert (clinic.zip_code, clinic.state, clinic.city) == ("10001", "NY", "New York")
    assert round(clinic.latitude) == 41 and round(clinic.longitude) == -74
