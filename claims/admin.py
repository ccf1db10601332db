from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import ClaimRequest


@admin.register(ClaimRequest)
class ClaimRequestAdmin(ReadOnlyAdmin):
    """Claims are decided at /staff/claims/ (which emails the claimant); read-only here."""

    list_display = ["practitioner", "user", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["practitioner", "user"]
    raw_id_fields = ["practitioner", "user", "decided_by"]
