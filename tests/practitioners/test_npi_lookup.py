"""The NPI Registry lookup, against recorded answers only (urlopen is patched)."""

import io
from pathlib import Path
from urllib.error import HTTPError, URLError

import pytest
from django.core.cache import cache

from practitioners import npi_lookup
from practitioners.models import Practitioner
from tests.factories import AccountFactory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "npi_registry"
NPI = "1234567893"
REGISTRY = "https://npiregistry.example.test/api/"


def recorded(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def registry_on(settings):
    settings.NPI_REGISTRY_URL = REGISTRY


@pytest.fixture
def answer(monkeypatch):
    """Make urlopen answer with `body` (bytes) or raise `body` (an exception)."""
    calls = []

    def install(body):
        def fake_urlopen(request, timeout):
            calls.append((request.full_url, timeout))
            if isinstance(body, BaseException):
                raise body
            return FakeResponse(body)

        monkeypatch.setattr(npi_lookup, "urlopen", fake_urlopen)
        return calls

    return install


def test_a_recorded_acupuncturist_becomes_a_record_with_the_location_address(registry_on, answer):
    calls = answer(recorded("acupuncturist.json"))
    record = npi_lookup.lookup_npi(NPI)
    assert record == npi_lookup.NpiRecord(
        npi=NPI,
        first_name="Mei",
        last_name="Chen",
        credential="L.AC.",
        address_line1="1200 Se Hawthorne Blvd",
        city="Portland",
        state="OR",
        zip_code="97214",
        phone="503-555-0142",
        license_number="AC-0457",
        license_state="OR",
    )
    ((url, timeout),) = calls
    assert url == f"{REGISTRY}?version=2.1&number={NPI}"
    assert timeout <= 3


def test_a_second_lookup_of_the_same_npi_is_answered_from_the_cache(registry_on, answer):
    calls = answer(recorded("acupuncturist.json"))
    first = npi_lookup.lookup_npi(NPI)
    second = npi_lookup.lookup_npi(NPI)
    assert first == second
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (TimeoutError("timed out"), "did not answer in time"),
        (URLError("connection refused"), "did not answer in time"),
        (HTTPError(REGISTRY, 500, "Server Error", {}, None), r"answered with an error \(500\)"),
        (b"<html>Service unavailable</html>", "could not read"),
        (b"[1, 2]", "could not read"),
        (recorded("no_results.json"), "has no record of NPI 1234567893"),
        (recorded("not_acupuncturist.json"), "not registered as an acupuncturist"),
    ],
)
def test_every_failure_is_a_lookup_error_with_a_message(registry_on, answer, failure, message):
    answer(failure)
    with pytest.raises(npi_lookup.NpiLookupError, match=message) as raised:
        npi_lookup.lookup_npi(NPI)
    assert "fill in your details yourself" in str(raised.value)


def test_a_failure_is_not_cached(registry_on, answer):
    answer(TimeoutError("timed out"))
    with pytest.raises(npi_lookup.NpiLookupError):
        npi_lookup.lookup_npi(NPI)
    calls = answer(recorded("acupuncturist.json"))
    assert npi_lookup.lookup_npi(NPI).last_name == "Chen"
    assert len(calls) == 2  # the timeout, then a real second request


def test_a_wrong_check_digit_is_refused_before_any_request(registry_on, answer):
    calls = answer(recorded("acupuncturist.json"))
    with pytest.raises(npi_lookup.NpiLookupError, match="check digit"):
        npi_lookup.lookup_npi("1234567890")
    assert calls == []


def test_the_lookup_is_off_without_a_registry_url(settings, answer):
    settings.NPI_REGISTRY_URL = ""
    calls = answer(recorded("acupuncturist.json"))
    assert not npi_lookup.lookup_enabled()
    with pytest.raises(npi_lookup.NpiLookupError, match="not available"):
        npi_lookup.lookup_npi(NPI)
    assert calls == []


