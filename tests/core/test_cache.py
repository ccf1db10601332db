"""core.cache: the Redis cache keeps the site answering while Redis is down."""

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from core import cache as resilient


class FakeRedis:
    """Stands in for Django's RedisCacheClient: a dict that can be switched off."""

    def __init__(self):
        self.data = {}
        self.down = False
        self.calls = 0

    def _check(self):
        self.calls += 1
        if self.down:
            raise RedisConnectionError("Connection refused")

    def get(self, key, default):
        self._check()
        return self.data.get(key, default)

    def set(self, key, value, timeout):
        self._check()
        self.data[key] = value

    def add(self, key, value, timeout):
        self._check()
        return self.data.setdefault(key, value) is value

    def delete(self, key):
        self._check()
        return self.data.pop(key, None) is not None

    def incr(self, key, delta):
        self._check()
        if key not in self.data:
            raise ValueError(f"Key '{key}' not found.")
        self.data[key] += delta
        return self.data[key]


def make_cache(fallback: str, monkeypatch) -> tuple[resilient.ResilientRedisCache, FakeRedis]:
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0)
    cache = resilient.ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"FALLBACK": fallback}}
    )
    cache._cache = fake = FakeRedis()
    return cache, fake


def test_the_page_cache_misses_and_drops_writes_while_redis_is_down(monkeypatch):
    cache, fake = make_cache("none", monkeypatch)
    cache.set("page", "cached html")
    fake.down = True
    assert cache.get("page") is None
    assert cache.get("page", "fallback") == "fallback"
    cache.set("page", "new html")  # no error, nothing stored
    assert cache.add("lock", 1) is False
    with pytest.raises(ValueError):
        cache.incr("version")


def test_an_invalidation_made_during_the_outage_reaches_redis_when_it_is_back(monkeypatch):
    cache, fake = make_cache("none", monkeypatch)
    cache.set("version", 1)
    cache.set("old-page", "stale html")
    fake.down = True
    with pytest.raises(ValueError):
        cache.incr("version")
    cache.delete("old-page")
    fake.down = False
    assert cache.get("version") == 2
    assert cache.get("old-page") is None


def test_rate_limits_keep_counting_in_memory_while_redis_is_down(monkeypatch):
    cache, fake = make_cache("local", monkeypatch)
    fake.down = True
    assert cache.add("attempts", 0) is True
    assert [cache.incr("attempts") for _ in range(3)] == [1, 2, 3]
    assert cache.get("attempts") == 3
    fake.down = False
    cache.set("attempts", 9)
    assert fake.data[cache.make_key("attempts")] == 9


def test_after_a_failure_redis_is_left_alone_for_a_few_seconds(monkeypatch):
    cache, fake = make_cache("local", monkeypatch)
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 60)
    fake.down = True
    for _ in range(5):
        cache.get("anything")
    assert fake.calls == 1


def test_an_unknown_fallback_is_refused():
    with pytest.raises(ValueError, match="FALLBACK"):
        resilient.ResilientRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"FALLBACK": "x"}})
