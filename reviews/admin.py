from django.contrib import admin

from .models import Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "practitioner",
        "display_name",
        "rating_overall",
        "status",
        "created_at",
    ]
    list_filter = ["status", "rating_overall"]
    search_fields = ["title", "body", "display_name", "practitioner__last_name"]
    list_select_related = ["practitioner"]
    raw_id_fields = ["practitioner", "author", "moderated_by"]
    # Status and aggregates change only through the moderation services.
    readonly_fields = ["status", "moderation_reason", "moderated_by", "moderated_at", "created_at"]
