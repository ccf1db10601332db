"""The practitioner's dashboard: profile, clinics, licenses, credentials, publishing."""

import datetime

import pytest
from django.utils import timezone

from practitioners.models import Clinic, Condition, Language, Practitioner, Technique
from practitioners.search import refresh_search_fields
from tests.factories import (
    MINIMAL_PDF,
    AccountFactory,
    ClinicFactory,
    CredentialFactory,
    LicenseFactory,
    PractitionerFactory,
    image_bytes,
    upload,
)
from verification.models import Credential, License, VerificationEvent, VerificationStatus

pytestmark = pytest.mark.django_db
S = VerificationStatus


@pytest.fixture
def owner():
    return AccountFactory(email="mei@example.org")


@pytest.fixture
def practitioner(owner):
    return PractitionerFactory(
        owner=owner,
        first_name="Mei",
        last_name="Chen",
        slug="mei-chen",
        publication_status=Practitioner.Publication.DRAFT,
    )


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def in_a_year() -> str:
    return (timezone.localdate() + datetime.timedelta(days=365)).isoformat()


def license_post(**overrides) -> dict:
    data = {
        "state": "OR",
        "number": "AC004242",
        "title": "lac",
        "status": "active",
        "issued_on": "2019-05-01",
        "expires_on": in_a_year(),
    }
    data.update(overrides)
    return data


# The start page


def test_an_account_without_a_profile_is_offered_to_create_or_claim_one(client):
    client.force_login(AccountFactory())
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert b"Create your profile" in response.content
    assert b"Claim your existing profile" in response.content


