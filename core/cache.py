"""A Redis cache that keeps the site answering while Redis is unreachable.

Two behaviours, chosen per cache alias with OPTIONS["FALLBACK"]:

- "local": this process's memory stands in until Redis answers again. The
  default alias uses it, because django-allauth's log-in and sign-up limits,
  the review limits and the API throttle count there: during an outage each
  worker counts on its own, so limits still refuse (at worst once per worker)
  instead of failing open or failing with a 500.
- "none": an empty cache (every read misses, writes are dropped). The page
  cache uses it: pages are simply rendered fresh rather than each worker
  filling its own copy for the length of the outage (their version is in the
  database, core/page_cache.py, so either would be current). Deletes and
  increments Redis did not receive are sent once it is back.

After a failure Redis is not tried again for RETRY_SECONDS, so an outage costs
one refused connection per worker every few seconds, not one per call.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, with a fallback while Redis cannot be reached."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.fallback = options.pop("FALLBACK", "none")
        if self.fallback not in ("local", "none"):
            raise ValueError(
                f'OPTIONS["FALLBACK"] must be "local" or "none", not {self.fallback!r}'
            )
        params = {**params, "OPTIONS": options}
        super().__init__(server, params)
        self._local = LocMemCache(f"redis-fallback:{server}", params)
        self._down_until = 0.0
        self._missed: set[tuple] = set()  # invalidations to send when Redis is back

    def _call(self, name: str, *args, empty, invalidation: tuple | None = None):
        if time.monotonic() >= self._down_until:
            try:
                self._send_missed()
                return getattr(super(), name)(*args)
            except RedisError as exc:
                if not self._down_until:
                    logger.error("Redis unreachable, using the %s fallback: %s", self.fallback, exc)
                self._down_until = time.monotonic() + RETRY_SECONDS
        if self.fallback == "local":
            return getattr(self._local, name)(*args)
        if invalidation:
            self._missed.add(invalidation)
        if isinstance(empty, Exception):
            raise empty
        return empty

    def _send_missed(self) -> None:
        if self._down_until:
            logger.warning("Redis answers again")
            self._down_until = 0.0
        while self._missed:
            name, key, version = self._missed.pop()
            try:
                if name == "incr":
                    super().incr(key, 1, version)
                else:
                    super().delete(key, version)
            except ValueError:
                pass  # the key is gone (Redis restarted empty): nothing stale to invalidate
            except RedisError:
                self._missed.add((name, key, version))
                raise

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version, empty=False)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version, empty=default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version, empty=None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version, empty=False)

    def delete(self, key, version=None):
        return self._call(
            "delete", key, version, empty=False, invalidation=("delete", key, version)
        )

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version, empty={})

    def has_key(self, key, version=None):
        return self._call("has_key", key, version, empty=False)

    def incr(self, key, delta=1, version=None):
        missing = ValueError(f"Key '{key}' not found (Redis unreachable).")
        return self._call(
            "incr", key, delta, version, empty=missing, invalidation=("incr", key, version)
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version, empty=list(data))

    def delete_many(self, keys, version=None):
        for key in keys:
            self.delete(key, version)

    def clear(self):
        self._local.clear()
        return self._call("clear", empty=False)
