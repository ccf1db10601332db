"""A practitioner finds the profile the NPI registry listed and claims it by NPI, in a browser."""

import pytest
from playwright.sync_api import expect

from claims.models import ClaimRequest
from opendata.nppes import import_file
from opendata.nppes_layout import write_file
from practitioners.models import Practitioner
from tests.factories import AccountFactory
from tests.opendata.nppes_files import acupuncturist, npi

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_imported_profile_is_claimed_by_npi(live_server, page, assert_accessible, tmp_path):
    import_file(write_file(tmp_path / "full.csv", [acupuncturist(1)]))
    practitioner = Practitioner.objects.get(npi=npi(1))
    user = AccountFactory(email="jane.personal@example.org")

    page.goto(live_server.url + practitioner.get_absolute_url())
    expect(page.locator(".registry-listing")).to_contain_text("Listed from the public NPI registry")
    assert_accessible(page, context="imported profile")

    page.goto(live_server.url + "/accounts/login/?next=/dashboard/claim/by-npi/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Your NPI").fill("1234567890")
    page.get_by_role("button", name="Claim by NPI").click()
    expect(page.locator(".errorlist, .error-summary").first).to_contain_text("check digit")
    assert_accessible(page, context="claim by NPI with an error")

    page.get_by_label("Your NPI").fill(npi(1))
    page.get_by_role("button", name="Claim by NPI").click()
    expect(page.get_by_text("Your claim is sent")).to_be_visible()
    assert ClaimRequest.objects.get(user=user).npi == npi(1)
