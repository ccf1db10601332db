"""A real FHIR client library (fhirpy) navigates the directory over HTTP."""

import pytest
from fhirpy import SyncFHIRClient

from tests.factories import ClinicFactory, LicenseFactory, PractitionerFactory

# serialized_rollback: the flush after a live-server test must give back the migrated terms.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def directory():
    clinics = []
    for n in range(5):
        p = PractitionerFactory(last_name=f"Chen{n}")
        LicenseFactory(practitioner=p, verified=True, number=f"AC-{n}")
        clinics.append(ClinicFactory(practitioner=p, zip_code="97214"))
    return clinics


def test_a_fhir_client_searches_follows_next_reads_and_includes(live_server, directory):
    client = SyncFHIRClient(f"{live_server.url}/fhir")
    # Search, following every `next` link the server gives (two per page).
    roles = client.resources("PractitionerRole").search(specialty="171100000X").limit(2)
    fetched = roles.fetch_all()
    assert sorted(int(r.id) for r in fetched) == sorted(c.pk for c in directory)
    # Read one back by reference.
    location = client.reference("Location", str(directory[0].pk)).to_resource()
    assert location["address"]["postalCode"] == "97214"
    # Include the practitioner and the location with the roles.
    bundle = (
        client.resources("PractitionerRole")
        .search(practitioner=f"Practitioner/{directory[1].practitioner_id}")
        .include("PractitionerRole", "practitioner")
        .include("PractitionerRole", "location")
        .fetch_raw()
    )
    kinds = sorted(e["resource"]["resourceType"] for e in bundle["entry"])
    assert kinds == ["Location", "Practitioner", "PractitionerRole"]
