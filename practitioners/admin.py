"""Admin for profiles, clinics and the search vocabulary.

Saves go through the same services as the dashboard, so an edit here keeps the
search text current and a new ZIP code moves the clinic's coordinates.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from . import services
from .models import Clinic, Condition, Language, Practitioner, Technique
from .search import refresh_search_fields


class ClinicAdminForm(forms.ModelForm):
    class Meta:
        model = Clinic
        fields = ["zip_code", *services.CLINIC_FIELDS]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("zip_code") and "zip_code" not in self.errors:
            try:
                services.clinic_location(zip_code=cleaned["zip_code"], state=cleaned.get("state"))
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


class ClinicInline(admin.StackedInline):
    model = Clinic
    form = ClinicAdminForm
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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Names, bio, conditions and techniques feed the stored search text.
        refresh_search_fields([form.instance.pk])

    def save_formset(self, request, form, formset, change):
        if formset.model is not Clinic:
            return super().save_formset(request, form, formset, change)
        # What formset.save() would record, for the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                services.remove_clinic(clinic=deleted.instance)
                formset.deleted_objects.append(deleted.instance)
        for clinic_form in formset.forms:
            if clinic_form in formset.deleted_forms or not clinic_form.has_changed():
                continue
            fields = {name: clinic_form.cleaned_data[name] for name in services.CLINIC_FIELDS}
            zip_code = clinic_form.cleaned_data["zip_code"]
            if clinic_form.instance.pk:
                clinic = services.update_clinic(
                    clinic=clinic_form.instance, zip_code=zip_code, **fields
                )
                formset.changed_objects.append((clinic, clinic_form.changed_data))
            else:
                clinic = services.add_own_clinic(
                    practitioner=form.instance, zip_code=zip_code, **fields
                )
                formset.new_objects.append(clinic)
        return None


@admin.register(Condition, Technique)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "explained_by"]
    list_editable = ["order"]
    raw_id_fields = ["explained_by"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
