"""Emails to practitioners about decisions, sent only after the decision commits."""

import re

import pytest
from django.core import mail
from django.db import transaction

from tests.factories import (
    LicenseFactory,
    PendingCredentialFactory,
    PractitionerFactory,
    StaffFactory,
    UserFactory,
)
from verification import services as verification
from verification.models import PrimarySource
from verification.notifications import describe, recipient_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def verifier():
    return StaffFactory()


@pytest.fixture
def owned_license():
    owner = UserFactory(email="mei@example.org")
    practitioner = PractitionerFactory(first_name="Mei", owner=owner)
    return LicenseFactory(practitioner=practitioner, pending=True, number="AC777")


def test_the_owner_receives_decisions_an_unclaimed_profile_nobody():
    owner = UserFactory(email="owner@example.org")
    assert recipient_for(PractitionerFactory(owner=owner)) == "owner@example.org"
    assert recipient_for(PractitionerFactory(email="front-desk@example.org")) is None
    owner.is_active = False
    owner.save()
    assert recipient_for(PractitionerFactory(owner=UserFactory(is_active=False))) is None


def test_records_are_named_the_way_their_owner_would(owned_license):
    assert describe(owned_license) == "Oregon license #AC777"
    assert describe(PendingCredentialFactory(identifier="")) == "Dipl. Ac. credential (NCCAOM)"


def test_no_email_until_the_decision_commits(
    owned_license, verifier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        verification.verify(
            owned_license,
            actor=verifier,
            primary_source=PrimarySource.ISSUER_LETTER,
            reference="Board letter 2026-114",
        )
    assert mail.outbox == []
    for callback in callbacks:  # the page cache's version bump is one of them
        callback()
    [email] = mail.outbox
    assert email.subject == "Your Oregon license #AC777 is verified"
    assert email.to == ["mei@example.org"]
    assert "Hello Mei," in email.body
    assert "Letter or certificate confirmed with the issuer" in email.body
    assert re.search(r"Your dashboard: https?://\S+/dashboard/\n", email.body)
    assert "&#x27;" not in email.body and "&quot;" not in email.body  # plain text, not HTML


def test_rejection_email_carries_the_reason_unescaped(
    owned_license, verifier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        verification.reject(owned_license, actor=verifier, reason="Name doesn't match <board>.")
    [email] = mail.outbox
    assert email.subject == "We could not verify your Oregon license #AC777"
    assert "Name doesn't match <board>." in email.body


def test_request_changes_email(owned_license, verifier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        verification.request_changes(owned_license, actor=verifier, note="Upload page 2.")
    [email] = mail.outbox
    assert email.subject == "Please update your Oregon license #AC777"
    assert "Upload page 2." in email.body


def test_submitting_and_review_flags_send_no_email(
    owned_license, verifier, django_capture_on_commit_callbacks
):
    verification.verify(
        owned_license,
        actor=verifier,
        primary_source=PrimarySource.ISSUER_LETTER,
        reference="Board letter 2026-114",
    )
    with django_capture_on_commit_callbacks(execute=True):
        verification.mark_needs_review(owned_license, note="Re-check.")
    assert mail.outbox == []
    verification.request_changes(owned_license, actor=verifier, note="Renew.")
    with django_capture_on_commit_callbacks(execute=True):
        verification.submit_for_verification(owned_license, actor=owned_license.practitioner.owner)
    assert mail.outbox == []


def test_a_failing_mail_server_never_undoes_a_decision_and_the_email_follows(
    owned_license, verifier, task_queue, mail_server
):
    mail_server.down()
    verification.verify(
        owned_license,
        actor=verifier,
        primary_source=PrimarySource.ISSUER_LETTER,
        reference="Board letter 2026-114",
    )
    task_queue.run_due()
    owned_license.refresh_from_db()
    assert owned_license.verification_status == "verified"
    assert mail.outbox == []

    mail_server.up()
    task_queue.time_passes()
    task_queue.run_due()
    [email] = mail.outbox
    assert email.subject == "Your Oregon license #AC777 is verified"
    assert email.to == ["mei@example.org"]


def test_a_decision_that_rolls_back_queues_no_email(owned_license, verifier, task_queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        verification.verify(
            owned_license,
            actor=verifier,
            primary_source=PrimarySource.ISSUER_LETTER,
            reference="Board letter 2026-114",
        )
        raise RuntimeError("something after the decision failed")
    assert not task_queue.results.exists()
