from django.apps import AppConfig


class PractitionersConfig(AppConfig):
    name = "practitioners"
    verbose_name = "Practitioners and verification"

    def ready(self):
        from directory.page_cache import connect_signals

        connect_signals()
