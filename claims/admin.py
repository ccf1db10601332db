from django.contrib import admin

from .models import ClaimRequest


@admin.register(ClaimRequest)
class ClaimRequestAdmin(admin.ModelAdmin):
    """Claims are decided at /staff/claims/ (which emails the claimant); read-only here."""

    list_display = ["practitioner", "user", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["practitioner", "user"]
    raw_id_fields = ["practitioner", "user", "decided_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