def test_a_registry_url_that_is_not_http_is_never_opened(settings, answer):
    settings.NPI_REGISTRY_URL = "file:///etc/passwd"
    calls = answer(recorded("acupuncturist.json"))
    with pytest.raises(npi_lookup.NpiLookupError, match="not set up correctly"):
        npi_lookup.lookup_npi(NPI)
    assert calls == []


# The create-profile page


@pytest.fixture
def new_account(client, db):
    account = AccountFactory()
    client.force_login(account)
    return account


def test_looking_up_an_npi_prefills_the_form_and_saves_nothing(
    client, new_account, registry_on, answer
):
    answer(recorded("acupuncturist.json"))
    response = client.post(
        "/dashboard/profile/new/",
        {"npi": NPI, "bio": "Twenty years of back pain care.", "lookup_npi": "1"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound
    assert form.initial["first_name"] == "Mei"
    assert form.initial["last_name"] == "Chen"
    assert form.initial["npi"] == NPI
    assert form.initial["phone"] == "503-555-0142"
    assert form.initial["bio"] == "Twenty years of back pain care."
    html = response.content.decode()
    assert 'value="Mei"' in html and 'value="503-555-0142"' in html
    assert "Found Mei Chen in the NPI Registry" in html
    assert "1200 Se Hawthorne Blvd, Portland, OR 97214" in html
    assert not Practitioner.objects.exists()


def test_the_lookup_keeps_names_the_user_already_typed(client, new_account, registry_on, answer):
    answer(recorded("acupuncturist.json"))
    response = client.post(
        "/dashboard/profile/new/", {"npi": NPI, "first_name": "May", "lookup_npi": "1"}
    )
    form = response.context["form"]
    assert form.initial["first_name"] == "May"
    assert form.initial["last_name"] == "Chen"


def test_a_failed_lookup_says_why_and_keeps_what_was_typed(
    client, new_account, registry_on, answer
):
    answer(HTTPError(REGISTRY, 500, "Server Error", {}, None))
    response = client.post(
        "/dashboard/profile/new/",
        {
            "npi": NPI,
            "first_name": "Ana",
            "fee_notes": "Sliding scale on Fridays",
            "lookup_npi": "1",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "answered with an error (500)" in html
    assert "fill in your details yourself" in html
    form = response.context["form"]
    assert form.initial["first_name"] == "Ana"
    assert form.initial["fee_notes"] == "Sliding scale on Fridays"
    assert form.initial["npi"] == NPI
    assert not Practitioner.objects.exists()


def test_the_lookup_button_shows_only_when_the_registry_is_configured(
    client, new_account, settings
):
    settings.NPI_REGISTRY_URL = ""
    assert "Look up my NPI" not in client.get("/dashboard/profile/new/").content.decode()
    settings.NPI_REGISTRY_URL = REGISTRY
    assert "Look up my NPI" in client.get("/dashboard/profile/new/").content.decode()


def test_a_lookup_posted_while_off_falls_back_to_manual_entry(
    client, new_account, settings, answer
):
    settings.NPI_REGISTRY_URL = ""
    calls = answer(recorded("acupuncturist.json"))
    response = client.post("/dashboard/profile/new/", {"npi": NPI, "lookup_npi": "1"})
    assert response.status_code == 200
    assert "The NPI lookup is not available here" in response.content.decode()
    assert calls == []


def test_creating_after_a_lookup_saves_the_prefilled_profile(
    client, new_account, registry_on, answer
):
    answer(recorded("acupuncturist.json"))
    client.post("/dashboard/profile/new/", {"npi": NPI, "lookup_npi": "1"})
    response = client.post(
        "/dashboard/profile/new/",
        {"first_name": "Mei", "last_name": "Chen", "npi": NPI, "phone": "503-555-0142"},
    )
    assert response.status_code == 302
    practitioner = Practitioner.objects.get(owner=new_account)
    assert (practitioner.npi, practitioner.phone) == (NPI, "503-555-0142")
