"""A new practitioner fills their profile from the NPI Registry (a recorded answer), in a browser."""

import io
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from practitioners import npi_lookup
from practitioners.models import Practitioner
from tests.factories import AccountFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "npi_registry" / "acupuncturist.json"
NPI = "1234567893"


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def test_looking_up_an_npi_prefills_the_new_profile(
    live_server, page, assert_accessible, settings, monkeypatch
):
    settings.NPI_REGISTRY_URL = "https://npiregistry.example.test/api/"
    cache.clear()
    monkeypatch.setattr(
        npi_lookup, "urlopen", lambda request, timeout: FakeResponse(RECORDED.read_bytes())
    )
    user = AccountFactory(email="mei.new@example.org")

    page.goto(live_server.url + "/accounts/login/?next=/dashboard/profile/new/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()
    page.locator("#id_npi").fill(NPI)
    page.get_by_role("button", name="Look up my NPI").click()
    expect(page.get_by_text("Found Mei Chen in the NPI Registry")).to_be_visible()
    expect(page.locator("#id_first_name")).to_have_value("Mei")
    expect(page.locator("#id_last_name")).to_have_value("Chen")
    expect(page.locator("#id_phone")).to_have_value("503-555-0142")
    assert not Practitioner.objects.exists()
    assert_accessible(page, context="profile prefilled from the NPI Registry")

    page.get_by_role("button", name="Create profile").click()
    expect(page.get_by_text("Your profile is created as a draft")).to_be_visible()
    assert Practitioner.objects.get(owner=user).npi == NPI
