"""Whole numbers from user input: ASCII digits only, within bounds."""

import pytest

from core.numbers import MAX_ID, parse_positive_int


@pytest.mark.parametrize(
    ("text", "expected"), [("1", 1), ("42", 42), ("007", 7), (str(MAX_ID), MAX_ID), (5, 5)]
)
def test_ascii_digits_within_the_bounds_are_read(text, expected):
    assert parse_positive_int(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "²",  # str.isdigit() says yes, int() says no
        "١",  # int() reads Arabic-Indic one as 1
        "٣",
        "１",  # fullwidth one
        "",
        " 1",
        "1 ",
        "+1",
        "-1",
        "0",
        "1.0",
        "1e3",
        "1_000",
        "\x00",
        str(MAX_ID + 1),
        "9" * 25,
        "9" * 100_000,
        None,
        True,
        ["1"],
    ],
)
def test_anything_else_is_none(text):
    assert parse_positive_int(text) is None


def test_the_bounds_are_chosen_by_the_caller():
    assert parse_positive_int("0", minimum=0) == 0
    assert parse_positive_int("100", maximum=100) == 100
    assert parse_positive_int("101", maximum=100) is None
    assert parse_positive_int("0000000000000100", maximum=100) == 100
