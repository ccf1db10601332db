"""The staff verification and moderation queues fit a phone (390 px) without sideways scrolling."""

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    LicenseFactory,
    PendingCredentialFactory,
    PractitionerFactory,
    ReviewFactory,
    ReviewReportFactory,
    VerifiedStaffFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "correct-horse-battery"  # VerifiedStaffFactory's
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "")


@pytest.fixture(autouse=True)
def _no_staff_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}}


@pytest.fixture
def queues():
    now = timezone.now()
    mei = PractitionerFactory(first_name="Maximiliana-Josephine", last_name="Oberkirchner-Wu")
    LicenseFactory(practitioner=mei, pending=True, submitted_at=now - datetime.timedelta(days=12))
    PendingCredentialFactory(submitted_at=now - datetime.timedelta(days=3))
    ReviewFactory(practitioner=mei, status="pending", title="Gentle and thorough care")
    ReviewReportFactory(review=ReviewFactory(practitioner=mei), details="Names a nurse.")


def fits_the_screen(page, name: str) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-390.png"), full_page=True)
    assert width[0] <= width[1], f"{name} scrolls sideways at 390px: {width}"


def test_both_staff_queues_fit_a_phone_and_stay_accessible(
    live_server, page, queues, assert_accessible
):
    staff = VerifiedStaffFactory(email="verifier@example.org")
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(staff.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/staff/verification/")
    expect(page.locator(".queue-table tbody tr")).to_have_count(2)
    fits_the_screen(page, "verification-queue")
    assert_accessible(page, context="verification queue at 390px")

    page.goto(f"{live_server.url}/staff/reviews/")
    expect(page.locator(".queue-item")).to_have_count(2)
    fits_the_screen(page, "moderation-queue")
    assert_accessible(page, context="moderation queue at 390px")

    page.goto(f"{live_server.url}/staff/reviews/?status=all&reported=on&q=thorough")
    fits_the_screen(page, "moderation-queue-filtered")
    assert_accessible(page, context="filtered moderation queue at 390px")
