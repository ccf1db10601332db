"""Payment options: their validation, the `payment` and `max_fee` filters (page and API),
and where patients read them (cards, the profile, the API, FHIR)."""

import pytest
from django.core.exceptions import ValidationError
from fhir.resources.R4B.practitioner import Practitioner as FhirPractitioner

from practitioners.forms import ProfileForm
from practitioners.listings import Listing
from practitioners.search import refresh_search_fields
from tests.factories import ClinicFactory, LicenseFactory, PractitionerFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/practitioners/"


def make(last, **fields):
    p = PractitionerFactory(first_name="Pat", last_name=last, slug=f"pat-{last.lower()}", **fields)
    ClinicFactory(practitioner=p, is_primary=True)
    LicenseFactory(practitioner=p, verified=True)
    refresh_search_fields([p.pk])
    return p


@pytest.fixture
def practitioners():
    make("Medicare", accepts_medicare=True, fee_min=90, fee_max=120)
    make("Hsa", accepts_hsa_fsa=True, fee_min=60, fee_max=80)
    make("Community", offers_community_clinic=True, offers_sliding_scale=True, fee_min=20)
    make("Medicaid", accepts_medicaid=True, medicaid_state="OR", fee_min=75, fee_max=75)
    make("Nofee", accepts_insurance=True, insurance_plans="Aetna, Blue Shield PPO")


def page_names(client, params):
    response = client.get("/practitioners/", params)
    assert response.status_code == 200
    return sorted(p.last_name for p in response.context["results"]), response


def api_names(client, params):
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return sorted(r["name"].removeprefix("Pat ") for r in response.json()["results"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"payment": "medicare"}, ["Medicare"]),
        ({"payment": ["medicare", "hsa-fsa"]}, ["Hsa", "Medicare"]),
        ({"payment": "sliding-scale"}, ["Community"]),
        ({"payment": "community"}, ["Community"]),
        ({"payment": "medicaid"}, ["Medicaid"]),
        ({"payment": "insurance"}, ["Nofee"]),
        ({"payment": "va"}, []),
        ({"max_fee": "75"}, ["Community", "Hsa", "Medicaid"]),
        ({"max_fee": "0"}, []),
        ({"max_fee": "90", "payment": ["medicare", "hsa-fsa"]}, ["Hsa", "Medicare"]),
        ({"max_fee": "89", "payment": "medicare"}, []),
        ({"max_fee": "100", "payment": "insurance"}, []),
    ],
)
def test_payment_and_max_fee_alone_and_combined_on_the_page_and_in_the_api(
    client, practitioners, params, expected
):
    assert page_names(client, params)[0] == expected
    assert api_names(client, params) == expected


def test_repeated_payment_means_any_of_them(practitioners):
    both = Listing.objects.everywhere().paying_with("medicare", "hsa-fsa")
    assert set(both.values_list("last_name", flat=True)) == {"Medicare", "Hsa"}
    assert Listing.objects.paying_with().count() == Listing.objects.count()


def test_max_fee_leaves_out_practitioners_who_state_no_fee(practitioners):
    assert "Nofee" not in Listing.objects.costing_at_most(10_000).values_list(
        "last_name", flat=True
    )


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"payment": "cash"}, "payment", "Choose ways to pay from medicare"),
        ({"payment": ["medicare", "bitcoin"]}, "payment", "Choose ways to pay from"),
        ({"max_fee": "cheap"}, "max_fee", "whole US dollars, 0 to 10,000"),
        ({"max_fee": "-5"}, "max_fee", "whole US dollars"),
        ({"max_fee": "10001"}, "max_fee", "whole US dollars"),
        ({"max_fee": "7.5"}, "max_fee", "whole US dollars"),
        ({"max_fee": "٧٥"}, "max_fee", "whole US dollars"),
        ({"max_fee": "9" * 400}, "max_fee", "whole US dollars"),
    ],
)
def test_bad_values_are_a_400_in_the_api_and_a_message_on_the_page(
    client, practitioners, params, field, message
):
    response = client.get(API, params)
    assert response.status_code == 400
    assert message in response.json()[field][0]
    names, page = page_names(client, params)
    assert message in page.context["field_errors"][field]
    assert "This filter was not used." in page.context["field_errors"][field]
    assert len(names) == 5  # the bad filter is left out, the rest still applies


