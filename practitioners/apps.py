from django.apps import AppConfig


class PractitionersConfig(AppConfig):
    name = "practitioners"
    verbose_name = "Practitioners"

    def ready(self):
        from core import page_cache

        from .models import Clinic, Condition, Language, Practitioner, Technique

        page_cache.watch(Practitioner, Clinic, Condition, Technique, Language)

        from django.db.models.signals import post_delete, post_save

        from education.models import Article, ArticleSection

        from .terms import forget_terms

        for signal in (post_save, post_delete):
            # The kept terms (what pages name and the search form offers) carry
            # the article section that explains each.
            for model in (Condition, Technique, Language, Article, ArticleSection):
                signal.connect(forget_terms, sender=model, dispatch_uid=f"terms-{model.__name__}")
