"""Admin for licenses, credentials, boards and their events."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.html import format_html

from core.admin import ReadOnlyAdmin
from practitioners.admin import PractitionerAdmin
from practitioners.models import Practitioner

from . import services as verification
from .models import (
    Credential,
    License,
    LicensingBoard,
    PrimarySource,
    VerificationEvent,
    VerificationStatus,
)

# Verification state changes only through practitioners.verification, which
# records an event for each; the admin shows these fields but never edits them.
VERIFICATION_FIELDS = [
    "verification_status",
    "verified_by",
    "verified_at",
    "primary_source",
    "primary_source_reference",
    "next_recheck_on",
    "rejection_reason",
    "submitted_at",
    "version",
]


class LicenseInline(admin.TabularInline):
    model = License
    extra = 0
    fields = ["state", "number", "title", "status", "expires_on", "verification_status"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class CredentialInline(LicenseInline):
    model = Credential
    fields = ["kind", "issuer", "identifier", "expires_on", "verification_status"]
    readonly_fields = fields


# A practitioner's licenses and credentials, read-only, on their admin page.
admin.site.unregister(Practitioner)


@admin.register(Practitioner)
class PractitionerWithRecordsAdmin(PractitionerAdmin):
    inlines = [*PractitionerAdmin.inlines, LicenseInline, CredentialInline]


class AdminRejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        max_length=2000,
        help_text="Shown to each practitioner; they need to act on it.",
    )


class VerifiableAdmin(admin.ModelAdmin):
    """Licenses and credentials: facts are editable, verification only through the services."""

    list_filter = ["verification_status"]
    raw_id_fields = ["practitioner"]
    list_select_related = ["practitioner"]
    readonly_fields = [
        "decision_page",
        *VERIFICATION_FIELDS,
        "proof",
        "proof_content_type",
        "created_at",
        "updated_at",
    ]
    exclude = ["proof_document"]
    bulk_source = ""  # the PrimarySource of the subclass's bulk verify action

    def get_readonly_fields(self, request, obj=None):
        # A record never moves to another practitioner: its events belong to this one.
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "practitioner"] if obj is not None else readonly

    @admin.display(description="Decision")
    def decision_page(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = obj.staff_url()
        awaiting = obj.verification_status in (
            VerificationStatus.PENDING,
            VerificationStatus.NEEDS_REVIEW,
        )
        return format_html('<a href="{}">{}</a>', url, "Decide" if awaiting else "Open")

    @admin.display(description="Proof document")
    def proof(self, obj):
        # Private storage has no URL: link the staff-only, permission-checked view.
        if obj is None or not obj.proof_document:
            return "—"
        return format_html('<a href="{}">View the proof document</a>', obj.staff_url("document"))

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        # Edits go through the same rule as the dashboard's: a verified fact
        # edited here sends the record back to needs_review, with an event.
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        verification.update_record_facts(obj, actor=request.user, **changes)

    def _report(self, request, done: list, failed: list, verb: str) -> None:
        if done:
            self.message_user(request, f"{verb} {len(done)} record(s).", messages.SUCCESS)
        for record, reason in failed:
            self.message_user(request, f"{record}: {reason}", messages.ERROR)

    def verify_selected(self, request, queryset):
        """Verify each selected record against this admin's primary source, via the service.

        Only where the source is true for the record and names it: the service
        refuses the rest, each with its reason.
        """
        done, failed = [], []
        label = PrimarySource(self.bulk_source).label
        for record in queryset.order_by("pk"):
            reference = self.bulk_reference(record)
            try:
                verification.verify(
                    record,
                    actor=request.user,
                    primary_source=self.bulk_source,
                    reference=reference,
                    note=f"Verified from the admin against {label}: {reference}.",
                )
            except verification.VerificationError as exc:
                failed.append((record, str(exc)))
            else:
                done.append(record)
        self._report(request, done, failed, "Verified")

    def bulk_reference(self, record) -> str:
        """Return the reference the bulk action records, or "" when it has none to give."""
        raise NotImplementedError

    @admin.action(description="Reject selected (asks for the reason)")
    def reject_selected(self, request, queryset):
        form = AdminRejectForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, failed = [], []
            for record in queryset.order_by("pk"):
                try:
                    verification.reject(
                        record, actor=request.user, reason=form.cleaned_data["reason"]
                    )
                except verification.VerificationError as exc:
                    failed.append((record, str(exc)))
                else:
                    done.append(record)
            self._report(request, done, failed, "Rejected")
            return None
        return TemplateResponse(
            request,
            "admin/verification/reject_records.html",
            {
                **self.admin_site.each_context(request),
                "title": "Reject with a reason",
                "opts": self.model._meta,
                "records": list(queryset.select_related("practitioner")),
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "action": "reject_selected",
            },
        )


@admin.register(License)
class LicenseAdmin(VerifiableAdmin):
    bulk_source = PrimarySource.STATE_BOARD_LOOKUP
    actions = ["verify_against_board", "reject_selected"]
    list_display = [
        "__str__",
        "practitioner",
        "state",
        "status",
        "expires_on",
        "verification_status",
        "decision_page",
    ]
    list_filter = ["verification_status", "status", "state"]
    search_fields = ["number", "practitioner__last_name"]
    list_select_related = ["practitioner", "board"]

    @admin.action(description="Verify against state board lookup (boards with an online lookup)")
    def verify_against_board(self, request, queryset):
        self.verify_selected(request, queryset)

    def bulk_reference(self, record) -> str:
        board = record.issuing_board
        return f"{board.lookup} #{record.number}" if board and board.lookup else ""


@admin.register(Credential)
class CredentialAdmin(VerifiableAdmin):
    bulk_source = PrimarySource.NCCAOM_REGISTRY
    actions = ["verify_against_registry", "reject_selected"]

    @admin.action(description="Verify against the NCCAOM registry (NCCAOM certificates)")
    def verify_against_registry(self, request, queryset):
        self.verify_selected(request, queryset)

    def bulk_reference(self, record) -> str:
        # Without a certificate number there is no registry entry to name.
        return f"NCCAOM registry, certificate #{record.identifier}" if record.identifier else ""

    list_display = [
        "__str__",
        "practitioner",
        "issuer",
        "expires_on",
        "verification_status",
        "decision_page",
    ]
    list_filter = ["verification_status", "kind"]
    search_fields = ["identifier", "practitioner__last_name"]


@admin.register(VerificationEvent)
class VerificationEventAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at", "practitioner", "record", "from_status", "to_status", "actor",
        "primary_source", "primary_source_reference",
    ]  # fmt: skip
    list_filter = ["to_status"]
    list_select_related = ["practitioner", "license", "credential", "actor"]
    search_fields = ["practitioner__last_name", "note"]


@admin.register(LicensingBoard)
class LicensingBoardAdmin(admin.ModelAdmin):
    list_display = ["state", "name", "licenses_acupuncturists", "lookup_url", "updated_at"]
    list_filter = ["licenses_acupuncturists"]
    search_fields = ["state", "name"]
