"""Read whole numbers from user input: ASCII digits only, and bounded.

`int()` reads "٣" (Arabic-Indic three) as 3 and `str.isdigit()` accepts "²",
which `int()` then refuses; an unbounded number overflows a database integer
or a date. Every number a user types, in a URL or a form, goes through here.
"""

import re

# The largest id every database we run on stores in an integer column
# (PostgreSQL's `integer`, SQLite's INTEGER, the auto ids of older tables).
MAX_ID = 2**31 - 1

_ASCII_DIGITS = re.compile(r"[0-9]+")


def parse_positive_int(text, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """Return `text` as an int from `minimum` to `maximum`, or None if it is not one."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str) or not _ASCII_DIGITS.fullmatch(text):
        return None
    # Leading zeros aside, a longer string than the maximum is out of range:
    # refused before int() so a megabyte of digits costs nothing.
    if len(text.lstrip("0")) > len(str(maximum)):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None
