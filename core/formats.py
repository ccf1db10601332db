"""Dates in the words the site uses."""

import datetime

from django.utils import timezone


def long_date(value: datetime.date | datetime.datetime | None) -> str:
    """`March 5, 2027` (a datetime in the site's time zone); empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return f"{value:%B} {value.day}, {value.year}"


def short_date(value: datetime.date | datetime.datetime | None) -> str:
    """`Mar 5, 2027`; empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return f"{value:%b} {value.day}, {value.year}"
