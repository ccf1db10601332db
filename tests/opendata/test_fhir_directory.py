"""The FHIR provider directory: metadata, Location, PractitionerRole, OperationOutcome."""

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.location import Location
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.practitionerrole import PractitionerRole

from tests.factories import ClinicFactory, LicenseFactory, PractitionerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic():
    p = PractitionerFactory(first_name="Mei", last_name="Chen", accepting_new_patients=True)
    LicenseFactory(practitioner=p, verified=True, number="AC-1")
    return ClinicFactory(practitioner=p, zip_code="97214", is_primary=True)


def get(client, url):
    response = client.get(url)
    assert response["Content-Type"] == "application/fhir+json"
    return response, response.json()


def test_metadata_lists_only_what_is_supported(client):
    response, data = get(client, "/fhir/metadata")
    assert response.status_code == 200
    statement = CapabilityStatement.model_validate(data)
    resources = {r.type: r for r in statement.rest[0].resource}
    assert set(resources) == {"Practitioner", "Location", "PractitionerRole", "VerificationResult"}
    assert {p.name for p in resources["Location"].searchParam} == {"address-postalcode", "near"}
    assert "PractitionerRole:location" in resources["PractitionerRole"].searchInclude


def test_a_location_reads_and_validates(client, clinic):
    response, data = get(client, f"/fhir/Location/{clinic.pk}")
    assert response.status_code == 200
    location = Location.model_validate(data)
    assert location.address.postalCode == "97214" and location.position.latitude


def test_a_role_links_practitioner_location_and_specialty(client, clinic):
    _, data = get(client, f"/fhir/PractitionerRole/{clinic.pk}")
    role = PractitionerRole.model_validate(data)
    assert role.practitioner.reference == f"Practitioner/{clinic.practitioner_id}"
    assert role.location[0].reference == f"Location/{clinic.pk}"
    assert role.specialty[0].coding[0].code == "171100000X"
    assert "Accepting new patients" in role.availabilityExceptions


def test_a_role_carries_the_payment_options_the_profile_takes(client, clinic):
    type(clinic.practitioner).objects.filter(pk=clinic.practitioner_id).update(
        accepts_medicaid=True, medicaid_state="OR", accepts_hsa_fsa=True
    )
    _, data = get(client, f"/fhir/PractitionerRole/{clinic.pk}")
    PractitionerRole.model_validate(data)
    payments = [e for e in data["extension"] if e["url"].endswith("/payment-option")]
    codes = [e["valueCodeableConcept"]["coding"][0]["code"] for e in payments]
    assert codes == ["medicaid", "hsa-fsa"]
    assert payments[0]["valueCodeableConcept"]["text"] == "Medicaid (OR)"


def test_role_search_filters_and_includes(client, clinic, django_assert_max_num_queries):
    PractitionerFactory()  # unverified: never exported
    url = (
        f"/fhir/PractitionerRole?practitioner=Practitioner/{clinic.practitioner_id}"
        "&specialty=http://nucc.org/provider-taxonomy|171100000X"
        "&_include=PractitionerRole:practitioner&_include=PractitionerRole:location"
    )
    with django_assert_max_num_queries(10):
        _, data = get(client, url)
    bundle = Bundle.model_validate(data)
    kinds = sorted(e.resource.get_resource_type() for e in bundle.entry)
    assert kinds == ["Location", "Practitioner", "PractitionerRole"]
    _, none = get(client, "/fhir/PractitionerRole?specialty=207Q00000X")
    assert none["total"] == 0


def test_location_search_near_and_by_postal_code(client, clinic):
    _, near = get(client, "/fhir/Location?near=45.5|-122.64|10|mi")
    assert near["total"] == 1
    _, far = get(client, "/fhir/Location?near=40.7|-74.0|10|mi")
    assert far["total"] == 0
    _, zip_match = get(client, "/fhir/Location?address-postalcode=972")
    assert zip_match["total"] == 1


def test_searches_page_with_next_links(client):
    for _ in range(3):
        p = PractitionerFactory()
        LicenseFactory(practitioner=p, verified=True)
        ClinicFactory(practitioner=p)
    _, first = get(client, "/fhir/Location?_count=2")
    next_url = next(link["url"] for link in first["link"] if link["relation"] == "next")
    _, second = get(client, next_url)
    assert first["total"] == 3 and len(second["entry"]) == 1
    assert not any(link["relation"] == "next" for link in second["link"])


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/fhir/Organization", 404),
        ("/fhir/Location/abc", 404),
        ("/fhir/Location/999999", 404),
        ("/fhir/PractitionerRole/0", 404),
        ("/fhir/Location?near=north", 400),
        ("/fhir/Location?near=45|-122|9999|mi", 400),
        ("/fhir/Location?colour=blue", 400),
        ("/fhir/PractitionerRole?practitioner=Patient/1", 400),
        ("/fhir/PractitionerRole?_include=Location:organization", 400),
        ("/fhir/Location?_count=0", 400),
    ],
)
def test_errors_are_operation_outcomes_with_the_right_status(client, url, status):
    response, data = get(client, url)
    assert response.status_code == status
    OperationOutcome.model_validate(data)
