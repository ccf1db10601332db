"""`check --deploy` questions a page cache kept in each worker's own memory."""

from types import SimpleNamespace

import pytest

from core.checks import page_cache_shared

LOCAL = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
REDIS = {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}


def ids(settings, pages: dict, seconds: int) -> list[str]:
    settings.CACHES = {"default": LOCAL, "pages": pages}
    settings.PAGE_CACHE_SECONDS = seconds
    return [message.id for message in page_cache_shared(None)]


def test_pages_cached_per_process_are_warned_about(settings):
    assert ids(settings, LOCAL, 300) == ["core.W001"]


@pytest.mark.parametrize(
    ("pages", "seconds"),
    [
        (REDIS, 300),
        (LOCAL, 0),
        ({"BACKEND": "django.core.cache.backends.dummy.DummyCache"}, 300),
    ],
    ids=["shared-redis", "page-cache-off", "nothing-cached"],
)
def test_a_shared_cache_or_no_page_caching_passes(settings, pages, seconds):
    assert ids(settings, pages, seconds) == []


def test_a_backend_that_does_not_import_is_not_this_check_s_concern(monkeypatch):
    # Not through Django's settings: tearing them down would build the cache.
    broken = SimpleNamespace(CACHES={"pages": {"BACKEND": "no.such.Cache"}}, PAGE_CACHE_SECONDS=300)
    monkeypatch.setattr("core.checks.settings", broken)
    assert page_cache_shared(None) == []


def test_the_check_runs_only_with_deploy():
    from django.core import checks

    assert page_cache_shared in checks.registry.registry.get_checks(include_deployment_checks=True)
    assert page_cache_shared not in checks.registry.registry.get_checks()
