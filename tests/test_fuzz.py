"""No input answers 5xx: generated values at every public parameter and every form field.

Hypothesis builds the values (Unicode digits such as "²" and "١", huge and
negative numbers, empty strings, whitespace, control characters, very long
text, far dates, repeated parameters) and mixes in each field's real values so
the checks behind the first one are reached too. Each test sends them through
the test client and asserts only that the status is below 500; the other tests
say what each answer should be. The page cache is off in tests (conftest), so
every request runs the real view.
"""

import datetime
import itertools
import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practitioners.forms import ClinicForm, ProfileForm
from reviews.forms import ReplyForm, ReportForm, ReviewForm
from reviews.models import Review
from tests.factories import (
    AccountFactory,
    ClaimRequestFactory,
    ClinicFactory,
    LicenseFactory,
    PatientFactory,
    PendingCredentialFactory,
    PractitionerFactory,
    ReviewFactory,
    ReviewReportFactory,
    StaffFactory,
)
from verification.forms import CredentialForm, LicenseForm
from verification.staff_forms import LogFilterForm, QueueFilterForm

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,  # nothing written to .hypothesis/
    # The same examples on every run, so CI's verdict is repeatable; set
    # HYPOTHESIS_EXPLORE=1 to draw new ones while hunting for bugs.
    derandomize=not os.environ.get("HYPOTHESIS_EXPLORE"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "", " ", "\t", "\n", "\x00", "\x1b[31m", "0", "-1", "+1", "1.5", "1e308", "NaN", "inf",
    "²", "١", "٣", "１", "Ⅻ", "9" * 30, str(2**31), str(2**63), "-" + "9" * 30,
    "9999-12-31", "0001-01-01", "10000-01-01", "2024-02-30", "<script>", "' OR 1=1 --",
    "Practitioner/", "Practitioner/²", "Practitioner/" + "9" * 30, "x" * 6000,
]  # fmt: skip


def _long(alphabet: st.SearchStrategy) -> st.SearchStrategy:
    return st.builds(lambda c, n: c * n, alphabet, st.integers(min_value=100, max_value=6000))


VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),  # any Unicode, control characters included
    st.builds(
        "{}\x00{}".format, st.text(max_size=5), st.text(max_size=5)
    ),  # PostgreSQL refuses NUL
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=12),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.dates().map(datetime.date.isoformat),  # year 1 to 9999
    _long(st.characters()),
)


def value(*real: str) -> st.SearchStrategy:
    """Generated values, and the field's real ones so later checks run too."""
    return st.one_of(VALUES, st.sampled_from(real)) if real else VALUES


