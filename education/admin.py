from django.contrib import admin

from .models import Article, ArticleSection, TopicLink


class ArticleSectionInline(admin.StackedInline):
    model = ArticleSection
    extra = 0
    fields = ["order", "anchor", "heading", "body"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "slug",
        "order",
        "is_published",
        "reviewed_on",
        "reviewed_by",
        "updated_at",
    ]
    list_filter = ["is_published"]
    search_fields = ["title", "summary", "sections__body"]
    inlines = [ArticleSectionInline]

    def get_readonly_fields(self, request, obj=None):
        # The slug is part of bookmarked URLs and profile links: fixed once saved.
        return ["slug"] if obj else []


@admin.register(TopicLink)
class TopicLinkAdmin(admin.ModelAdmin):
    list_display = ["topic", "section"]
    autocomplete_fields = ["section"]


@admin.register(ArticleSection)
class ArticleSectionAdmin(admin.ModelAdmin):
    list_display = ["heading", "article", "anchor", "order"]
    search_fields = ["heading", "anchor", "article__title"]
    list_select_related = ["article"]
