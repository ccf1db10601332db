from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared pieces"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401  (registers the system checks)
        from .sites import sync_site

        post_migrate.connect(sync_site, sender=self, dispatch_uid="sync-site-domain")
