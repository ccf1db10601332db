import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from opendata.nppes import import_file
from opendata.nppes_layout import DEACTIVATION_HEADER, FULL_HEADER, write_file
from practitioners.models import Practitioner, RegistryRecord
from tests.factories import UserFactory
from verification.choices import DeclaredSource, VerificationStatus

from .nppes_files import acupuncturist, npi, other_provider

pytestmark = pytest.mark.django_db


def test_the_generated_layout_has_the_full_files_columns():
    assert len(FULL_HEADER) > 320
    assert "Healthcare Provider Taxonomy Code_15" in FULL_HEADER


def test_a_full_zip_file_creates_published_unverified_listings(tmp_path):
    path = write_file(tmp_path / "npidata.zip", [acupuncturist(1), other_provider(2)])
    report = import_file(path)
    assert (report.read, report.created, report.matched) == (2, 1, 1)
    practitioner = Practitioner.objects.get(npi=npi(1))
    assert practitioner.is_published and practitioner.owner is None
    assert practitioner.first_name == "Jane"
    clinic = practitioner.clinics.get()
    assert (clinic.zip_code, clinic.state, clinic.city) == ("97214", "OR", "Portland")
    assert clinic.latitude and clinic.longitude
    license = practitioner.licenses.get()
    assert (license.state, license.number) == ("OR", "AC00001")
    assert license.verification_status == VerificationStatus.UNVERIFIED
    assert license.declared_source == DeclaredSource.NPPES
    assert not Practitioner.objects.verified().exists()


def test_an_import_batch_bumps_the_page_cache_once(tmp_path, django_capture_on_commit_callbacks):
    path = write_file(tmp_path / "full.csv", [acupuncturist(n) for n in range(1, 6)])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_file(path)
    assert Practitioner.objects.count() == 5
    bumps = [c for c in callbacks if getattr(c, "__name__", "") == "_bump"]
    assert len(bumps) == 1  # five profiles, clinics, licenses: one invalidation


