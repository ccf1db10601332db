from django.apps import AppConfig


class PractitionersConfig(AppConfig):
    name = "practitioners"
    verbose_name = "Practitioners"

    def ready(self):
        from core import page_cache

        from .models import Clinic, Condition, Language, Practitioner, Technique

        page_cache.watch(Practitioner, Clinic, Condition, Technique, Language)

        from django.db.models.signals import post_delete, post_save

        from .filters import forget_vocabulary

        for model in (Condition, Technique, Language):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_vocabulary, sender=model, dispatch_uid=f"vocabulary-{model.__name__}"
                )
