"""A small per-account rate limit on the shared cache (fixed windows).

Counts live in Django's default cache, so with REDIS_URL set every worker
shares them; with the per-process memory cache each worker counts on its own,
which is acceptable for development only.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds

    @property
    def description(self) -> str:
        if self.period % 3600 == 0:
            hours = self.period // 3600
            return f"{self.limit} per hour" if hours == 1 else f"{self.limit} every {hours} hours"
        return f"{self.limit} every {self.period // 60} minutes"


# Overridable per action with settings.REVIEW_RATE_LIMITS = {"review": (5, 3600), ...}.
DEFAULT_RATES = {
    "review": Rate(limit=5, period=3600),
    "report": Rate(limit=10, period=3600),
}


@dataclass(frozen=True)
class Usage:
    allowed: bool
    rate: Rate
    retry_after: int  # seconds until the window resets

    @property
    def retry_after_minutes(self) -> int:
        return max(1, -(-self.retry_after // 60))


def rate_for(action: str) -> Rate:
    override = getattr(settings, "REVIEW_RATE_LIMITS", {}).get(action)
    return Rate(*override) if override else DEFAULT_RATES[action]


def consume(*, action: str, user) -> Usage:
    """Count one attempt of `action` by `user`; say whether it is within the limit."""
    rate = rate_for(action)
    now = int(time.time())
    window = now // rate.period
    key = f"ratelimit:{action}:{user.pk}:{window}"
    cache.add(key, 0, timeout=rate.period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=rate.period + 1)
        count = 1
    return Usage(
        allowed=count <= rate.limit, rate=rate, retry_after=rate.period - now % rate.period
    )
