"""Claiming an existing profile: at once by a matching verified email, otherwise by staff."""

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError
from django.utils import timezone

from claims import services
from claims.models import ClaimRequest
from core.sites import absolute_url
from practitioners.models import Practitioner
from tests.factories import (
    AccountFactory,
    ClaimRequestFactory,
    ClinicFactory,
    PractitionerFactory,
    ReviewFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Status = ClaimRequest.Status


@pytest.fixture(autouse=True)
def _staff_without_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def unclaimed():
    practitioner = PractitionerFactory(
        owner=None, first_name="Rosa", last_name="Imported", slug="rosa-imported",
        email="Rosa@Clinic.example.org",
    )  # fmt: skip
    ClinicFactory(practitioner=practitioner, city="Portland")
    return practitioner


@pytest.fixture
def claimant():
    return AccountFactory(email="rosa.personal@example.org")


@pytest.fixture
def staff():
    return StaffFactory(email="staff@example.org")


# The service


def test_a_claim_completes_at_once_when_a_verified_email_matches_the_profile(unclaimed):
    user = AccountFactory(email="rosa@clinic.example.org")  # same address, other case
    claim = services.request_claim(practitioner=unclaimed, user=user)
    unclaimed.refresh_from_db()
    assert unclaimed.owner == user
    assert (claim.status, claim.matched_email, claim.decided_by) == (Status.APPROVED, True, None)


def test_an_unverified_matching_email_does_not_complete_a_claim(unclaimed):
    user = UserFactory(email="rosa@clinic.example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    claim = services.request_claim(practitioner=unclaimed, user=user)
    unclaimed.refresh_from_db()
    assert unclaimed.owner is None and claim.status == Status.PENDING


def test_a_claim_without_a_matching_email_waits_for_staff(unclaimed, claimant):
    claim = services.request_claim(practitioner=unclaimed, user=claimant, message="Call me.")
    unclaimed.refresh_from_db()
    assert unclaimed.owner is None
    assert (claim.status, claim.message) == (Status.PENDING, "Call me.")


def test_staff_approval_hands_over_the_profile_and_emails_the_claimant(
    unclaimed, claimant, staff, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_DOMAIN = "x.test"
    claim = services.request_claim(practitioner=unclaimed, user=claimant)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_claim(claim=claim, actor=staff)
    unclaimed.refresh_from_db()
    claim.refresh_from_db()
    assert unclaimed.owner == claimant
    assert (claim.status, claim.decided_by) == (Status.APPROVED, staff)
    assert claim.decided_at is not None
    (mail,) = mailoutbox
    assert mail.to == [claimant.email]
    assert "you now manage the profile of Rosa Imported" in mail.subject
    assert "://x.test/dashboard/" in mail.body


def test_staff_rejection_needs_a_reason_and_emails_it(
    unclaimed, claimant, staff, mailoutbox, django_capture_on_commit_callbacks
):
    claim = services.request_claim(practitioner=unclaimed, user=claimant)
    with pytest.raises(services.ClaimError, match="Give a reason"):
        services.reject_claim(claim=claim, actor=staff, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_claim(claim=claim, actor=staff, reason="The clinic says you left in 2022.")
    claim.refresh_from_db()
    assert claim.status == Status.REJECTED
    assert "The clinic says you left in 2022." in mailoutbox[0].body


def test_approving_one_claim_rejects_the_others_for_the_same_profile(
    unclaimed, claimant, staff, mailoutbox, django_capture_on_commit_callbacks
):
    rival = AccountFactory()
    mine = services.request_claim(practitioner=unclaimed, user=claimant)
    theirs = services.request_claim(practitioner=unclaimed, user=rival)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_claim(claim=mine, actor=staff)
    theirs.refresh_from_db()
    assert theirs.status == Status.REJECTED
    assert "Another account's claim" in theirs.decision_reason
    assert sorted(m.to[0] for m in mailoutbox) == sorted([claimant.email, rival.email])


def test_a_claimed_profile_cannot_be_claimed_again(unclaimed, claimant):
    unclaimed.owner = AccountFactory()
    unclaimed.save()
    with pytest.raises(services.ClaimError, match="already claimed"):
        services.request_claim(practitioner=unclaimed, user=claimant)


def test_an_account_that_manages_a_profile_cannot_claim_another(unclaimed, claimant):
    PractitionerFactory(owner=claimant)
    with pytest.raises(services.ClaimError, match="already manages a profile"):
        services.request_claim(practitioner=unclaimed, user=claimant)


def test_one_pending_claim_per_account(unclaimed, claimant):
    services.request_claim(practitioner=unclaimed, user=claimant)
    with pytest.raises(services.ClaimError, match="already have a claim waiting"):
        services.request_claim(practitioner=PractitionerFactory(owner=None), user=claimant)


def test_the_database_refuses_a_second_pending_claim_by_the_same_account(unclaimed, claimant):
    ClaimRequestFactory(practitioner=unclaimed, user=claimant)
    with pytest.raises(IntegrityError):
        ClaimRequestFactory(practitioner=unclaimed, user=claimant)


def test_the_database_refuses_a_decided_claim_without_a_decision_time(unclaimed, claimant):
    with pytest.raises(IntegrityError):
        ClaimRequestFactory(practitioner=unclaimed, user=claimant, status=Status.APPROVED)


def test_the_database_refuses_a_rejection_without_a_reason(unclaimed, claimant):
    with pytest.raises(IntegrityError):
        ClaimRequestFactory(
            practitioner=unclaimed, user=claimant, status=Status.REJECTED,
            decided_at=timezone.now(),
        )  # fmt: skip


def test_approving_a_claim_twice_is_refused(unclaimed, claimant, staff):
    claim = services.request_claim(practitioner=unclaimed, user=claimant)
    services.approve_claim(claim=claim, actor=staff)
    with pytest.raises(services.ClaimError, match="already approved"):
        services.approve_claim(claim=claim, actor=staff)


def test_approval_is_refused_if_the_claimant_meanwhile_created_a_profile(
    unclaimed, claimant, staff
):
    claim = services.request_claim(practitioner=unclaimed, user=claimant)
    PractitionerFactory(owner=claimant)
    with pytest.raises(services.ClaimError, match="already manages a profile"):
        services.approve_claim(claim=claim, actor=staff)


def test_the_claimant_can_withdraw_a_waiting_claim(unclaimed, claimant):
    claim = services.request_claim(practitioner=unclaimed, user=claimant)
    services.withdraw_claim(claim=claim, user=claimant)
    claim.refresh_from_db()
    assert claim.status == Status.WITHDRAWN
    # ...and may then claim again.
    assert services.request_claim(practitioner=unclaimed, user=claimant).status == Status.PENDING


# The dashboard pages


def test_searching_for_an_unclaimed_profile_by_name(client, unclaimed, claimant):
    PractitionerFactory(owner=AccountFactory(), first_name="Rosa", last_name="Owned")
    client.force_login(claimant)
    page = client.get("/dashboard/claim/", {"q": "rosa"}).content.decode()
    assert "Rosa Imported" in page and "Rosa Owned" not in page
    assert "/dashboard/claim/rosa-imported/" in page


def test_claiming_by_matching_email_through_the_dashboard(client, unclaimed):
    user = AccountFactory(email="rosa@clinic.example.org")
    client.force_login(user)
    response = client.post("/dashboard/claim/rosa-imported/", {"message": ""}, follow=True)
    assert Practitioner.objects.get(pk=unclaimed.pk).owner == user
    assert b"yours to manage now" in response.content
    assert b"Your dashboard" in response.content


def test_claiming_without_a_match_shows_the_claim_waiting_on_the_dashboard(
    client, unclaimed, claimant
):
    client.force_login(claimant)
    response = client.post(
        "/dashboard/claim/rosa-imported/", {"message": "License OR AC0042."}, follow=True
    )
    assert b"Your claim is waiting for staff" in response.content
    claim = ClaimRequest.objects.get(user=claimant)
    response = client.post(f"/dashboard/claims/{claim.pk}/withdraw/", follow=True)
    claim.refresh_from_db()
    assert claim.status == Status.WITHDRAWN


def test_a_claimed_profile_is_not_offered_for_claiming(client, claimant):
    PractitionerFactory(owner=AccountFactory(), slug="taken")
    client.force_login(claimant)
    assert client.get("/dashboard/claim/taken/").status_code == 404


def test_staff_approve_a_claim_from_the_claims_page(
    client, unclaimed, claimant, staff, mailoutbox, django_capture_on_commit_callbacks
):
    claim = services.request_claim(practitioner=unclaimed, user=claimant, message="Ring me")
    client.force_login(staff)
    listing = client.get("/staff/claims/").content.decode()
    assert "Rosa Imported" in listing and "Ring me" in listing
    detail = client.get(f"/staff/claims/{claim.pk}/").content.decode()
    assert "rosa.personal@example.org claims Rosa Imported" in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staff/claims/{claim.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    assert Practitioner.objects.get(pk=unclaimed.pk).owner == claimant
    # The site's one address, not the host the staff member's request came in on.
    assert absolute_url("/dashboard/") in mailoutbox[0].body
    assert "testserver" not in mailoutbox[0].body


def test_the_claim_page_warns_staff_that_the_claimant_reviewed_the_profile(
    client, unclaimed, claimant, staff
):
    ReviewFactory(practitioner=unclaimed, author=claimant)
    claim = services.request_claim(practitioner=unclaimed, user=claimant)
    client.force_login(staff)
    detail = client.get(f"/staff/claims/{claim.pk}/").content.decode()
    assert (
        "This account wrote 1 review of this profile; approving removes it from the published "
        "reviews" in detail
    )


def test_staff_must_give_a_reason_to_reject_on_the_claims_page(client, unclaimed, claimant, staff):
    claim = services.request_claim(practitioner=unclaimed, user=claimant)
    client.force_login(staff)
    response = client.post(f"/staff/claims/{claim.pk}/", {"decision": "reject", "reason": ""})
    assert response.status_code == 400
    assert b"Give a reason: the claimant reads it." in response.content
    claim.refresh_from_db()
    assert claim.status == Status.PENDING


def test_staff_claim_pages_use_a_fixed_number_of_queries(
    client, staff, django_assert_max_num_queries
):
    for _ in range(5):
        ClaimRequestFactory()
    client.force_login(staff)
    with django_assert_max_num_queries(6):
        assert client.get("/staff/claims/").status_code == 200
    claim = ClaimRequest.objects.first()
    with django_assert_max_num_queries(8):
        assert client.get(f"/staff/claims/{claim.pk}/").status_code == 200