def test_the_page_keeps_what_was_ticked_and_typed(client, practitioners):
    _, response = page_names(client, {"payment": ["medicare", "va"], "max_fee": "80"})
    html = response.text
    assert 'name="payment" value="medicare" checked' in html
    assert 'name="payment" value="va" checked' in html
    assert 'name="payment" value="insurance" checked' not in html
    assert 'value="80"' in html
    assert "/learn/paying-for-acupuncture/" in html


def test_active_filters_name_the_cost_filters(client, practitioners):
    _, response = page_names(client, {"payment": ["medicare", "hsa-fsa"], "max_fee": "90"})
    labels = [label for label, _ in response.context["removable"]]
    assert "takes Medicare (through a qualifying provider) or HSA/FSA cards" in labels
    assert "has fees from $90 or less" in labels


def test_cards_show_the_fee_range_and_one_line_of_payment_options(client, practitioners):
    _, response = page_names(client, {"payment": "community"})
    assert "$20 · Sliding scale, Community (group) clinic" in response.text


def test_the_profile_lists_ways_to_pay_and_links_the_payment_article(client):
    p = make("Medicaid", accepts_medicaid=True, medicaid_state="OR", accepts_insurance=True,
             insurance_plans="Aetna & Co")  # fmt: skip
    response = client.get(p.get_absolute_url())
    assert "Medicaid (OR)" in response.text
    assert "Plans: Aetna &amp; Co" in response.text
    assert 'href="/learn/paying-for-acupuncture/"' in response.text
    assert "check with your plan" in response.text


def test_the_api_exports_payment_options_and_plans(client):
    p = make("Insured", accepts_insurance=True, insurance_plans="Aetna", accepts_hsa_fsa=True,
             fee_min=50, fee_max=90)  # fmt: skip
    row = client.get(API).json()["results"][0]
    assert row["payment_options"] == ["insurance", "hsa-fsa"]
    assert (row["fee_min"], row["fee_max"]) == (50, 90)
    detail = client.get(f"{API}{p.slug}/").json()
    assert detail["insurance_plans"] == "Aetna"
    assert detail["medicaid_state"] == ""


def test_the_schema_documents_the_cost_parameters(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    params = {
        param["name"]: param
        for path in schema["paths"].values()
        for op in path.values()
        for param in op.get("parameters", [])
    }
    payment = params["payment"]
    assert payment["schema"]["type"] == "array" and payment["explode"] is True
    assert set(payment["schema"]["items"]["enum"]) == {
        "medicare", "medicaid", "va", "insurance", "hsa-fsa", "sliding-scale", "community"
    }  # fmt: skip
    assert "any of them" in payment["description"]
    assert params["max_fee"]["schema"]["maximum"] == 10_000


def test_fhir_carries_payment_options_as_valid_extensions(client):
    p = make("Fhir", accepts_medicaid=True, medicaid_state="OR", accepts_medicare=True)
    body = client.get(f"/fhir/Practitioner/{p.pk}").json()
    FhirPractitioner.model_validate(body)
    codes = [e["valueCodeableConcept"]["coding"][0]["code"] for e in body["extension"]]
    assert codes == ["medicare", "medicaid"]
    assert body["extension"][1]["valueCodeableConcept"]["text"] == "Medicaid (OR)"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"accepts_medicaid": True}, "medicaid_state"),
        ({"medicaid_state": "OR"}, "medicaid_state"),
        ({"insurance_plans": "Aetna"}, "insurance_plans"),
    ],
)
def test_the_model_refuses_payment_details_without_their_option(fields, field):
    p = PractitionerFactory.build(slug="x", **fields)
    with pytest.raises(ValidationError) as error:
        p.full_clean()
    assert field in error.value.message_dict


def test_the_dashboard_form_reports_payment_mistakes_on_their_fields():
    p = PractitionerFactory()
    data = {"first_name": "A", "last_name": "B", "accepts_medicaid": "on", "insurance_plans": "X",
            "fee_min": "90", "fee_max": "60"}  # fmt: skip
    form = ProfileForm(data=data, instance=p)
    assert not form.is_valid()
    assert form.errors["medicaid_state"] == ["Choose the state whose Medicaid you accept."]
    assert form.errors["insurance_plans"] == ["List plans only if you accept private insurance."]
    assert "fee_max" in form.errors
