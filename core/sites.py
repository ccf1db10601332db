"""The site's one address: SITE_DOMAIN, and django.contrib.sites' Site kept in step with it.

Every email builds its links with `absolute_url()`, never from the host a
request came in on: a sign-up sent while browsing 127.0.0.1 or an internal
host name would otherwise send patients somewhere else than a verification
email does. The sitemap builds absolute links from the current Site; it is
configuration, so it follows the environment after every migrate rather than
living as hand-edited data.
"""

from django.conf import settings


def sync_site(sender, using="default", **kwargs):
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": settings.SITE_DOMAIN, "name": settings.SITE_NAME[:50]},
    )
    Site.objects.clear_cache()


def absolute_url(path: str) -> str:
    """Return `path` on the site's address: the scheme from the settings, SITE_DOMAIN."""
    return f"{site_protocol()}://{settings.SITE_DOMAIN}{path}"


def site_protocol() -> str:
    """Return ACCOUNT_DEFAULT_HTTP_PROTOCOL, else the scheme the site redirects to."""
    # Without the setting: https where the site forces it (production), http
    # for `make run`, whose runserver speaks no TLS (an https link would not open).
    configured = getattr(settings, "ACCOUNT_DEFAULT_HTTP_PROTOCOL", "")
    return configured or ("https" if settings.SECURE_SSL_REDIRECT else "http")
