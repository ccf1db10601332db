"""Template helpers for the staff verification pages."""

import datetime

from django import template

from verification.guidance import BADGES
from verification.models import VerificationStatus
from verification.notifications import describe

register = template.Library()
S = VerificationStatus
# The same colours as the practitioner's dashboard badges.
STATUS_CLASSES = {status: f"badge-{tone}" for status, (tone, _) in BADGES.items()}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "badge-muted")


@register.filter
def status_label(status: str) -> str:
    return S(status).label if status in S.values else (status or "—")


@register.filter
def record_label(record) -> str:
    """'Oregon license #AC123' or 'Dipl. Ac. credential #100001'."""
    return describe(record) if record is not None else ""


@register.filter
def record_url(record) -> str:
    return record.staff_url()


@register.filter
def duration(value: datetime.timedelta | None) -> str:
    """A wait in words: '3 days 4 hours', '5 hours', 'under an hour'."""
    if value is None:
        return "—"
    hours = int(value.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours and days < 10:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    return " ".join(parts) or "under an hour"


@register.filter
def actor_name(event) -> str:
    if event.actor_id is None:
        return "Automatic"
    return event.actor.email
