"""The daily sweep (manage.py sweep_verifications): expiries, re-checks and reminders."""

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.email import RETRY_DELAYS
from practitioners.models import Practitioner

from . import notifications
from .kinds import RECORD_MODELS, Record
from .models import ExpiryReminder, License, VerificationStatus
from .services import VerificationError, expire, mark_needs_review

S = VerificationStatus

REMINDER_DAYS = (60, 30, 7)
# A record past its expiry date leaves these states for `expired`.
EXPIRABLE = (S.PENDING, S.VERIFIED, S.NEEDS_REVIEW)
# Records whose owner is reminded before expiry: the ones we have vouched for.
REMINDED = (S.VERIFIED, S.NEEDS_REVIEW)


def reminder_due(days_left: int) -> int | None:
    """Return the most urgent reminder (7, 30 or 60 days) reached with `days_left` to go.

    Only the most urgent one: a record first seen 20 days before expiry gets the
    30-day reminder, not the 60-day one as well.
    """
    for days in sorted(REMINDER_DAYS):
        if 0 <= days_left <= days:
            return days
    return None


@dataclass
class SweepReport:
    today: datetime.date
    dry_run: bool
    expired: list[Record] = dataclasses.field(default_factory=list)
    rechecks: list[Record] = dataclasses.field(default_factory=list)
    reminders: list[tuple[Record, int]] = dataclasses.field(default_factory=list)
    no_recipient: list[tuple[Record, int]] = dataclasses.field(default_factory=list)
    skipped: list[tuple[Record, str]] = dataclasses.field(default_factory=list)
    badges_dropped: list[Practitioner] = dataclasses.field(default_factory=list)
    requeued: list[ExpiryReminder] = dataclasses.field(default_factory=list)

    def reminders_by_days(self) -> dict[int, int]:
        counts = dict.fromkeys(sorted(REMINDER_DAYS, reverse=True), 0)
        for _record, days in self.reminders:
            counts[days] += 1
        return counts


def _candidates(queryset) -> list[Record]:
    return list(queryset.select_related("practitioner__owner").order_by("pk"))


def run_sweep(*, dry_run: bool = False, log: Callable[[str], None] | None = None) -> SweepReport:
    """Expire lapsed records, send due re-checks to review, remind owners before expiry.

    Safe to run twice: expired and re-checked records have left the states the
    sweep looks at, and each reminder is recorded (unique per record, threshold
    and expiry date) with its queued email; one still unsent long after is
    queued again, and its task sends it at most once.
    """
    today = timezone.localdate()
    report = SweepReport(today=today, dry_run=dry_run)
    log = log or (lambda message: None)

    expiring = [
        r
        for model in RECORD_MODELS.values()
        for r in _candidates(
            model.objects.filter(verification_status__in=EXPIRABLE).past_expiry(today)
        )
    ]
    rechecking = [
        r
        for model in RECORD_MODELS.values()
        for r in _candidates(
            model.objects.recheck_due(today).exclude(expires_on__lt=today)  # expiry wins
        )
    ]
    report.badges_dropped = _badges_dropped_by(expiring + rechecking, today)

    for record in expiring:
        if dry_run:
            report.expired.append(record)
            continue
        try:
            expire(record, expected_version=record.version)
        except VerificationError as exc:
            report.skipped.append((record, str(exc)))
        else:
            report.expired.append(record)
            log(f"expired: {_name(record)} (expiry date {record.expires_on:%Y-%m-%d})")

    for record in rechecking:
        if dry_run:
            report.rechecks.append(record)
            continue
        try:
            mark_needs_review(
                record,
                note=f"Re-check date {record.next_recheck_on:%Y-%m-%d} reached.",
                expected_version=record.version,
            )
        except VerificationError as exc:
            report.skipped.append((record, str(exc)))
        else:
            report.rechecks.append(record)
            log(f"needs review: {_name(record)} (re-check date {record.next_recheck_on:%Y-%m-%d})")

    _send_reminders(report, today=today, dry_run=dry_run, log=log)
    return report


def _name(record: Record) -> str:
    return f"{record.practitioner.full_name}, {notifications.describe(record)} [{record.record_kind} {record.pk}]"


def _badges_dropped_by(records: Iterable[Record], today: datetime.date) -> list[Practitioner]:
    """Practitioners verified now who hold no good license outside `records`."""
    badge_records = [r for r in records if r.counts_for_badge]
    if not badge_records:
        return []
    leaving = [r.pk for r in badge_records]
    touched = {r.practitioner_id for r in badge_records}
    verified_now = Practitioner.objects.filter(pk__in=touched).verified(today)
    still = (
        License.objects.in_good_standing(today)
        .filter(practitioner__in=touched)
        .exclude(pk__in=leaving)
        .values("practitioner_id")
    )
    return list(verified_now.exclude(pk__in=still).order_by("last_name", "first_name"))


def _send_reminders(report: SweepReport, *, today, dry_run: bool, log) -> None:
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    for model in RECORD_MODELS.values():
        records = _candidates(
            model.objects.filter(
                verification_status__in=REMINDED, expires_on__gte=today, expires_on__lte=horizon
            )
        )
        field_name = model.event_field
        recorded = set(
            ExpiryReminder.objects.filter(**{f"{field_name}__in": records}).values_list(
                f"{field_name}_id", "days_before", "expires_on"
            )
        )
        for record in records:
            days = reminder_due((record.expires_on - today).days)
            if days is None or (record.pk, days, record.expires_on) in recorded:
                continue
            to = notifications.recipient_for(record.practitioner)
            if to is None:
                report.no_recipient.append((record, days))
                continue
            if dry_run:
                report.reminders.append((record, days))
                continue
            try:
                with transaction.atomic():
                    reminder = ExpiryReminder.objects.create(
                        **{field_name: record},
                        days_before=days,
                        expires_on=record.expires_on,
                        recipient=to,
                    )
                    notifications.notify_expiry_reminder(reminder)
            except IntegrityError:
                # A sweep running at the same moment recorded it first.
                continue
            report.reminders.append((record, days))
            log(f"reminded ({days} days): {_name(record)} → {to}")
    if not dry_run:
        _requeue_unsent_reminders(report, today=today, log=log)


# A reminder still unsent this long after it was queued has outlived its task's
# retries (core/email.py): queue it again while its expiry date is ahead.
REQUEUE_UNSENT_AFTER = sum(RETRY_DELAYS, datetime.timedelta(hours=1))


def _requeue_unsent_reminders(report: SweepReport, *, today, log) -> None:
    stale = ExpiryReminder.objects.filter(
        sent_at__isnull=True,
        queued_at__lt=timezone.now() - REQUEUE_UNSENT_AFTER,
        expires_on__gte=today,
    ).exclude(recipient="")
    for reminder in stale.order_by("pk"):
        with transaction.atomic():
            reminder.queued_at = timezone.now()
            reminder.save(update_fields=["queued_at"])
            notifications.notify_expiry_reminder(reminder)
        report.requeued.append(reminder)
        log(f"re-queued unsent reminder: {reminder}")
