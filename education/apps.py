from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = "Education"

    def ready(self):
        from core import page_cache

        from .models import Article, ArticleSection, TopicLink

        page_cache.watch(Article, ArticleSection, TopicLink)
