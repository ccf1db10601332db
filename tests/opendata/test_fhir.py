"""FHIR export: every response parses and validates with fhir.resources.

fhir.resources ships R4B (4.3), the current release of R4; Practitioner,
VerificationResult, Bundle and OperationOutcome are structurally the same as
in R4 4.0.1, so R4B validation is the R4 check available offline.
"""

import datetime

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.practitioner import Practitioner as FhirPractitioner
from fhir.resources.R4B.verificationresult import VerificationResult

from practitioners.models import Language
from practitioners.search import refresh_search_fields
from tests.factories import ClinicFactory, CredentialFactory, LicenseFactory, PractitionerFactory
from verification.models import Credential

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified():
    p = PractitionerFactory(
        first_name="Mei", last_name="Chen", npi="1234567893", phone="503-555-0100",
        website="https://example.org", email="mei@example.org",
    )  # fmt: skip
    p.languages.set(Language.objects.filter(code__in=["en", "zh"]))
    refresh_search_fields([p.pk])
    ClinicFactory(practitioner=p, zip_code="97214", is_primary=True)
    LicenseFactory(practitioner=p, verified=True, number="AC-1")
    CredentialFactory(practitioner=p, kind=Credential.Kind.DIPL_OM, verified=True)
    CredentialFactory(practitioner=p, kind=Credential.Kind.DACM, issuer="A school", with_proof=True,
                      verification_status="pending", submitted_at=timezone.now())  # fmt: skip
    return p


def get(client, url):
    response = client.get(url)
    assert response["Content-Type"] == "application/fhir+json"
    return response, response.json()


def test_read_returns_a_valid_r4_practitioner(client, verified):
    response, body = get(client, f"/fhir/Practitioner/{verified.pk}")
    assert response.status_code == 200
    resource = FhirPractitioner.model_validate(body)
    npi = [i for i in resource.identifier if i.system == "http://hl7.org/fhir/sid/us-npi"]
    assert npi[0].value == "1234567893"
    assert any(i.value == "AC-1" and i.type.coding[0].code == "LN" for i in resource.identifier)
    assert resource.name[0].family == "Chen"
    assert {t.system for t in resource.telecom} == {"phone", "email", "url"}
    assert len(resource.qualification) == 3
    assert resource.qualification[0].code.coding[0].code == "171100000X"
    assert resource.qualification[0].period.end is not None
    assert resource.address[0].postalCode == "97214"


def test_search_returns_a_searchset_bundle_with_verification_results(client, verified):
    PractitionerFactory(first_name="Other", last_name="Person")  # not verified: never exported
    response, body = get(client, "/fhir/Practitioner?name=che&address-postalcode=972&_count=5")
    bundle = Bundle.model_validate(body)
    assert bundle.type == "searchset" and bundle.total == 1
    matches = [e for e in bundle.entry if e.search.mode == "match"]
    includes = [e for e in bundle.entry if e.search.mode == "include"]
    assert [e.resource.id for e in matches] == [str(verified.pk)]
    statuses = sorted(
        VerificationResult.model_validate(e.resource.model_dump()).status for e in includes
    )
    assert statuses == ["in-process", "validated", "validated"]
    board = next(e.resource for e in includes if e.resource.id.startswith("license-"))
    assert board.primarySource[0].type[0].coding[0].code == "lic-board"


def test_verification_results_are_linked_by_target(client, verified):
    _, body = get(client, f"/fhir/VerificationResult?target=Practitioner/{verified.pk}")
    bundle = Bundle.model_validate(body)
    assert bundle.total == 3
    for entry in bundle.entry:
        assert entry.resource.target[0].reference == f"Practitioner/{verified.pk}"


def test_search_pages_with_count_and_offset(client):
    for i in range(3):
        LicenseFactory(practitioner=PractitionerFactory(last_name=f"Page{i}"), verified=True)
    _, body = get(client, "/fhir/Practitioner?_count=2")
    bundle = Bundle.model_validate(body)
    assert bundle.total == 3 and len([e for e in bundle.entry if e.search.mode == "match"]) == 2
    assert any(link.relation == "next" for link in bundle.link)


def test_empty_search_is_a_valid_bundle(client):
    _, body = get(client, "/fhir/Practitioner?name=nobody")
    assert Bundle.model_validate(body).total == 0


@pytest.mark.parametrize(
    "url",
    [
        "/fhir/Practitioner/999999",
        "/fhir/Practitioner/not-a-number",
        "/fhir/Practitioner/%C2%B2",
        "/fhir/Practitioner/" + "9" * 30,
        "/fhir/Practitioner?_count=%C2%B2",
        "/fhir/Practitioner?name=a%00b",
        "/fhir/Practitioner?_offset=%D9%A1",
        "/fhir/Practitioner?_count=0",
        "/fhir/Practitioner?_count=abc",
        "/fhir/Practitioner?_count=1000",
        "/fhir/Practitioner?address-postalcode=abcde",
        "/fhir/VerificationResult?target=Organization/1",
        "/fhir/VerificationResult?target=Practitioner/%C2%B2",
        "/fhir/VerificationResult?target=Practitioner/" + "9" * 30,
    ],
)
def test_errors_are_operation_outcomes(client, url):
    response, body = get(client, url)
    assert response.status_code in (400, 404)
    outcome = OperationOutcome.model_validate(body)
    assert outcome.issue[0].severity == "error"


def test_unpublished_unverified_or_expired_practitioners_are_not_exported(client):
    draft = PractitionerFactory(publication_status="draft")
    LicenseFactory(practitioner=draft, verified=True)
    expired = PractitionerFactory()
    past = timezone.localdate() - datetime.timedelta(days=1)
    LicenseFactory(practitioner=expired, verified=True, expires_on=past, issued_on=past)
    for p in (draft, expired):
        assert client.get(f"/fhir/Practitioner/{p.pk}").status_code == 404


def test_fhir_query_counts_are_constant(client, verified, django_assert_max_num_queries):
    with django_assert_max_num_queries(8) as before:
        client.get("/fhir/Practitioner?_count=50")
    for i in range(10):
        p = PractitionerFactory(last_name=f"More{i}")
        LicenseFactory(practitioner=p, verified=True)
        ClinicFactory(practitioner=p)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get("/fhir/Practitioner?_count=50")


def test_a_unicode_digit_id_is_not_read_as_that_number(client):
    p = PractitionerFactory()
    LicenseFactory(practitioner=p, verified=True)
    arabic_indic = "".join(chr(0x660 + int(d)) for d in str(p.pk))
    response, body = get(client, f"/fhir/Practitioner/{arabic_indic}")
    assert response.status_code == 404
    assert OperationOutcome.model_validate(body).issue[0].code == "not-found"
    target = f"/fhir/VerificationResult?target=Practitioner/{arabic_indic}"
    assert get(client, target)[0].status_code == 400