def test_the_dashboard_asks_anonymous_visitors_to_log_in(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/dashboard/")


def test_pages_that_need_a_profile_send_an_account_without_one_to_the_start(client):
    client.force_login(AccountFactory())
    response = client.get("/dashboard/licenses/")
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


# Creating and editing the profile


def test_creating_a_profile_makes_a_draft_owned_by_the_account(client):
    account = AccountFactory()
    client.force_login(account)
    response = client.post(
        "/dashboard/profile/new/",
        {"first_name": "Ana", "last_name": "Ruiz", "accepting_new_patients": "on"},
    )
    assert response.status_code == 302
    practitioner = Practitioner.objects.get(owner=account)
    assert practitioner.publication_status == Practitioner.Publication.DRAFT
    assert practitioner.slug == "ana-ruiz"
    assert practitioner.search_name == "ana ruiz"


def test_an_account_with_a_profile_cannot_create_a_second(signed_in, practitioner):
    response = signed_in.post("/dashboard/profile/new/", {"first_name": "B", "last_name": "C"})
    assert response.status_code == 302
    assert Practitioner.objects.filter(owner=practitioner.owner).count() == 1


def test_editing_every_public_field_of_the_profile(signed_in, practitioner):
    response = signed_in.post(
        "/dashboard/profile/",
        {
            "first_name": "Mei-Lin",
            "last_name": "Chen",
            "bio": "Gentle TCM acupuncture for fibromyalgia.",
            "years_in_practice": "15",
            "years_treating_chronic_pain": "10",
            "conditions": [str(c.pk) for c in Condition.objects.order_by("order")[4:6]],
            "techniques": [str(Technique.objects.order_by("order").first().pk)],
            "languages": [str(lang.pk) for lang in Language.objects.order_by("pk")[:2]],
            "accepts_physician_referrals": "on",
            "fee_min": "90",
            "fee_max": "140",
            "fee_notes": "Sliding scale",
            "email": "front-desk@example.org",
            "phone": "503-555-0100",
            "website": "https://mei.example.org",
            "npi": "1234567893",
            "photo_upload": upload(image_bytes("JPEG", size=(800, 800)), "me.jpg", "image/jpeg"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    practitioner.refresh_from_db()
    assert practitioner.first_name == "Mei-Lin"
    assert practitioner.slug == "mei-chen"  # links keep working
    assert practitioner.years_treating_chronic_pain == 10
    assert practitioner.conditions.count() == 2
    assert practitioner.languages.count() == 2
    assert practitioner.accepting_new_patients is False
    assert practitioner.accepts_physician_referrals is True
    assert practitioner.npi == "1234567893"
    assert practitioner.photo.name.startswith("photos/") and practitioner.photo.name.endswith(
        ".jpg"
    )
    assert "fibromyalgia" in practitioner.search_text


def test_a_wrong_npi_check_digit_shows_the_validators_message_next_to_the_field(
    signed_in, practitioner
):
    response = signed_in.post(
        "/dashboard/profile/", {"first_name": "Mei", "last_name": "Chen", "npi": "1234567890"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This NPI&#x27;s check digit is wrong; please check the number." in html
    assert (
        'aria-invalid="true"' in html and 'aria-describedby="id_npi_helptext id_npi_error"' in html
    )
    assert 'value="1234567890"' in html  # nothing typed is lost


def test_profile_errors_keep_everything_the_user_typed(signed_in, practitioner):
    fifth = Condition.objects.order_by("order")[4]
    response = signed_in.post(
        "/dashboard/profile/",
        {
            "first_name": "Mei",
            "last_name": "Chen",
            "bio": "My long careful bio",
            "years_in_practice": "5",
            "years_treating_chronic_pain": "9",
            "fee_min": "200",
            "fee_max": "100",
            "conditions": [str(fifth.pk)],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "can&#x27;t be more than your 5 years in practice" in html
    assert "highest fee can&#x27;t be lower than the lowest fee" in html
    assert "My long careful bio" in html and 'value="200"' in html
    assert f'name="conditions" value="{fifth.pk}" id="id_conditions_4" checked' in html
    practitioner.refresh_from_db()
    assert practitioner.bio != "My long careful bio"


@pytest.mark.parametrize("field", ["conditions", "techniques", "languages"])
@pytest.mark.parametrize("value", ["9999999999999999999999999", str(2**63), "²", "٣"])
def test_a_choice_id_no_row_can_have_is_a_field_error_not_a_crash(
    signed_in, practitioner, field, value
):
    response = signed_in.post(
        "/dashboard/profile/",
        {"first_name": "Mei", "last_name": "Chen", "bio": "Kept bio", field: [value]},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in str(response.context["form"].errors[field])
    assert "Kept bio" in response.content.decode()  # nothing typed is lost


def test_a_pdf_is_refused_as_a_profile_photo(signed_in, practitioner):
    response = signed_in.post(
        "/dashboard/profile/",
        {"first_name": "Mei", "last_name": "Chen", "photo_upload": upload(MINIMAL_PDF, "me.jpg")},
    )
    assert response.status_code == 400
    assert b"isn&#x27;t a JPEG or PNG file" in response.content
    assert b"choose it again" in response.content


def test_the_profile_page_links_to_the_owners_preview(signed_in, practitioner):
    response = signed_in.get("/dashboard/profile/")
    assert b'href="/practitioners/mei-chen/?preview=1"' in response.content


# Publishing


def test_publishing_needs_a_clinic_first(signed_in, practitioner):
    response = signed_in.post("/dashboard/publication/", {"action": "publish"}, follow=True)
    practitioner.refresh_from_db()
    assert practitioner.publication_status == Practitioner.Publication.DRAFT
    assert b"Add at least one clinic" in response.content


def test_publish_and_unpublish_the_profile(signed_in, practitioner):
    ClinicFactory(practitioner=practitioner)
    signed_in.post("/dashboard/publication/", {"action": "publish"})
    practitioner.refresh_from_db()
    assert practitioner.is_published
    signed_in.post("/dashboard/publication/", {"action": "unpublish"})
    practitioner.refresh_from_db()
    assert practitioner.publication_status == Practitioner.Publication.UNPUBLISHED


def test_publishing_unverified_says_where_patients_see_it_and_what_is_pending(
    signed_in, practitioner
):
    ClinicFactory(practitioner=practitioner)
    response = signed_in.post("/dashboard/publication/", {"action": "publish"}, follow=True)
    text = response.content.decode()

    assert "patients can find it now" not in text
    assert (
        "Your profile is published. Patients see it at its address and when they include "
        "unverified practitioners in search; it appears in the default search once a license "
        "is verified."
    ) in text
    assert "Patients see it in search when they include unverified practitioners" in text


def test_publishing_verified_says_patients_find_it_in_search(signed_in, practitioner):
    ClinicFactory(practitioner=practitioner)
    LicenseFactory(practitioner=practitioner, verified=True)
    response = signed_in.post("/dashboard/publication/", {"action": "publish"}, follow=True)
    text = response.content.decode()

    assert "Your profile is published: patients find it in search and at its address." in text
    assert "once a license is verified" not in text


def test_publication_changes_only_by_post(signed_in, practitioner):
    assert signed_in.get("/dashboard/publication/?action=publish").status_code == 405


def test_publication_posts_need_a_csrf_token(owner, practitioner):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    assert strict.post("/dashboard/publication/", {"action": "publish"}).status_code == 403


# Clinics


def test_adding_a_clinic_resolves_its_zip_code_to_coordinates(signed_in, practitioner):
    response = signed_in.post(
        "/dashboard/clinics/new/",
        {
            "name": "Hawthorne Acupuncture",
            "address_line1": "3000 SE Hawthorne Blvd",
            "city": "Portland",
            "state": "OR",
            "zip_code": "97214",
        },
    )
    assert response.status_code == 302
    clinic = practitioner.clinics.get()
    assert clinic.is_primary  # the first clinic is the main one
    assert clinic.latitude == pytest.approx(45.51, abs=0.05)
    practitioner.refresh_from_db()
    assert "hawthorne acupuncture" in practitioner.search_text


def test_an_unknown_zip_code_is_a_form_error_naming_it(signed_in, practitioner):
    response = signed_in.post(
        "/dashboard/clinics/new/",
        {
            "name": "Nowhere",
            "address_line1": "1 Main",
            "city": "X",
            "state": "OR",
            "zip_code": "00000",
        },
    )
    assert response.status_code == 400
    assert b"We don&#x27;t know the ZIP code 00000." in response.content
    assert not Clinic.objects.exists()


def test_a_zip_code_in_another_state_is_a_form_error(signed_in, practitioner):
    response = signed_in.post(
        "/dashboard/clinics/new/",
        {
            "name": "Mixed",
            "address_line1": "1 Main",
            "city": "Portland",
            "state": "WA",
            "zip_code": "97214",
        },
    )
    assert response.status_code == 400
    assert b"ZIP code 97214 is in Portland, Oregon, not Washington" in response.content


def test_editing_a_clinic_moves_it_to_its_new_zip_code(signed_in, practitioner):
    clinic = ClinicFactory(practitioner=practitioner, is_primary=True)
    response = signed_in.post(
        f"/dashboard/clinics/{clinic.pk}/",
        {
            "name": "Moved",
            "address_line1": "1 Pearl St",
            "city": "Boulder",
            "state": "CO",
            "zip_code": "80302",
        },
    )
    assert response.status_code == 302
    clinic.refresh_from_db()
    assert (clinic.name, clinic.zip_code) == ("Moved", "80302")
    assert clinic.latitude == pytest.approx(40.0, abs=0.2)


def test_making_a_second_clinic_main_demotes_the_first(signed_in, practitioner):
    first = ClinicFactory(practitioner=practitioner, is_primary=True)
    signed_in.post(
        "/dashboard/clinics/new/",
        {"name": "Second", "address_line1": "2 Main", "city": "Portland", "state": "OR",
         "zip_code": "97214", "is_primary": "on"},
    )  # fmt: skip
    first.refresh_from_db()
    assert not first.is_primary
    assert practitioner.clinics.get(is_primary=True).name == "Second"


def test_removing_the_main_clinic_promotes_the_next(signed_in, practitioner):
    main = ClinicFactory(practitioner=practitioner, is_primary=True, name="A")
    other = ClinicFactory(practitioner=practitioner, name="B")
    assert signed_in.get(f"/dashboard/clinics/{main.pk}/delete/").status_code == 200
    signed_in.post(f"/dashboard/clinics/{main.pk}/delete/")
    other.refresh_from_db()
    assert other.is_primary and not Clinic.objects.filter(pk=main.pk).exists()


# Licenses


def test_adding_a_license_with_proof_and_submitting_it_makes_it_pending(signed_in, practitioner):
    response = signed_in.post(
        "/dashboard/licenses/new/",
        {**license_post(), "proof": upload(MINIMAL_PDF), "submit_now": "1"},
        follow=True,
    )
    record = License.objects.get(practitioner=practitioner)
    assert record.verification_status == S.PENDING
    assert record.proof_content_type == "application/pdf"
    assert record.board and record.board.state == "OR"
    assert record.proof_document.name.startswith("proofs/")
    assert b"Pending review" in response.content
    event = VerificationEvent.objects.get(license=record)
    assert (event.from_status, event.to_status, event.actor) == (
        S.UNVERIFIED,
        S.PENDING,
        practitioner.owner,
    )


def test_a_license_saved_without_proof_says_to_upload_one(signed_in, practitioner):
    signed_in.post("/dashboard/licenses/new/", {**license_post(), "submit_now": "1"})
    record = License.objects.get(practitioner=practitioner)
    assert record.verification_status == S.UNVERIFIED
    page = signed_in.get("/dashboard/licenses/").content.decode()
    assert "Not submitted" in page and "Upload a proof document" in page


def test_submitting_a_saved_license_later(signed_in, practitioner):
    record = LicenseFactory(practitioner=practitioner, with_proof=True)
    response = signed_in.post(f"/dashboard/licenses/{record.pk}/submit/", follow=True)
    record.refresh_from_db()
    assert record.verification_status == S.PENDING
    assert b"Pending review" in response.content


def test_submitting_without_proof_explains_what_is_missing(signed_in, practitioner):
    record = LicenseFactory(practitioner=practitioner)
    response = signed_in.post(f"/dashboard/licenses/{record.pk}/submit/", follow=True)
    record.refresh_from_db()
    assert record.verification_status == S.UNVERIFIED
    assert b"Attach a proof document before submitting" in response.content


def test_a_rejected_license_shows_the_reason_and_what_to_do(signed_in, practitioner):
    LicenseFactory(
        practitioner=practitioner,
        with_proof=True,
        verification_status=S.REJECTED,
        rejection_reason="The number is not on the Oregon board's lookup.",
    )
    page = signed_in.get("/dashboard/licenses/").content.decode()
    assert "Rejected" in page
    assert "The number is not on the Oregon board&#x27;s lookup." in page
    assert "then submit it again" in page
    assert "Submit for verification" in page


def test_an_expiring_license_says_so_with_the_date(signed_in, practitioner):
    soon = timezone.localdate() + datetime.timedelta(days=20)
    LicenseFactory(practitioner=practitioner, verified=True, expires_on=soon)
    page = signed_in.get("/dashboard/licenses/").content.decode()
    assert "in 20 days" in page and "When you renew" in page


def test_the_edit_form_of_a_verified_license_warns_before_saving(signed_in, practitioner):
    record = LicenseFactory(practitioner=practitioner, verified=True, with_proof=True)
    page = signed_in.get(f"/dashboard/licenses/{record.pk}/").content.decode()
    assert "Changing a verified license" in page
    assert "goes back to a verifier when you save" in page
    assert 'name="confirm_review"' in page
    assert 'name="status"' not in page  # standing is the verifier's to change


def test_changing_a_verified_license_number_needs_confirmation_then_goes_to_needs_review(
    signed_in, practitioner
):
    record = LicenseFactory(practitioner=practitioner, verified=True, with_proof=True)
    data = license_post(number="AC999999", expires_on=record.expires_on.isoformat())
    response = signed_in.post(f"/dashboard/licenses/{record.pk}/", data)
    assert response.status_code == 400
    assert b"You changed the license number. Tick this box" in response.content
    assert b'value="AC999999"' in response.content
    record.refresh_from_db()
    assert record.verification_status == S.VERIFIED

    response = signed_in.post(
        f"/dashboard/licenses/{record.pk}/", {**data, "confirm_review": "on"}, follow=True
    )
    record.refresh_from_db()
    assert (record.number, record.verification_status) == ("AC999999", S.NEEDS_REVIEW)
    assert b"goes back to a verifier (Needs review)" in response.content


def test_uploading_a_new_proof_keeps_a_verified_license_verified(signed_in, practitioner):
    record = LicenseFactory(practitioner=practitioner, verified=True, with_proof=True)
    old_name = record.proof_document.name
    data = license_post(number=record.number, expires_on=record.expires_on.isoformat())
    data.pop("title"), data.pop("status")
    data["issued_on"] = record.issued_on.isoformat()
    response = signed_in.post(
        f"/dashboard/licenses/{record.pk}/",
        {**data, "proof": upload(image_bytes("PNG"), "new.png", "image/png")},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    record.refresh_from_db()
    assert record.verification_status == S.VERIFIED
    assert record.proof_document.name != old_name
    assert record.proof_content_type == "image/png"


def test_a_pending_license_cannot_be_edited_until_decided(signed_in, practitioner):
    record = LicenseFactory(practitioner=practitioner, pending=True)
    response = signed_in.post(f"/dashboard/licenses/{record.pk}/", license_post(), follow=True)
    assert b"waiting for a verifier" in response.content
    record.refresh_from_db()
    assert record.number != "AC004242"


def test_a_duplicate_license_number_is_a_form_error(signed_in, practitioner):
    LicenseFactory(state="OR", number="AC004242")
    response = signed_in.post("/dashboard/licenses/new/", license_post())
    assert response.status_code == 400
    assert b"is already in the directory" in response.content


def test_an_acupuncture_license_in_a_state_that_issues_none_is_a_form_error(
    signed_in, practitioner
):
    response = signed_in.post("/dashboard/licenses/new/", license_post(state="AL"))
    assert response.status_code == 400
    assert b"doesn&#x27;t issue acupuncture licenses" in response.content


def test_a_never_submitted_license_can_be_removed_with_its_file(signed_in, practitioner):
    record = LicenseFactory(practitioner=practitioner, with_proof=True)
    storage, name = record.proof_document.storage, record.proof_document.name
    with pytest.MonkeyPatch.context():
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            signed_in.post(f"/dashboard/licenses/{record.pk}/delete/")
    assert not License.objects.filter(pk=record.pk).exists()
    assert not storage.exists(name)


def test_a_license_with_a_verification_history_cannot_be_removed(signed_in, practitioner):
    record = LicenseFactory(practitioner=practitioner, verified=True, with_proof=True)
    response = signed_in.post(f"/dashboard/licenses/{record.pk}/delete/", follow=True)
    assert License.objects.filter(pk=record.pk).exists()
    assert b"verification history" in response.content


# Credentials


def test_adding_a_credential_with_proof_and_submitting_it(signed_in, practitioner):
    signed_in.post(
        "/dashboard/credentials/new/",
        {
            "kind": "dipl-ac",
            "issuer": "NCCAOM",
            "identifier": "123456",
            "expires_on": in_a_year(),
            "proof": upload(image_bytes("PNG"), "cert.png", "image/png"),
            "submit_now": "1",
        },
    )
    record = Credential.objects.get(practitioner=practitioner)
    assert record.verification_status == S.PENDING
    assert record.proof_content_type == "image/png"


def test_an_nccaom_certification_needs_its_expiry_date(signed_in, practitioner):
    response = signed_in.post(
        "/dashboard/credentials/new/", {"kind": "dipl-om", "issuer": "NCCAOM"}
    )
    assert response.status_code == 400
    assert b"NCCAOM certifications expire" in response.content


def test_the_same_credential_cannot_be_listed_twice(signed_in, practitioner):
    CredentialFactory(practitioner=practitioner, kind="dacm", expires_on=None)
    response = signed_in.post(
        "/dashboard/credentials/new/", {"kind": "dacm", "issuer": "Pacific College"}
    )
    assert response.status_code == 400
    assert b"You already listed this credential" in response.content


def test_editing_a_verified_credentials_issuer_sends_it_to_needs_review(signed_in, practitioner):
    record = CredentialFactory(practitioner=practitioner, verified=True, with_proof=True)
    signed_in.post(
        f"/dashboard/credentials/{record.pk}/",
        {
            "kind": record.kind,
            "issuer": "Another issuer",
            "identifier": record.identifier,
            "issued_on": record.issued_on.isoformat(),
            "expires_on": record.expires_on.isoformat(),
            "confirm_review": "on",
        },
    )
    record.refresh_from_db()
    assert record.verification_status == S.NEEDS_REVIEW


# The overview and its completeness meter


def test_the_overview_lists_what_is_missing_for_each_checklist_point(signed_in, practitioner):
    practitioner.years_treating_chronic_pain = None
    practitioner.save()
    page = signed_in.get("/dashboard/").content.decode()
    for title in (
        "Credentials and certifications",
        "Licensure and registration",
        "Experience with chronic pain",
        "Reviews and referrals",
    ):
        assert title in page
    assert "Add your state license with its proof document" in page
    assert "Years treating chronic pain" in page
    assert "Add at least one clinic" in page
    assert '<progress id="completeness-meter"' in page


# Query counts


@pytest.fixture
def busy_profile(practitioner):
    for i in range(3):
        ClinicFactory(practitioner=practitioner, name=f"Clinic {i}", is_primary=i == 0)
        LicenseFactory(practitioner=practitioner, state=["OR", "WA", "CA"][i], with_proof=True)
    for kind in ("dipl-ac", "dipl-om", "dacm"):
        CredentialFactory(practitioner=practitioner, kind=kind, with_proof=True)
    practitioner.conditions.set(Condition.objects.order_by("order")[:3])
    refresh_search_fields([practitioner.pk])
    return practitioner


@pytest.mark.parametrize(
    ("url", "limit"),
    [
        ("/dashboard/", 12),
        ("/dashboard/profile/", 10),
        ("/dashboard/clinics/", 7),
        ("/dashboard/licenses/", 7),
        ("/dashboard/credentials/", 7),
    ],
)
def test_dashboard_pages_use_a_fixed_number_of_queries(
    signed_in, busy_profile, django_assert_max_num_queries, url, limit
):
    with django_assert_max_num_queries(limit):
        assert signed_in.get(url).status_code == 200


def test_edit_pages_use_a_fixed_number_of_queries(
    signed_in, busy_profile, django_assert_max_num_queries
):
    clinic = busy_profile.clinics.first()
    record = busy_profile.licenses.first()
    credential = busy_profile.credentials.first()
    for url in (
        f"/dashboard/clinics/{clinic.pk}/",
        f"/dashboard/licenses/{record.pk}/",
        f"/dashboard/credentials/{credential.pk}/",
        "/dashboard/licenses/new/",
    ):
        with django_assert_max_num_queries(8):
            assert signed_in.get(url).status_code == 200
