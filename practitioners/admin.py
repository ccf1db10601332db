from django.contrib import admin

from .models import (
    Clinic,
    Condition,
    Credential,
    Language,
    License,
    LicensingBoard,
    Practitioner,
    Technique,
    VerificationEvent,
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


class ClinicInline(admin.StackedInline):
    model = Clinic
    extra = 0
    readonly_fields = ["latitude", "longitude"]


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


@admin.register(Practitioner)
class PractitionerAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "slug",
        "publication_status",
        "review_count",
        "rating_average",
        "updated_at",
    ]
    list_filter = ["publication_status", "accepting_new_patients", "techniques"]
    search_fields = ["first_name", "last_name", "slug", "email", "npi"]
    raw_id_fields = ["owner"]
    filter_horizontal = ["conditions", "techniques", "languages"]
    readonly_fields = ["review_count", "rating_average", "created_at", "updated_at"]
    inlines = [ClinicInline, LicenseInline, CredentialInline]


class VerifiableAdmin(admin.ModelAdmin):
    list_filter = ["verification_status"]
    raw_id_fields = ["practitioner"]
    list_select_related = ["practitioner"]
    readonly_fields = VERIFICATION_FIELDS + ["proof_document", "proof_content_type"]


@admin.register(License)
class LicenseAdmin(VerifiableAdmin):
    list_display = [
        "__str__",
        "practitioner",
        "state",
        "status",
        "expires_on",
        "verification_status",
    ]
    list_filter = ["verification_status", "status", "state"]
    search_fields = ["number", "practitioner__last_name"]


@admin.register(Credential)
class CredentialAdmin(VerifiableAdmin):
    list_display = ["__str__", "practitioner", "issuer", "expires_on", "verification_status"]
    list_filter = ["verification_status", "kind"]
    search_fields = ["identifier", "practitioner__last_name"]


@admin.register(VerificationEvent)
class VerificationEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "practitioner", "record", "from_status", "to_status", "actor"]
    list_filter = ["to_status"]
    list_select_related = ["practitioner", "license", "credential", "actor"]
    search_fields = ["practitioner__last_name", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LicensingBoard)
class LicensingBoardAdmin(admin.ModelAdmin):
    list_display = ["state", "name", "licenses_acupuncturists", "lookup_url", "updated_at"]
    list_filter = ["licenses_acupuncturists"]
    search_fields = ["state", "name"]


@admin.register(Condition, Technique)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "explained_by"]
    list_editable = ["order"]
    raw_id_fields = ["explained_by"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
