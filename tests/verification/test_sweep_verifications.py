"""`manage.py sweep_verifications`: expiry, re-checks, reminders, idempotency, the badge."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from practitioners.models import Practitioner
from tests.factories import CredentialFactory, LicenseFactory, PractitionerFactory, UserFactory
from verification.models import (
    Credential,
    ExpiryReminder,
    License,
    VerificationEvent,
    VerificationStatus,
)
from verification.sweep import reminder_due

pytestmark = pytest.mark.django_db
S = VerificationStatus


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def sweep(*args, execute_on_commit=None) -> str:
    out = io.StringIO()
    if execute_on_commit is None:
        call_command("sweep_verifications", *args, stdout=out, stderr=io.StringIO())
    else:
        with execute_on_commit(execute=True):
            call_command("sweep_verifications", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def owned(**kwargs) -> Practitioner:
    return PractitionerFactory(owner=UserFactory(), **kwargs)


@pytest.mark.parametrize(
    ("days_left", "due"),
    [(61, None), (60, 60), (45, 60), (30, 30), (8, 30), (7, 7), (1, 7), (0, 7), (-1, None)],
)
def test_the_most_urgent_reminder_reached_is_due(days_left, due):
    assert reminder_due(days_left) == due


def test_an_expired_license_is_expired_the_badge_drops_and_the_profile_says_so(
    client, django_capture_on_commit_callbacks
):
    practitioner = owned(slug="lapsing")
    license = LicenseFactory(
        practitioner=practitioner, verified=True, issued_on=days(-800), expires_on=days(-1)
    )
    verified_before = Practitioner.objects.filter(pk=practitioner.pk).verified().exists()

    output = sweep(execute_on_commit=django_capture_on_commit_callbacks)

    license.refresh_from_db()
    assert license.verification_status == S.EXPIRED
    event = VerificationEvent.objects.for_record(license).get()
    assert (event.from_status, event.to_status, event.actor) == (S.VERIFIED, S.EXPIRED, None)
    assert not Practitioner.objects.filter(pk=practitioner.pk).verified().exists()
    assert "Expired:              1 license, 0 credentials" in output
    [email] = mail.outbox
    assert email.to == [practitioner.owner.email] and "has expired" in email.subject
    page = client.get(practitioner.get_absolute_url())
    assert "License not verified" in page.content.decode()
    # The badge had in fact already gone at midnight: expiry is judged by date.
    assert verified_before is False


def test_the_badge_drops_when_expiry_passes_and_the_sweep_makes_it_explicit(client):
    practitioner = owned(slug="expiring-today")
    license = LicenseFactory(practitioner=practitioner, verified=True, expires_on=days(0))
    assert practitioner in Practitioner.objects.verified()
    assert "✓ License verified" in client.get(practitioner.get_absolute_url()).content.decode()
    sweep()  # expires today: still valid
    license.refresh_from_db()
    assert license.verification_status == S.VERIFIED
    License.objects.filter(pk=license.pk).update(expires_on=days(-1), issued_on=days(-400))
    practitioner.refresh_from_db()
    sweep()
    license.refresh_from_db()
    assert license.verification_status == S.EXPIRED
    assert practitioner not in Practitioner.objects.verified()
    assert "License not verified" in client.get(practitioner.get_absolute_url()).content.decode()


def test_a_practitioner_with_another_good_license_keeps_the_badge():
    practitioner = owned()
    LicenseFactory(
        practitioner=practitioner, verified=True, expires_on=days(-1), issued_on=days(-9)
    )
    LicenseFactory(practitioner=practitioner, state="WA", verified=True, expires_on=days(300))
    output = sweep()
    assert practitioner in Practitioner.objects.verified()
    assert "lost the verified badge" not in output


def test_pending_and_needs_review_records_past_expiry_are_expired_too():
    pending = LicenseFactory(pending=True, expires_on=days(-3), issued_on=days(-400))
    credential = CredentialFactory(
        with_proof=True,
        verification_status=S.PENDING,
        submitted_at=timezone.now(),
        expires_on=days(-3),
        issued_on=days(-400),
    )
    rejected = LicenseFactory(
        with_proof=True,
        verification_status=S.REJECTED,
        rejection_reason="No.",
        expires_on=days(-3),
        issued_on=days(-400),
    )
    sweep()
    for record in (pending, credential, rejected):
        record.refresh_from_db()
    assert pending.verification_status == S.EXPIRED
    assert credential.verification_status == S.EXPIRED
    assert rejected.verification_status == S.REJECTED  # nothing to expire: never vouched for


def test_a_record_whose_recheck_date_came_goes_back_to_review_without_email(
    django_capture_on_commit_callbacks,
):
    practitioner = owned()
    license = LicenseFactory(practitioner=practitioner, verified=True, next_recheck_on=days(0))
    credential = CredentialFactory(
        practitioner=practitioner, verified=True, next_recheck_on=days(-2), expires_on=days(900)
    )
    LicenseFactory(state="WA", verified=True, next_recheck_on=days(1))  # not yet

    output = sweep(execute_on_commit=django_capture_on_commit_callbacks)

    license.refresh_from_db()
    credential.refresh_from_db()
    assert license.verification_status == S.NEEDS_REVIEW
    assert credential.verification_status == S.NEEDS_REVIEW
    assert VerificationEvent.objects.for_record(license).get().note.startswith("Re-check date")
    assert "Sent to review:       1 license, 1 credential" in output
    assert "who lost the verified badge: 1" in output
    assert mail.outbox == []
    assert practitioner not in Practitioner.objects.verified()


def test_reminders_go_out_at_60_30_and_7_days_once_each(django_capture_on_commit_callbacks):
    owner = UserFactory(email="owner@example.org")
    practitioner = PractitionerFactory(owner=owner)
    license = LicenseFactory(practitioner=practitioner, verified=True, expires_on=days(60))
    credential = CredentialFactory(practitioner=practitioner, verified=True, expires_on=days(25))
    LicenseFactory(practitioner=practitioner, state="WA", verified=True, expires_on=days(61))
    LicenseFactory(state="CA", verified=True, expires_on=days(7))  # unclaimed: nobody to email

    first = sweep(execute_on_commit=django_capture_on_commit_callbacks)
    second = sweep(execute_on_commit=django_capture_on_commit_callbacks)

    assert sorted(m.subject for m in mail.outbox) == sorted(
        [
            f"Reminder: your Oregon license #{license.number} expires on "
            + license.expires_on.strftime("%B %-d, %Y"),
            f"Reminder: your Dipl. Ac. credential #{credential.identifier} expires on "
            + credential.expires_on.strftime("%B %-d, %Y"),
        ]
    )
    assert {m.to[0] for m in mail.outbox} == {"owner@example.org"}
    assert "Reminders queued:     2 (60 days: 1, 30 days: 1, 7 days: 0)" in first
    assert "Reminders queued:     0" in second
    assert "unclaimed profiles (nobody to email): 1" in first
    assert set(ExpiryReminder.objects.values_list("days_before", flat=True)) == {60, 30}

    # Thirty days on, the license reaches its 30-day reminder: one more email.
    License.objects.filter(pk=license.pk).update(expires_on=days(30))
    sweep(execute_on_commit=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    sweep(execute_on_commit=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3


def test_a_renewed_expiry_date_gets_fresh_reminders(django_capture_on_commit_callbacks):
    practitioner = owned()
    license = LicenseFactory(practitioner=practitioner, verified=True, expires_on=days(7))
    sweep(execute_on_commit=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    # Renewed (and re-verified) with a new expiry date that is itself near.
    License.objects.filter(pk=license.pk).update(expires_on=days(50))
    sweep(execute_on_commit=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert ExpiryReminder.objects.filter(license=license).count() == 2


def test_running_twice_changes_and_sends_nothing_the_second_time(
    django_capture_on_commit_callbacks,
):
    practitioner = owned()
    LicenseFactory(
        practitioner=practitioner, verified=True, expires_on=days(-1), issued_on=days(-9)
    )
    LicenseFactory(practitioner=practitioner, state="WA", verified=True, next_recheck_on=days(0))
    CredentialFactory(practitioner=practitioner, verified=True, expires_on=days(6))
    sweep(execute_on_commit=django_capture_on_commit_callbacks)
    events, emails = VerificationEvent.objects.count(), len(mail.outbox)
    assert (events, emails) == (2, 2)  # expiry + re-check; expiry email + reminder

    output = sweep(execute_on_commit=django_capture_on_commit_callbacks)

    assert (VerificationEvent.objects.count(), len(mail.outbox)) == (events, emails)
    assert "Nothing to do." in output


def test_dry_run_changes_and_sends_nothing_but_says_what_it_would_do(
    django_capture_on_commit_callbacks,
):
    practitioner = owned(first_name="Ana", last_name="Lopez")
    license = LicenseFactory(
        practitioner=practitioner, verified=True, expires_on=days(-1), issued_on=days(-9)
    )
    CredentialFactory(practitioner=practitioner, verified=True, expires_on=days(30))

    output = sweep("--dry-run", execute_on_commit=django_capture_on_commit_callbacks)

    license.refresh_from_db()
    assert license.verification_status == S.VERIFIED
    assert not VerificationEvent.objects.exists()
    assert not ExpiryReminder.objects.exists()
    assert mail.outbox == []
    assert "(dry run)" in output
    assert "Would expire:         1 license, 0 credentials" in output
    assert "Reminders to send:    1 (60 days: 0, 30 days: 1, 7 days: 0)" in output
    assert "Ana Lopez" in output


def test_quiet_mode_prints_nothing():
    LicenseFactory(verified=True, expires_on=days(-1), issued_on=days(-9))
    assert sweep("-v", "0") == ""
    assert License.objects.get().verification_status == S.EXPIRED


def test_verbose_mode_lists_each_change():
    practitioner = owned(first_name="Omar", last_name="Haddad")
    LicenseFactory(
        practitioner=practitioner, verified=True, expires_on=days(-1), issued_on=days(-9)
    )
    output = sweep("-v", "2")
    assert "expired: Omar Haddad, Oregon license #" in output


def test_a_record_changed_while_the_sweep_ran_is_skipped_not_clobbered(monkeypatch):
    from verification import sweep

    license = LicenseFactory(verified=True, expires_on=days(-1), issued_on=days(-9))
    real_expire = sweep.expire

    def renewed_meanwhile(record, **kwargs):
        # A verifier re-verifies a renewal between the sweep's read and its write.
        License.objects.filter(pk=record.pk).update(version=record.version + 1)
        return real_expire(record, **kwargs)

    monkeypatch.setattr(sweep, "expire", renewed_meanwhile)
    err = io.StringIO()
    call_command("sweep_verifications", stdout=io.StringIO(), stderr=err)
    license.refresh_from_db()
    assert license.verification_status == S.VERIFIED
    assert "Skipped" in err.getvalue() and "changed by someone else" in err.getvalue()
    assert not Credential.objects.exists()


def test_a_reminder_counts_as_sent_only_once_it_was_sent(task_queue, mail_server):
    mail_server.down()
    LicenseFactory(practitioner=owned(), verified=True, expires_on=days(30))

    sweep()
    task_queue.run_due()
    reminder = ExpiryReminder.objects.get()
    assert reminder.sent_at is None and reminder.queued_at is not None

    mail_server.up()
    task_queue.time_passes()
    task_queue.run_due()
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert len(mail.outbox) == 1


def test_the_sweep_requeues_a_reminder_left_unsent_and_it_goes_out_once(task_queue, mail_server):
    mail_server.down()
    LicenseFactory(practitioner=owned(), verified=True, expires_on=days(7))
    sweep()
    for _ in range(10):  # the mail server stays down for the whole retry span
        task_queue.time_passes()
        task_queue.run_due()
    assert task_queue.results.failed().count() == 1
    sweep()
    assert not task_queue.results.filter(status="READY").exists()  # not stale yet

    ExpiryReminder.objects.update(queued_at=timezone.now() - datetime.timedelta(days=1))
    mail_server.up()
    output = sweep("-v", "2")
    sweep()  # a second run the same day queues nothing more
    task_queue.run_due()

    assert "re-queued unsent reminder" in output
    assert len(mail.outbox) == 1
    assert ExpiryReminder.objects.get().sent_at is not None


def test_a_reminder_queued_twice_is_sent_once(task_queue):
    from verification.notifications import notify_expiry_reminder

    LicenseFactory(practitioner=owned(), verified=True, expires_on=days(7))
    sweep()
    notify_expiry_reminder(ExpiryReminder.objects.get())  # e.g. re-queued while its task waited

    assert task_queue.run_due() == 2
    assert len(mail.outbox) == 1
