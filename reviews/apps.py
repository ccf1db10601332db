from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self):
        from core import page_cache
        from practitioners import extensions

        from .extension import ReviewsExtension
        from .models import Review

        page_cache.watch(Review)
        extensions.register(ReviewsExtension())
