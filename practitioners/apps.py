from django.apps import AppConfig


class PractitionersConfig(AppConfig):
    name = "practitioners"
    verbose_name = "Practitioners"

    def ready(self):
        from core import page_cache

        from .models import Clinic, Condition, Language, Practitioner, Technique

        page_cache.watch(Practitioner, Clinic, Condition, Technique, Language)