def params(fields: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    """Any subset of the fields, each one value or (repeated) a list of them."""
    return st.dictionaries(
        st.sampled_from(sorted(fields)),
        st.none(),
        max_size=len(fields),
    ).flatmap(
        lambda chosen: st.fixed_dictionaries(
            {name: st.one_of(fields[name], st.lists(fields[name], max_size=3)) for name in chosen}
        )
    )


def form_fields(*form_classes, prefix: str = "", **real) -> dict[str, st.SearchStrategy]:
    """Every field of the forms (as the POST names it), with generated and real values."""
    names = {name for form_class in form_classes for name in form_class.base_fields}
    return {f"{prefix}{name}": value(*real.get(name, ())) for name in names}


def check(client, method: str, url: str, data=None) -> None:
    response = getattr(client, method)(url, data)
    if response.streaming:  # a CSV fails while it streams, not before
        b"".join(response.streaming_content)
    assert response.status_code < 500, (url, data)


def path_part(text: str) -> str:
    return quote(text, safe="")


@pytest.fixture(autouse=True)
def _no_staff_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def listed():
    """A verified, published practitioner with a clinic and a published review."""
    practitioner = PractitionerFactory(
        slug="mei-chen", conditions=["migraine", "low-back-pain"], techniques=["tcm"]
    )
    ClinicFactory(practitioner=practitioner, zip_code="97214")
    LicenseFactory(practitioner=practitioner, verified=True)
    return practitioner


# Public GET parameters

SEARCH_FIELDS = {
    "q": value("migraine", "Chen"),
    "near": value("97214", "Portland, OR", "00000"),
    "radius": value("5", "25", "100"),
    "condition": value("migraine", "low-back-pain"),
    "technique": value("tcm"),
    "credential": value("dipl-ac", "nccaom"),
    "language": value("en", "zh"),
    "accepting": value("0", "1"),
    "verified": value("0", "1"),
    "min_rating": value("1", "5"),
    "sort": value("relevance", "distance", "rating", "experience"),
    "page": value("1", "2"),
}


def test_the_search_page_never_errors(client, listed):
    @given(query=params(SEARCH_FIELDS))
    @FUZZ
    def run(query):
        check(client, "get", "/practitioners/", query)

    run()


def test_the_api_list_never_errors(client, listed):
    @given(query=params({**SEARCH_FIELDS, "page_size": value("1", "100")}))
    @FUZZ
    def run(query):
        check(client, "get", "/api/v1/practitioners/", query)

    run()


def test_the_api_detail_and_the_fhir_read_never_error(client, listed):
    @given(text=value(listed.slug, str(listed.pk)))
    @FUZZ
    def run(text):
        check(client, "get", f"/api/v1/practitioners/{path_part(text)}/")
        if text:
            check(client, "get", f"/fhir/Practitioner/{path_part(text)}")

    run()


def test_the_fhir_searches_never_error(client, listed):
    fields = {
        "name": value("Chen", "Mei Chen"),
        "address-postalcode": value("97214", "972"),
        "_count": value("1", "100"),
        "_offset": value("0", "1"),
    }

    @given(query=params(fields), target=value(f"Practitioner/{listed.pk}").map(str))
    @FUZZ
    def run(query, target):
        check(client, "get", "/fhir/Practitioner", query)
        check(client, "get", "/fhir/VerificationResult", {"target": target})
        check(client, "get", "/fhir/VerificationResult", {"target": f"Practitioner/{target}"})

    run()


# The dashboard's forms


@pytest.fixture
def owner_client(client, listed):
    listed.owner = AccountFactory()
    listed.save(update_fields=["owner"])
    client.force_login(listed.owner)
    return client


# Valid forms: the generated values replace some of their fields, so each bad
# value meets the form's and the service's later checks, not only "required".
PROFILE_BASE = {"first_name": "Mei", "last_name": "Chen"}
CLINIC_BASE = {
    "name": "Clinic", "address_line1": "1 Main St", "city": "Portland", "state": "OR",
    "zip_code": "97214",
}  # fmt: skip
LICENSE_BASE = {
    "state": "OR", "number": "AC004242", "title": "lac", "status": "active",
    "issued_on": "2019-05-01", "expires_on": "2030-05-01",
}  # fmt: skip
CREDENTIAL_BASE = {
    "kind": "dipl-ac", "issuer": "NCCAOM", "issued_on": "2019-05-01", "expires_on": "2030-05-01",
}  # fmt: skip
REVIEW_BASE = {
    "rating_overall": "4", "title": "Calm and careful", "display_name": "Maria G.",
    "body": "She listened to the whole history of my back pain.", "confirm": "on",
}  # fmt: skip


def test_the_dashboard_profile_and_clinic_forms_never_error(owner_client, listed):
    profile = form_fields(ProfileForm, conditions=["1", "2"], years_in_practice=["10"])
    clinic = form_fields(ClinicForm, state=["OR"], zip_code=["97214"], is_primary=["on"])
    clinic_url = f"/dashboard/clinics/{listed.clinics.get().pk}/"

    @given(profile_data=params(profile), clinic_data=params(clinic))
    @FUZZ
    def run(profile_data, clinic_data):
        check(owner_client, "post", "/dashboard/profile/", {**PROFILE_BASE, **profile_data})
        check(owner_client, "post", "/dashboard/clinics/new/", {**CLINIC_BASE, **clinic_data})
        check(owner_client, "post", clinic_url, {**CLINIC_BASE, **clinic_data})

    run()


def test_the_dashboard_license_and_credential_forms_never_error(owner_client):
    licence = form_fields(
        LicenseForm, state=["OR"], title=["lac"], status=["active"], issued_on=["2019-05-01"]
    )
    credential = form_fields(CredentialForm, kind=["dipl-ac"], issuer=["NCCAOM"])
    numbers = itertools.count()

    @given(license_data=params(licence), credential_data=params(credential))
    @FUZZ
    def run(license_data, credential_data):
        # A new number each time: a license already added would stop at "duplicate".
        license_data = {**LICENSE_BASE, "number": f"AC{next(numbers):06d}", **license_data}
        check(owner_client, "post", "/dashboard/licenses/new/", license_data)
        credential_data = {**CREDENTIAL_BASE, **credential_data}
        check(owner_client, "post", "/dashboard/credentials/new/", credential_data)

    run()


# The review forms


def test_the_review_write_report_and_reply_forms_never_error(client, listed):
    published = ReviewFactory(practitioner=listed, author=PatientFactory())
    listed.owner = AccountFactory()
    listed.save(update_fields=["owner"])
    patient = PatientFactory()
    review = form_fields(ReviewForm, rating_overall=["4"], condition=["1"], confirm=["on"])
    report = form_fields(ReportForm, reason=["offensive", "other"])
    reply = form_fields(ReplyForm)
    report_url = f"/practitioners/{listed.slug}/reviews/{published.pk}/report/"

    @given(review_data=params(review), report_data=params(report), reply_data=params(reply))
    @FUZZ
    def run(review_data, report_data, reply_data):
        client.force_login(patient)
        check(
            client, "post", f"/practitioners/{listed.slug}/review/", {**REVIEW_BASE, **review_data}
        )
        check(client, "post", report_url, report_data)
        client.force_login(listed.owner)
        check(client, "post", f"/dashboard/reviews/{published.pk}/reply/", reply_data)

    run()


# Staff decisions and lists


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_the_staff_verification_decisions_never_error(staff_client):
    license = LicenseFactory(pending=True)
    credential = PendingCredentialFactory()
    fields = {
        "verify-version": value("0", "1"),
        "verify-primary_source": value("state-board-lookup", "nccaom-registry"),
        "verify-reference": value("https://example.org"),
        "verify-recheck_on": value("2030-01-01"),
        "verify-note": value(),
        "reject-version": value("0", "1"),
        "reject-reason": value("Wrong number"),
        "changes-version": value("0", "1"),
        "changes-note": value("Upload the front page"),
    }

    @given(data=params(fields), decision=st.sampled_from(["verify", "reject", "request-changes"]))
    @FUZZ
    def run(data, decision):
        for record in (license, credential):
            record.refresh_from_db()
            prefix = decision.split("-")[0]
            base = {
                f"{prefix}-version": str(record.version),
                "verify-primary_source": record.default_primary_source,
                "verify-recheck_on": "2030-01-01",
            }
            url = f"/staff/verification/{record.record_kind}/{record.pk}/{decision}/"
            check(staff_client, "post", url, {**base, **data})

    run()


def test_the_staff_moderation_and_claim_decisions_never_error(staff_client, listed):
    review = ReviewFactory(
        practitioner=listed, author=PatientFactory(), status=Review.Status.PENDING
    )
    report = ReviewReportFactory(review=ReviewFactory(practitioner=listed, author=PatientFactory()))
    claim = ClaimRequestFactory()
    fields = {
        "version": value("0", "1"),
        "reason": value("Names a staff member"),
        "decision": value("keep", "remove", "approve", "reject"),
        "note": value("Checked"),
        "next": value("/staff/reviews/", "https://evil.example/", "99"),
    }

    @given(data=params(fields))
    @FUZZ
    def run(data):
        check(staff_client, "post", f"/staff/reviews/{review.pk}/publish/", data)
        check(staff_client, "post", f"/staff/reviews/{review.pk}/reject/", data)
        check(staff_client, "post", f"/staff/reviews/reports/{report.pk}/resolve/", data)
        check(staff_client, "post", f"/staff/claims/{claim.pk}/", data)

    run()


def test_the_staff_lists_and_their_filters_never_error(staff_client):
    LicenseFactory(pending=True)
    queue = {**form_fields(QueueFilterForm, age=["7"], kind=["license"]), "page": value("1")}
    log = {**form_fields(LogFilterForm, actor=["auto"]), "page": value("1")}

    @given(queue_query=params(queue), log_query=params(log))
    @FUZZ
    def run(queue_query, log_query):
        check(staff_client, "get", "/staff/verification/", queue_query)
        check(staff_client, "get", "/staff/verification/log/", log_query)
        check(staff_client, "get", "/staff/verification/log.csv", log_query)
        check(staff_client, "get", "/staff/reviews/log/", {"page": log_query.get("page", "")})
        check(staff_client, "get", "/staff/claims/", log_query)

    run()


def test_a_moderation_next_that_is_not_a_path_is_ignored(staff_client):
    review = ReviewFactory(author=PatientFactory(), status=Review.Status.PENDING)
    response = staff_client.post(
        f"/staff/reviews/{review.pk}/publish/", {"version": "0", "next": "99"}
    )
    assert response.status_code == 302
