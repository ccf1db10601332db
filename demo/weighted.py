"""Weighted random choice from (value, weight) tables."""

import bisect
import random
from collections.abc import Iterable

# A table prepared for `pick`: the values and their running weight totals.
Cumulative = tuple[tuple, tuple[int, ...]]


def cumulative(pairs: Iterable[tuple[object, int]]) -> Cumulative:
    """Prepare (value, weight) pairs for `pick`."""
    values, running, totals = [], 0, []
    for value, weight in pairs:
        running += weight
        values.append(value)
        totals.append(running)
    return tuple(values), tuple(totals)


def pick(rng: random.Random, table: Cumulative) -> object:
    """Draw one value from a `cumulative` table, in proportion to its weight."""
    values, totals = table
    return values[bisect.bisect_right(totals, rng.random() * totals[-1])]
