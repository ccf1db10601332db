"""The practitioner's dashboard, mounted at /dashboard/."""

from django.urls import path

from . import dashboard_views as views
from .document_views import proof_document

app_name = "dashboard"

LICENSE = {"kind": "license"}
CREDENTIAL = {"kind": "credential"}

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile_edit, name="profile"),
    path("profile/new/", views.profile_create, name="profile_create"),
    path("publication/", views.publication, name="publication"),
    path("claim/", views.claim_search, name="claim_search"),
    path("claim/<slug:slug>/", views.claim_start, name="claim_start"),
    path("claims/<int:pk>/withdraw/", views.claim_withdraw, name="claim_withdraw"),
    path("clinics/", views.clinic_list, name="clinics"),
    path("clinics/new/", views.clinic_add, name="clinic_add"),
    path("clinics/<int:pk>/", views.clinic_edit, name="clinic_edit"),
    path("clinics/<int:pk>/delete/", views.clinic_delete, name="clinic_delete"),
    path("licenses/", views.record_list, LICENSE, name="licenses"),
    path("licenses/new/", views.record_add, LICENSE, name="license_add"),
    path("licenses/<int:pk>/", views.record_edit, LICENSE, name="license_edit"),
    path("licenses/<int:pk>/submit/", views.record_submit, LICENSE, name="license_submit"),
    path("licenses/<int:pk>/delete/", views.record_delete, LICENSE, name="license_delete"),
    path("credentials/", views.record_list, CREDENTIAL, name="credentials"),
    path("credentials/new/", views.record_add, CREDENTIAL, name="credential_add"),
    path("credentials/<int:pk>/", views.record_edit, CREDENTIAL, name="credential_edit"),
    path("credentials/<int:pk>/submit/", views.record_submit, CREDENTIAL, name="credential_submit"),
    path("credentials/<int:pk>/delete/", views.record_delete, CREDENTIAL, name="credential_delete"),
    # Proof documents: the owner and staff only (staff tools link here too).
    path("documents/license/<int:pk>/", proof_document, LICENSE, name="license_document"),
    path("documents/credential/<int:pk>/", proof_document, CREDENTIAL, name="credential_document"),
]
