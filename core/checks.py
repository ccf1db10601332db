"""System checks for settings `check --deploy` should question."""

from django.conf import settings
from django.core import checks
from django.core.cache.backends.locmem import LocMemCache
from django.utils.module_loading import import_string


def _per_process(alias: str) -> bool:
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    try:
        return issubclass(import_string(backend), LocMemCache)
    except ImportError:
        return False  # Django's own cache checks report a backend that does not import


@checks.register(checks.Tags.caches, deploy=True)
def page_cache_shared(app_configs, **kwargs):
    """Warn when production caches whole pages in each worker's own memory."""
    if not settings.PAGE_CACHE_SECONDS or not _per_process("pages"):
        return []
    return [
        checks.Warning(
            'Public pages are cached in each worker\'s own memory (the "pages" cache is '
            "a LocMemCache).",
            hint=(
                "Pages stay current, because their version is read from the database, but "
                "every worker renders and stores its own copy of each page. Set REDIS_URL so "
                "all workers share one cache (docs/deployment.md), or PAGE_CACHE_SECONDS=0 to "
                "cache no pages."
            ),
            id="core.W001",
        )
    ]
