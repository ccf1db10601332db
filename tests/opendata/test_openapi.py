"""The OpenAPI schema validates, and Schemathesis finds nothing wrong against the live server."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from practitioners.search import refresh_search_fields
from tests.factories import ClinicFactory, CredentialFactory, LicenseFactory, PractitionerFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def api_schema(live_server):
    for i in range(3):
        p = PractitionerFactory(slug=f"schema-{i}", conditions=["migraine"], techniques=["tcm"])
        ClinicFactory(practitioner=p)
        LicenseFactory(practitioner=p, verified=True)
        CredentialFactory(practitioner=p, verified=True)
        refresh_search_fields([p.pk])
    return schemathesis.openapi.from_url(live_server.url + "/api/schema/")


def test_the_schema_is_valid_openapi_3(api_schema):
    from jsonschema import Draft202012Validator  # noqa: F401 - installed with schemathesis

    raw = api_schema.raw_schema
    assert raw["openapi"].startswith("3.")
    assert "/api/v1/practitioners/" in raw["paths"]


SETTINGS = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_api_never_errors_and_always_matches_its_schema(api_schema):
    # Loopback only: the live server that pytest-django started. Each operation
    # gets generated cases (valid and invalid parameters); call_and_validate
    # fails on a 5xx or on any response that does not match the schema.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 2
    for operation in operations:

        @given(case=operation.as_strategy())
        @SETTINGS
        def check(case):
            # A well-formed but unknown ZIP or city is, by contract, a 400 naming
            # the field, so "schema-valid input must be accepted" does not apply;
            # every other check does (no 5xx, status codes, content types,
            # response bodies and headers as documented).
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()


def test_schema_generation_has_no_warnings_and_validates(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3")
