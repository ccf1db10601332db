from django.apps import AppConfig


class PractitionersConfig(AppConfig):
    name = "practitioners"
    verbose_name = "Practitioners and verification"

    def ready(self):
        from django.db.models.signals import post_migrate

        from directory.page_cache import connect_signals
        from directory.site_domain import sync_site

        connect_signals()
        post_migrate.connect(sync_site, sender=self, dispatch_uid="sync-site-domain")
