from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = "Education"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core import page_cache

        from .models import Article, ArticleSection, TopicLink, forget_topic_map

        page_cache.watch(Article, ArticleSection, TopicLink)
        for model in (Article, ArticleSection, TopicLink):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_topic_map, sender=model, dispatch_uid=f"topic-map-{model.__name__}"
                )
