import csv
import io

import pytest

from tests.factories import ClinicFactory, LicenseFactory, PractitionerFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/staff/exports/practitioners.csv"


def read(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture(autouse=True)
def _no_staff_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


def test_staff_get_a_streaming_csv_of_every_practitioner(client):
    for i in range(5):
        p = PractitionerFactory(
            last_name=f"Csv{i}", publication_status="draft" if i == 0 else "published"
        )
        ClinicFactory(practitioner=p)
        LicenseFactory(practitioner=p, verified=True)
    client.force_login(UserFactory(is_staff=True))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="practitioners-')
    rows = read(response)
    assert rows[0][:4] == ["id", "slug", "first_name", "last_name"]
    assert len(rows) == 6
    assert {row[3] for row in rows[1:]} == {f"Csv{i}" for i in range(5)}


def test_csv_cells_cannot_become_spreadsheet_formulas(client):
    PractitionerFactory(first_name='=HYPERLINK("http://evil")', last_name="+1")
    client.force_login(UserFactory(is_staff=True))
    row = read(client.get(URL))[1]
    assert row[2].startswith("'=") and row[3] == "'+1"


def test_non_staff_cannot_export(client):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 302


def test_export_query_count_does_not_grow_per_row(client, django_assert_max_num_queries):
    client.force_login(UserFactory(is_staff=True))
    PractitionerFactory()
    with django_assert_max_num_queries(12) as few:
        read(client.get(URL))
    for _ in range(20):
        ClinicFactory(practitioner=PractitionerFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        read(client.get(URL))
