"""Whole-page caching of public pages for anonymous visitors.

A cached page is stored with its CSP nonce replaced by a placeholder; each hit
gets a fresh nonce, so the Content-Security-Policy header and the page's
<script nonce> always match and no two responses share a nonce.

Invalidation is by version: any change to data a public page shows (a saved or
deleted practitioner, clinic, license, credential, review, reference row or
article) bumps one version number after the transaction commits, and every
key includes it. Keys also include the date, because license expiry is judged
by date. Pages that set cookies or carry a CSRF token are never cached.

The version is a row in the database (core.PageCacheVersion), not a cache
key: the pages cache may be each worker's own memory (no REDIS_URL) or Redis
may be down, and a version kept there would be bumped only where the write
happened, leaving other workers serving the old page. Every worker reads the
row once per cacheable request (one primary-key lookup). With a replica the
read goes there too, before the page's own reads, so a page is never stored
under a version newer than the data it was rendered from.
"""

import contextlib
import contextvars
import functools
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.connection import ConnectionProxy

from .models import PageCacheVersion

# The "pages" alias degrades to uncached when Redis is down (core/cache.py).
cache = ConnectionProxy(caches, "pages")
PLACEHOLDER = "__CSP_NONCE_PLACEHOLDER__"


def data_version() -> int:
    """Return the current version of public data (1 until the first change)."""
    version = PageCacheVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    return version or 1


def _bump() -> None:
    if PageCacheVersion.objects.filter(pk=1).update(value=F("value") + 1):
        return
    # No row yet (a new or flushed database): the first change creates it.
    _, created = PageCacheVersion.objects.get_or_create(pk=1, defaults={"value": 2})
    if not created:  # another process created it first; still count this change
        PageCacheVersion.objects.filter(pk=1).update(value=F("value") + 1)


# Inside bumps_batched(): writes only note that a bump is due.
_batched: contextvars.ContextVar[list[bool] | None] = contextvars.ContextVar(
    "page_cache_batched", default=None
)


@contextlib.contextmanager
def bumps_batched():
    """Queue one bump for every write inside, instead of one per row written.

    For bulk writers (the NPPES import): thousands of rows would otherwise
    queue thousands of UPDATEs of the one version row, each its own commit
    after the transaction. The one bump is queued on leaving the block, in
    the transaction the block ran in, so it runs when that commits.
    """
    due: list[bool] = []
    token = _batched.set(due)
    try:
        yield
    finally:
        _batched.reset(token)
        if due:
            bump_data_version()


def bump_data_version() -> None:
    """Invalidate every cached public page (after the current transaction commits)."""
    if (due := _batched.get()) is not None:
        if not due:
            due.append(True)
        return
    # robust: a failed bump is logged rather than turning a committed write
    # into an error page; pages then expire after PAGE_CACHE_SECONDS.
    transaction.on_commit(_bump, robust=True)


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or not getattr(settings, "PAGE_CACHE_SECONDS", 0):
        return False
    # A session or a flash message means this visitor may see personal content.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return "preview" not in request.GET


def versioned_key(prefix: str, request, *parts: str) -> str:
    """A cache key for this request's full path, the data version and today's date."""
    path = request.get_full_path()
    digest = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()
    today = timezone.localdate().isoformat()
    return ":".join([prefix, f"v{data_version()}", today, *parts, digest])


def _key(request) -> str:
    htmx = "1" if request.headers.get("HX-Request") == "true" else "0"
    return versioned_key("page-cache", request, htmx)


def cache_public_page(view):
    """Serve anonymous GETs of this view from the cache when possible."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            status, content_type, body = cached
            from django.http import HttpResponse

            nonce = str(request._csp_nonce) if hasattr(request, "_csp_nonce") else ""
            response = HttpResponse(
                body.replace(PLACEHOLDER, nonce), status=status, content_type=content_type
            )
            response["X-Page-Cache"] = "hit"
            patch_vary_headers(response, ["HX-Request", "Cookie"])
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        patch_vary_headers(response, ["HX-Request", "Cookie"])
        body = response.content.decode(response.charset or "utf-8")
        if (
            response.status_code == 200
            and not response.cookies
            and "csrfmiddlewaretoken" not in body
        ):
            nonce = getattr(request, "_csp_nonce", None)
            if nonce:  # LazyNonce is truthy only once the page used it
                body = body.replace(str(nonce), PLACEHOLDER)
            cache.set(
                key,
                (response.status_code, response["Content-Type"], body),
                settings.PAGE_CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
        return response

    return wrapped


def _changed(sender, **kwargs):
    bump_data_version()


def watch(*models) -> None:
    """Bump the version whenever one of these models (shown on public pages) is written.

    Each app calls this from its AppConfig.ready() for the models it owns;
    a many-to-many field's through table counts as written when it changes.
    """
    for model in models:
        label = model._meta.label
        post_save.connect(_changed, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"page-cache-delete-{label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _changed, sender=through, dispatch_uid=f"page-cache-m2m-{through._meta.label}"
            )
