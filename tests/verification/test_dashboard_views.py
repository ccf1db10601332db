"""The dashboard's license and credential pages show the services' refusals on the form."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from tests.factories import (
    AccountFactory,
    CredentialFactory,
    LicenseFactory,
    PractitionerFactory,
    upload,
)
from tests.verification import pdf_corpus
from verification.models import Credential, License, LicensingBoard

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return AccountFactory()


@pytest.fixture
def practitioner(owner):
    return PractitionerFactory(owner=owner)


@pytest.fixture
def signed_in(client, owner, practitioner):
    client.force_login(owner)
    return client


@pytest.fixture(autouse=True)
def _no_acupuncture_board_in_alabama():
    LicensingBoard.objects.update_or_create(state="AL", defaults={"licenses_acupuncturists": False})


def in_a_year() -> str:
    return (timezone.localdate() + datetime.timedelta(days=365)).isoformat()


def test_a_refused_license_is_reported_next_to_its_state_with_everything_typed_kept(signed_in):
    response = signed_in.post(
        "/dashboard/licenses/new/",
        {"state": "AL", "number": "AC31337", "title": "lac", "status": "active",
         "expires_on": in_a_year()},
    )  # fmt: skip
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["state"][0].startswith("As far as we know, Alabama doesn't issue")
    assert response.context["errors"][0][2] == "id_state"  # the summary links to the field
    assert b'value="AC31337"' in response.content
    assert not License.objects.filter(number="AC31337").exists()


def test_an_nccaom_credential_without_expiry_is_reported_next_to_its_expiry_date(signed_in):
    response = signed_in.post(
        "/dashboard/credentials/new/",
        {"kind": "dipl-ac", "issuer": "NCCAOM", "identifier": "778899"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["expires_on"] == [
        "NCCAOM certifications expire; enter the date on your certificate."
    ]
    assert b'value="778899"' in response.content
    assert not Credential.objects.exists()


def test_an_edit_the_service_refuses_leaves_the_record_as_it_was(signed_in, practitioner):
    record = LicenseFactory(practitioner=practitioner, state="OR", number="AC1")
    response = signed_in.post(
        f"/dashboard/licenses/{record.pk}/",
        {"state": "AL", "number": "AC1", "title": "lac", "status": "active",
         "expires_on": in_a_year()},
    )  # fmt: skip
    assert response.status_code == 400
    assert "state" in response.context["form"].errors
    record.refresh_from_db()
    assert record.state == "OR"


def test_clearing_an_nccaom_expiry_on_edit_is_refused(signed_in, practitioner):
    record = CredentialFactory(practitioner=practitioner, kind="dipl-om")
    response = signed_in.post(
        f"/dashboard/credentials/{record.pk}/",
        {"kind": "dipl-om", "issuer": "NCCAOM", "identifier": record.identifier},
    )
    assert response.status_code == 400
    assert "expires_on" in response.context["form"].errors
    record.refresh_from_db()
    assert record.expires_on is not None


@pytest.mark.parametrize(
    ("data", "says"),
    [case[1:3] for case in pdf_corpus.HOSTILE],
    ids=[case[0] for case in pdf_corpus.HOSTILE],
)
def test_a_hostile_proof_is_refused_on_the_form_and_leaves_no_row_and_no_file(
    signed_in, settings, data, says
):
    response = signed_in.post(
        "/dashboard/licenses/new/",
        {"state": "OR", "number": "AC4242", "title": "lac", "status": "active",
         "expires_on": in_a_year(), "proof": upload(data)},
    )  # fmt: skip
    assert response.status_code == 400
    assert says in " ".join(response.context["form"].errors["proof"])
    assert not License.objects.exists()
    private = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert not private.exists() or not any(p.is_file() for p in private.rglob("*"))
