"""`demo.weighted`: draws follow the weights."""

import random
from collections import Counter

from demo.weighted import cumulative, pick


def test_draws_follow_the_weights_and_skip_zero_weights():
    table = cumulative([("often", 80), ("never", 0), ("sometimes", 20)])
    rng = random.Random(1)

    drawn = Counter(pick(rng, table) for _ in range(10_000))

    assert set(drawn) == {"often", "sometimes"}
    assert 0.77 < drawn["often"] / 10_000 < 0.83
