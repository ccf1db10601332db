"""The practitioner's licenses, credentials and proof documents, mounted at /dashboard/."""

from django.urls import path

from . import dashboard_views as views
from .document_views import proof_document

app_name = "verification_dashboard"

LICENSE = {"kind": "license"}
CREDENTIAL = {"kind": "credential"}

urlpatterns = [
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
    # Proof documents: the owner and staff only (the staff viewer uses the same view).
    path("documents/license/<int:pk>/", proof_document, LICENSE, name="license_document"),
    path("documents/credential/<int:pk>/", proof_document, CREDENTIAL, name="credential_document"),
]
