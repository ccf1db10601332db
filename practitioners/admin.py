"""Admin for profiles, clinics and the search vocabulary."""

from django.contrib import admin

from .models import Clinic, Condition, Language, Practitioner, Technique


class ClinicInline(admin.StackedInline):
    model = Clinic
    extra = 0
    readonly_fields = ["latitude", "longitude"]


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
    inlines = [ClinicInline]


@admin.register(Condition, Technique)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "explained_by"]
    list_editable = ["order"]
    raw_id_fields = ["explained_by"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
