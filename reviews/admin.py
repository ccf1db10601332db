from django.contrib import admin
from django.db import transaction

from core.admin import ReadOnlyAdmin

from .models import ModerationEvent, Review, ReviewReport
from .services import recompute_rating_aggregates


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
    # Status, replies and aggregates change only through the services (the
    # moderation queue at /staff/reviews/ and the practitioner's dashboard).
    readonly_fields = [
        "status",
        "moderation_reason",
        "moderated_by",
        "moderated_at",
        "reply_body",
        "replied_at",
        "created_at",
        "submitted_at",
        "version",
    ]

    @transaction.atomic
    def delete_model(self, request, obj):
        practitioner_id = obj.practitioner_id
        super().delete_model(request, obj)
        recompute_rating_aggregates(practitioner_id=practitioner_id)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        practitioner_ids = set(queryset.values_list("practitioner_id", flat=True))
        super().delete_queryset(request, queryset)
        for practitioner_id in sorted(practitioner_ids):
            recompute_rating_aggregates(practitioner_id=practitioner_id)


@admin.register(ReviewReport)
class ReviewReportAdmin(admin.ModelAdmin):
    list_display = ["review", "reason", "status", "resolution", "created_at"]
    list_filter = ["status", "reason", "resolution"]
    list_select_related = ["review"]
    raw_id_fields = ["review", "reporter", "resolved_by"]
    # Reports are resolved in the moderation queue, where every step is logged.
    readonly_fields = [
        "status",
        "resolution",
        "resolution_note",
        "resolved_by",
        "resolved_at",
        "created_at",
    ]


@admin.register(ModerationEvent)
class ModerationEventAdmin(ReadOnlyAdmin):
    """The moderation log, read-only: events are append-only."""

    list_display = ["created_at", "review", "action", "actor", "from_status", "to_status"]
    list_filter = ["action"]
    list_select_related = ["review", "actor"]
