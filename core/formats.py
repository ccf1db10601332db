"""Dates in the words the site uses."""

import datetime

from django.utils import timezone


def _in_words(value: datetime.date | datetime.datetime | None, month: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return f"{value:{month}} {value.day}, {value.year}"


def long_date(value: datetime.date | datetime.datetime | None) -> str:
    """Return `March 5, 2027` (a datetime in the site's time zone); empty for None."""
    return _in_words(value, "%B")


def short_date(value: datetime.date | datetime.datetime | None) -> str:
    """Return `Mar 5, 2027`; empty for None."""
    return _in_words(value, "%b")


def miles_text(miles: float) -> str:
    """How far, as a patient reads it: "under 1 mile", "4.2 miles", "37 miles"."""
    if miles < 0.95:
        return "under 1 mile"
    return f"{miles:.1f} miles" if miles < 10 else f"{miles:.0f} miles"
