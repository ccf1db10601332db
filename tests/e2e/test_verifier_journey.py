"""A verifier signs in, opens the oldest pending license, checks its proof and verifies it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    ClinicFactory,
    LicenseFactory,
    PendingCredentialFactory,
    PractitionerFactory,
    UserFactory,
    VerifiedStaffFactory,
)
from verification.models import LicensingBoard

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "correct-horse-battery"  # VerifiedStaffFactory's


@pytest.fixture(autouse=True)
def _no_staff_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def queue():
    LicensingBoard.objects.update_or_create(
        state="OR",
        defaults={
            "name": "Oregon Medical Board",
            "lookup_url": "https://example.org/oregon-license-lookup",
        },
    )
    now = timezone.now()
    mei = PractitionerFactory(
        first_name="Mei", last_name="Chen", slug="mei-chen", owner=UserFactory()
    )
    ClinicFactory(practitioner=mei, is_primary=True)
    LicenseFactory(
        practitioner=mei,
        pending=True,
        number="AC100001",
        submitted_at=now - datetime.timedelta(days=12),
    )
    LicenseFactory(pending=True, submitted_at=now - datetime.timedelta(days=1))
    PendingCredentialFactory(submitted_at=now - datetime.timedelta(days=3))
    return mei


def test_verifier_verifies_the_oldest_pending_license_and_the_badge_appears(
    live_server, page, queue, assert_accessible
):
    verifier = VerifiedStaffFactory(email="verifier@example.org")

    page.goto(f"{live_server.url}/staff/verification/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/staff/verification/"))
    page.locator("input[name=login]").fill(verifier.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")

    expect(page).to_have_url(f"{live_server.url}/staff/verification/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verification queue")
    expect(page.locator(".queue-table tbody tr")).to_have_count(3)
    assert_accessible(page, context="verification queue")

    first_row = page.locator(".queue-table tbody tr").first
    expect(first_row).to_contain_text("Mei Chen")
    first_row.get_by_role("link", name=re.compile("Review")).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Oregon license #AC100001")
    viewer = page.locator("iframe.proof-viewer")
    expect(viewer).to_be_visible()
    document = page.request.get(live_server.url + viewer.get_attribute("src"))
    assert document.status == 200
    assert document.headers["content-type"] == "application/pdf"
    assert document.headers["content-disposition"].startswith("inline")
    assert document.body().startswith(b"%PDF-")
    # The board's lookup sits beside the submitted facts and opens in a new tab.
    lookup = page.locator("#facts-heading + dl").get_by_role(
        "link", name=re.compile("Look up #AC100001")
    )
    expect(lookup).to_have_attribute("href", "https://example.org/oregon-license-lookup")
    expect(lookup).to_have_attribute("target", "_blank")
    expect(lookup).to_have_attribute("rel", re.compile(r"\bnoopener\b"))
    source = page.get_by_label("Primary source")
    expect(source).to_have_value("")  # nothing preselected
    assert_accessible(page, context="decision page")

    # No evidence: refused next to the fields, nothing decided.
    page.get_by_role("button", name="Verify license").click()
    expect(page.locator("#id_verify-primary_source_error")).to_contain_text(
        "Choose the source you checked"
    )
    expect(page.locator("#id_verify-reference_error")).to_contain_text("Give the reference")
    assert_accessible(page, context="decision page refusing a verification without evidence")

    page.get_by_label("Primary source").select_option(label="State board license lookup")
    page.get_by_label("Reference").fill("https://example.org/oregon-license-lookup?AC100001")
    page.get_by_role("button", name="Verify license").click()

    expect(page).to_have_url(f"{live_server.url}/staff/verification/")
    expect(page.locator(".messages")).to_contain_text(
        "Verified Mei Chen’s Oregon license #AC100001"
    )
    expect(page.locator(".queue-table tbody tr")).to_have_count(2)

    page.goto(f"{live_server.url}/staff/verification/log/")
    latest = page.locator(".log-table tbody tr").first
    expect(latest).to_contain_text("State board license lookup")
    expect(latest).to_contain_text("https://example.org/oregon-license-lookup?AC100001")
    assert_accessible(page, context="verification log with evidence")

    page.goto(f"{live_server.url}/practitioners/mei-chen/")
    expect(page.get_by_text("✓ License verified")).to_be_visible()


def test_a_decision_form_error_is_announced_next_to_its_field(
    live_server, page, queue, assert_accessible
):
    verifier = VerifiedStaffFactory()
    page.goto(f"{live_server.url}/accounts/login/?next=/staff/verification/")
    page.locator("input[name=login]").fill(verifier.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/staff/verification/")
    page.locator(".queue-table tbody tr").first.get_by_role("link").click()

    page.get_by_role("button", name="Reject license").click()

    reason = page.get_by_label("Reason")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_reject-reason_error")).to_contain_text("Give a reason")
    assert_accessible(page, context="decision page with an error")
