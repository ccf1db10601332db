"""Plain-text emails to practitioners about their licenses and credentials.

The verification services schedule these with `transaction.on_commit`, so a
decision that rolls back never sends mail, and a mail server that is down never
undoes a decision (`robust=True` logs the failure instead).

Who receives them: the account that owns the profile. An unclaimed profile
gets no email: its public contact address was typed in by staff or taken from
public data, may be a shared front-desk inbox, and belongs to nobody who can
sign in and act on a rejection reason or a change request. The decision still
stands and shows on the dashboard once the profile is claimed.
"""

import functools
import logging

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

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


def absolute_url(path: str) -> str:
    protocol = getattr(settings, "ACCOUNT_DEFAULT_HTTP_PROTOCOL", "https")
    return f"{protocol}://{Site.objects.get_current().domain}{path}"


def describe(record) -> str:
    """Name a record the way its owner would: 'Oregon license #AC123'."""
    return record.description


def _send(template: str, context: dict, to: str) -> None:
    context = {
        "site_name": settings.SITE_NAME,
        "dashboard_url": absolute_url(DASHBOARD_PATH),
        **context,
    }
    subject = render_to_string(f"verification/email/{template}_subject.txt", context)
    body = render_to_string(f"verification/email/{template}.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [to],
    )


def notify_decision(event: VerificationEvent) -> None:
    """Email the practitioner about this event once the transaction commits."""
    if event.to_status in DECISION_TEMPLATES:
        transaction.on_commit(functools.partial(send_decision_email, event.pk), robust=True)


def send_decision_email(event_id: int) -> bool:
    """Send the email for one decision event; return whether one was sent."""
    event = VerificationEvent.objects.select_related(
        "practitioner__owner", "license", "credential"
    ).get(pk=event_id)
    template = DECISION_TEMPLATES.get(event.to_status)
    to = recipient_for(event.practitioner)
    if template is None or to is None:
        if template:
            logger.info(
                "No email for event %s: profile %s is unclaimed.", event.pk, event.practitioner.slug
            )
        return False
    record = event.record
    _send(
        template,
        {
            "practitioner": event.practitioner,
            "record": record,
            "record_name": describe(record),
            "event": event,
            "note": event.note,
            "is_license": record.counts_for_badge,
        },
        to,
    )
    return True


def notify_expiry_reminder(reminder: ExpiryReminder) -> None:
    """Email an expiry reminder once the transaction that recorded it commits."""
    transaction.on_commit(functools.partial(send_expiry_reminder, reminder.pk), robust=True)


def send_expiry_reminder(reminder_id: int) -> bool:
    reminder = ExpiryReminder.objects.select_related(
        "license__practitioner", "credential__practitioner"
    ).get(pk=reminder_id)
    record = reminder.record
    if not reminder.recipient:
        return False
    _send(
        "expiry_reminder",
        {
            "practitioner": record.practitioner,
            "record": record,
            "record_name": describe(record),
            "days_before": reminder.days_before,
            "expires_on": reminder.expires_on,
            "is_license": record.counts_for_badge,
        },
        reminder.recipient,
    )
    return True