def test_a_second_run_changes_nothing(tmp_path):
    path = write_file(tmp_path / "full.csv", [acupuncturist(1), acupuncturist(3)])
    import_file(path)
    report = import_file(path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert Practitioner.objects.count() == 2


def test_registry_changes_update_only_what_nobody_edited(tmp_path):
    import_file(write_file(tmp_path / "full.csv", [acupuncturist(1)]))
    practitioner = Practitioner.objects.get(npi=npi(1))
    practitioner.first_name = "Janet"  # the practitioner's own correction
    practitioner.save()
    changed = acupuncturist(1, first_name="JANINE", last_name="SMITH", phone="5035550199")
    report = import_file(write_file(tmp_path / "weekly.csv", [changed]))
    assert report.updated == 1
    practitioner.refresh_from_db()
    assert practitioner.first_name == "Janet"
    assert (practitioner.last_name, practitioner.phone) == ("Smith", "(503) 555-0199")
    assert practitioner.clinics.get().phone == "(503) 555-0199"


def test_unknown_zip_codes_and_bad_npis_are_rejected_with_reasons(tmp_path):
    bad_zip = acupuncturist(1, address=("1 Main St", "", "NOWHERE", "OR", "00000"))
    bad_npi = acupuncturist(3, npi="1234567890")
    report = import_file(write_file(tmp_path / "full.csv", [bad_zip, bad_npi]))
    assert report.created == 0
    reasons = " ".join(report.rejected)
    assert "unknown ZIP code" in reasons and "check digit" in reasons


def test_deactivation_unpublishes_tells_staff_and_reactivation_republishes(
    tmp_path, django_capture_on_commit_callbacks
):
    UserFactory(is_staff=True, email="staff@example.com")
    import_file(write_file(tmp_path / "full.csv", [acupuncturist(1)]))
    deactivation = {"NPI": npi(1), "NPPES Deactivation Date": "02/01/2026"}
    listed = write_file(tmp_path / "deact.csv", [deactivation], header=DEACTIVATION_HEADER)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = import_file(listed)
    assert report.deactivated == 1
    assert not Practitioner.objects.get(npi=npi(1)).is_published
    assert any(npi(1) in m.body for m in mail.outbox)
    assert import_file(listed).deactivated == 0
    back = acupuncturist(1, deactivated_on="02/01/2026", reactivated_on="03/01/2026")
    assert import_file(write_file(tmp_path / "weekly.csv", [back])).reactivated == 1
    assert Practitioner.objects.get(npi=npi(1)).is_published


def test_a_profile_unpublished_by_its_owner_stays_unpublished_on_reactivation(tmp_path):
    import_file(write_file(tmp_path / "full.csv", [acupuncturist(1)]))
    Practitioner.objects.filter(npi=npi(1)).update(publication_status="unpublished")
    gone = acupuncturist(1, deactivated_on="02/01/2026")
    import_file(write_file(tmp_path / "w1.csv", [gone]))
    back = acupuncturist(1, deactivated_on="02/01/2026", reactivated_on="03/01/2026")
    import_file(write_file(tmp_path / "w2.csv", [back]))
    assert not Practitioner.objects.get(npi=npi(1)).is_published


def test_dry_run_writes_nothing(tmp_path):
    report = import_file(write_file(tmp_path / "full.csv", [acupuncturist(1)]), dry_run=True)
    assert report.created == 1
    assert not Practitioner.objects.exists() and not RegistryRecord.objects.exists()


def test_the_command_reports_and_refuses_a_file_that_is_not_nppes(tmp_path, capsys):
    path = write_file(tmp_path / "full.csv", [acupuncturist(1)])
    call_command("import_nppes", str(path))
    assert "created 1" in capsys.readouterr().out
    other = tmp_path / "other.csv"
    other.write_text("name,city\nx,y\n")
    with pytest.raises(CommandError, match="NPI column"):
        call_command("import_nppes", str(other))


def test_an_imported_profile_says_where_it_came_from_and_invites_a_claim(tmp_path, client):
    import_file(write_file(tmp_path / "full.csv", [acupuncturist(1)]))
    practitioner = Practitioner.objects.get(npi=npi(1))
    page = client.get(practitioner.get_absolute_url()).text
    assert "Listed from the public NPI registry, not yet claimed or verified" in page
    assert "License not verified" in page and "✓ License verified" not in page
    assert "/dashboard/claim/by-npi/" in page


def test_imported_profiles_appear_only_when_the_patient_includes_unverified(tmp_path, client):
    from django.urls import reverse

    import_file(write_file(tmp_path / "full.csv", [acupuncturist(1)]))
    name = Practitioner.objects.get(npi=npi(1)).full_name
    assert name not in client.get(reverse("practitioners:search")).text
    assert name in client.get(reverse("practitioners:search"), {"verified": "0"}).text


def test_the_command_draws_a_progress_bar_through_the_file(tmp_path, capsys, monkeypatch):
    from opendata import nppes

    monkeypatch.setattr(nppes, "PROGRESS_EVERY", 2)
    rows = [acupuncturist(n) for n in range(1, 5)]
    call_command("import_nppes", str(write_file(tmp_path / "full.zip", rows)))
    lines = [line for line in capsys.readouterr().out.splitlines() if "Scanned" in line]
    # The file's characters against its size (its long header counts too).
    shares = [int(line.split("]")[1].split("%")[0]) for line in lines]
    assert len(shares) == 2 and 50 < shares[0] < shares[1] == 100
    assert lines[1].startswith("[" + "#" * 20 + "]") and "Scanned 4 rows" in lines[1]


def test_a_deactivated_row_without_taxonomy_or_quotes_still_reaches_its_listing(tmp_path):
    import csv

    from opendata.nppes_layout import full_row

    import_file(write_file(tmp_path / "full.csv", [acupuncturist(1)]))
    # A deactivated NPI's row keeps little but the NPI and the date; written unquoted here.
    gone = full_row(npi=npi(1), first_name="", last_name="", taxonomies=[], address=("", "", "", "", ""),
                    deactivated_on="02/01/2026")  # fmt: skip
    path = tmp_path / "weekly.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FULL_HEADER)
        writer.writerow([gone.get(column, "") for column in FULL_HEADER])
    assert not path.read_text().splitlines()[1].startswith('"')
    assert import_file(path).deactivated == 1
    assert not Practitioner.objects.get(npi=npi(1)).is_published


def test_a_profile_made_by_hand_with_the_npi_is_linked_not_listed_again(tmp_path):
    from tests.factories import PractitionerFactory

    profile = PractitionerFactory(npi=npi(1), first_name="Jane", last_name="Own-Name")
    report = import_file(write_file(tmp_path / "full.csv", [acupuncturist(1), acupuncturist(2)]))
    assert (report.created, report.unchanged) == (1, 1)
    assert Practitioner.objects.filter(npi=npi(1)).get() == profile
    assert RegistryRecord.objects.get(npi=npi(1)).practitioner == profile
    profile.refresh_from_db()
    assert profile.last_name == "Own-Name"  # linked: nothing of theirs changes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL query plan")
def test_a_batchs_npis_find_hand_made_profiles_through_the_npi_index():
    from opendata.nppes import hand_made_profiles

    # More than 100 NPIs: beyond that, `npi IN (...)` alone could not use the partial index.
    npis = [npi(n) for n in range(1, 151)]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the plan, not the table's size, decides
    assert "practitioner_npi_unique" in hand_made_profiles(npis).explain()
