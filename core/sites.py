"""Keep django.contrib.sites' current Site in step with the SITE_DOMAIN setting.

Emails sent outside a request (the daily sweep) and the sitemap build
absolute links from the current Site; it is configuration, so it follows the
environment after every migrate rather than living as hand-edited data.
"""

from django.conf import settings


def sync_site(sender, using="default", **kwargs):
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": settings.SITE_DOMAIN, "name": settings.SITE_NAME[:50]},
    )
    Site.objects.clear_cache()
