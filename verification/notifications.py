"""Plain-text emails to practitioners about their licenses and credentials.

Each is enqueued on the task queue in the transaction of the decision or sweep
that causes it (core/email.py): a decision that rolls back sends nothing, and a
mail server that is down never undoes a decision; the worker retries until the
email is sent. An expiry reminder counts as sent only once it was.

Who receives them: the account that owns the profile. An unclaimed profile
gets no email: its public contact address was typed in by staff or taken from
public data, may be a shared front-desk inbox, and belongs to nobody who can
sign in and act on a rejection reason or a change request. The decision still
stands and shows on the dashboard once the profile is claimed.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from core.email import enqueue_in_transaction, queue_email, send_or_retry
from core.sites import absolute_url
from practitioners.models import Practitioner

from .models import ExpiryReminder, VerificationEvent, VerificationStatus

logger = logging.getLogger(__name__)
S = VerificationStatus

# to-status of an event -> the email template that tells the practitioner about it.
DECISION_TEMPLATES = {
    S.VERIFIED: "verified",
    S.REJECTED: "rejected",
    S.UNVERIFIED: "changes_requested",
    S.EXPIRED: "expired",
}
DASHBOARD_PATH = "/dashboard/"


def recipient_for(practitioner: Practitioner) -> str | None:
    """Return the owner's email address, or None for an unclaimed or inactive account."""
    owner = practitioner.owner
    if owner is None or not owner.is_active or not owner.email:
        return None
    return owner.email


def describe(record) -> str:
    """Name a record the way its owner would: 'Oregon license #AC123'."""
    return record.description


def _render(template: str, context: dict) -> tuple[str, str]:
    context = {
        "site_name": settings.SITE_NAME,
        "dashboard_url": absolute_url(DASHBOARD_PATH),
        **context,
    }
    subject = render_to_string(f"verification/email/{template}_subject.txt", context)
    body = render_to_string(f"verification/email/{template}.txt", context)
    return " ".join(subject.split()), body


def notify_decision(event: VerificationEvent) -> bool:
    """Queue the practitioner's email about this event with its transaction; return whether one was."""
    template = DECISION_TEMPLATES.get(event.to_status)
    if template is None:
        return False
    to = recipient_for(event.practitioner)
    if to is None:
        logger.info(
            "No email for event %s: profile %s is unclaimed.", event.pk, event.practitioner.slug
        )
        return False
    record = event.record
    subject, body = _render(
        template,
        {
            "practitioner": event.practitioner,
            "record": record,
            "record_name": describe(record),
            "event": event,
            "note": event.note,
            "is_license": record.counts_for_badge,
        },
    )
    queue_email(subject=subject, body=body, to=[to])
    return True


def notify_expiry_reminder(reminder: ExpiryReminder) -> None:
    """Queue an expiry reminder with the transaction that recorded (or re-queued) it."""
    enqueue_in_transaction(send_expiry_reminder, reminder_id=reminder.pk)


@task
def send_expiry_reminder(*, reminder_id: int, attempt: int = 1) -> bool:
    """Send one expiry reminder and record it as sent; return whether it went out now."""
    with transaction.atomic():
        # The lock makes a second task for the same reminder (the sweep re-queues
        # stale ones) wait, then find it sent.
        reminder = ExpiryReminder.objects.select_for_update().filter(pk=reminder_id).first()
        if reminder is None or reminder.sent_at is not None or not reminder.recipient:
            return False
        record = reminder.record
        subject, body = _render(
            "expiry_reminder",
            {
                "practitioner": record.practitioner,
                "record": record,
                "record_name": describe(record),
                "days_before": reminder.days_before,
                "expires_on": reminder.expires_on,
                "is_license": record.counts_for_badge,
            },
        )
        sent = send_or_retry(
            send_expiry_reminder,
            subject=subject,
            body=body,
            to=[reminder.recipient],
            attempt=attempt,
            task_kwargs={"reminder_id": reminder_id},
        )
        if sent:
            reminder.sent_at = timezone.now()
            reminder.save(update_fields=["sent_at"])
        return sent
