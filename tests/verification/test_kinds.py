"""The kind registry: licenses and credentials, and what each model says about itself."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve

from tests.factories import CredentialFactory, LicenseFactory
from verification.kinds import RECORD_MODELS, RecordKindConverter, model_for
from verification.models import Credential, ExpiryReminder, License, VerificationEvent

pytestmark = pytest.mark.django_db


def test_model_for_names_each_kind_by_its_url_name():
    assert model_for("license") is License
    assert model_for("credential") is Credential
    assert list(RECORD_MODELS) == ["license", "credential"]


def test_model_for_refuses_an_unknown_kind():
    with pytest.raises(LookupError):
        model_for("clinic")


@pytest.mark.parametrize("model", [License, Credential])
def test_each_model_carries_its_kind_and_event_foreign_key(model):
    assert RECORD_MODELS[model.record_kind] is model
    for holder in (VerificationEvent, ExpiryReminder):
        assert holder._meta.get_field(model.event_field).related_model is model


@pytest.mark.parametrize("model", [License, Credential])
def test_each_models_editable_and_verified_facts_are_its_own_fields(model):
    names = {field.name for field in model._meta.get_fields()}
    assert set(model.editable_fields) <= names
    assert set(model.verified_facts) <= names
    assert "verification_status" not in model.editable_fields


@pytest.mark.parametrize("holder", [VerificationEvent, ExpiryReminder])
def test_an_event_or_reminder_is_about_exactly_one_record(holder):
    names = {c.name for c in holder._meta.constraints}
    assert any(name.endswith("_exactly_one_record") for name in names)
    license, credential = LicenseFactory.build(pk=1), CredentialFactory.build(pk=2)
    assert holder(license=license).record == license
    assert holder(credential=credential).record == credential


def test_a_row_about_both_kinds_or_neither_is_refused():
    license, credential = LicenseFactory(), CredentialFactory()
    for both_or_neither in ({"license": license, "credential": credential}, {}):
        with pytest.raises(ValidationError):
            ExpiryReminder(
                days_before=30, expires_on=license.expires_on, **both_or_neither
            ).full_clean()


def test_the_kinds_differ_in_what_a_verifier_checks_and_what_earns_the_badge():
    assert License.verified_facts == ("number", "state", "expires_on", "status", "title")
    assert Credential.verified_facts == ("kind", "identifier", "issuer", "expires_on")
    assert License.counts_for_badge and not Credential.counts_for_badge
    assert License.review_related == ("board",) and Credential.review_related == ()


@pytest.mark.parametrize(
    ("factory", "kind", "plural"),
    [(LicenseFactory, "license", "licenses"), (CredentialFactory, "credential", "credentials")],
)
def test_each_record_knows_its_urls(factory, kind, plural):
    record = factory()
    assert record.document_url() == f"/dashboard/documents/{kind}/{record.pk}/"
    assert record.dashboard_edit_url() == f"/dashboard/{plural}/{record.pk}/"
    assert record.staff_url() == f"/staff/verification/{kind}/{record.pk}/"
    assert record.staff_url("document") == f"/staff/verification/{kind}/{record.pk}/document"
    assert resolve(f"/dashboard/{plural}/").url_name == record.dashboard_list_url_name.split(":")[1]


def test_the_url_converter_matches_exactly_the_registered_kinds():
    assert RecordKindConverter.regex == "license|credential"
    assert resolve("/staff/verification/credential/1/").kwargs == {"kind": "credential", "pk": 1}
