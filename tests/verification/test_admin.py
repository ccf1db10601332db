"""The admin shows verification read-only and decides only through the services."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from tests.factories import LicenseFactory, PendingCredentialFactory, StaffFactory
from verification.models import (
    License,
    LicensingBoard,
    PrimarySource,
    VerificationEvent,
    VerificationStatus,
)

pytestmark = pytest.mark.django_db
S = VerificationStatus


@pytest.fixture(autouse=True)
def _no_staff_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def admin_user():
    return StaffFactory(is_superuser=True, email="root@example.org")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def changelist(model: str) -> str:
    return reverse(f"admin:verification_{model}_changelist")


def test_verify_action_goes_through_the_service(
    admin_client, admin_user, django_capture_on_commit_callbacks
):
    LicensingBoard.objects.filter(state="OR").update(lookup_url="https://example.org/or")
    pending = LicenseFactory(pending=True, number="AC4242")
    verified = LicenseFactory(verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            changelist("license"),
            {"action": "verify_against_board", ACTION_CHECKBOX_NAME: [pending.pk, verified.pk]},
            follow=True,
        )
    pending.refresh_from_db()
    assert pending.verification_status == S.VERIFIED
    assert pending.primary_source == PrimarySource.STATE_BOARD_LOOKUP
    assert pending.verified_by == admin_user
    event = VerificationEvent.objects.for_record(pending).get()
    assert (event.actor, event.to_status) == (admin_user, S.VERIFIED)
    assert event.primary_source_reference == "https://example.org/or #AC4242"
    html = response.content.decode()
    assert "Verified 1 record(s)." in html
    assert "cannot become verified" in html  # the already verified one, with the reason
    assert not VerificationEvent.objects.for_record(verified).exists()


def test_the_admin_cannot_verify_without_evidence(admin_client):
    no_lookup = LicenseFactory(pending=True, state="WI")
    no_number = PendingCredentialFactory(identifier="")
    not_nccaom = PendingCredentialFactory(kind="dacm", issuer="Some School")
    response = admin_client.post(
        changelist("license"),
        {"action": "verify_against_board", ACTION_CHECKBOX_NAME: [no_lookup.pk]},
        follow=True,
    )
    assert "its board has no online lookup on record" in response.content.decode()
    response = admin_client.post(
        changelist("credential"),
        {"action": "verify_against_registry", ACTION_CHECKBOX_NAME: [no_number.pk, not_nccaom.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Give the reference" in html and "not available for this credential" in html
    for record in (no_lookup, no_number, not_nccaom):
        record.refresh_from_db()
        assert record.verification_status == S.PENDING
        assert not VerificationEvent.objects.for_record(record).exists()


def test_the_actions_are_named_for_their_source(admin_client):
    LicenseFactory(pending=True)
    PendingCredentialFactory()
    html = admin_client.get(changelist("license")).content.decode()
    assert "Verify against state board lookup" in html
    assert "Reject selected (asks for the reason)" in html
    html = admin_client.get(changelist("credential")).content.decode()
    assert "Verify against the NCCAOM registry" in html


def test_reject_action_asks_for_a_reason_then_rejects(
    admin_client, admin_user, django_capture_on_commit_callbacks
):
    credential = PendingCredentialFactory()
    data = {"action": "reject_selected", ACTION_CHECKBOX_NAME: [credential.pk]}
    ask = admin_client.post(changelist("credential"), data)
    assert ask.status_code == 200
    assert "Reject with a reason" in ask.content.decode()
    credential.refresh_from_db()
    assert credential.verification_status == S.PENDING

    empty = admin_client.post(changelist("credential"), {**data, "apply": "1", "reason": ""})
    assert "This field is required" in empty.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            changelist("credential"), {**data, "apply": "1", "reason": "Not in the registry."}
        )
    credential.refresh_from_db()
    assert (credential.verification_status, credential.rejection_reason) == (
        S.REJECTED,
        "Not in the registry.",
    )
    assert VerificationEvent.objects.for_record(credential).get().actor == admin_user


def test_the_change_form_shows_verification_read_only_with_a_decide_link(admin_client):
    license = LicenseFactory(pending=True)
    html = admin_client.get(
        reverse("admin:verification_license_change", args=[license.pk])
    ).content.decode()
    assert f'href="/staff/verification/license/{license.pk}/">Decide</a>' in html
    assert 'name="verification_status"' not in html
    assert 'name="next_recheck_on"' not in html
    assert 'name="number"' in html  # facts stay editable


def test_editing_a_verified_number_in_the_admin_sends_it_back_to_review(admin_client, admin_user):
    license = LicenseFactory(verified=True, number="AC1")
    url = reverse("admin:verification_license_change", args=[license.pk])
    response = admin_client.post(
        url,
        {
            "state": license.state,
            "board": license.board_id or "",
            "number": "AC2",
            "title": license.title,
            "status": license.status,
            "issued_on": license.issued_on.isoformat(),
            "expires_on": license.expires_on.isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    license.refresh_from_db()
    assert (license.number, license.verification_status) == ("AC2", S.NEEDS_REVIEW)
    event = VerificationEvent.objects.for_record(license).get()
    assert event.actor == admin_user and "number" in event.note


def test_events_cannot_be_added_changed_or_deleted_in_the_admin(admin_client):
    license = LicenseFactory(pending=True)
    from verification import services as verification

    verification.reject(license, actor=None, reason="No.")
    event = VerificationEvent.objects.get()
    assert admin_client.get(reverse("admin:verification_verificationevent_add")).status_code == 403
    change = admin_client.get(
        reverse("admin:verification_verificationevent_change", args=[event.pk])
    )
    assert change.status_code == 200  # view only
    assert 'name="_save"' not in change.content.decode()
    assert (
        admin_client.post(
            reverse("admin:verification_verificationevent_change", args=[event.pk]),
            {"note": "rewritten"},
        ).status_code
        == 403
    )
    assert (
        admin_client.post(
            reverse("admin:verification_verificationevent_delete", args=[event.pk]),
            {"post": "yes"},
        ).status_code
        == 403
    )
    listing = admin_client.get(reverse("admin:verification_verificationevent_changelist"))
    assert "delete_selected" not in listing.content.decode()
    event.refresh_from_db()
    assert event.note == "No."


def test_deleting_a_license_with_events_is_refused_so_its_history_survives(admin_client):
    license = LicenseFactory(pending=True)
    from verification import services as verification

    verification.reject(license, actor=None, reason="No.")
    url = reverse("admin:verification_license_delete", args=[license.pk])
    page = admin_client.get(url)
    assert "your account doesn't have permission to delete the following types of objects" in (
        page.content.decode()
    )
    admin_client.post(url, {"post": "yes"})
    assert License.objects.filter(pk=license.pk).exists()
    assert VerificationEvent.objects.filter(license=license).exists()
    assert mail.outbox == []
