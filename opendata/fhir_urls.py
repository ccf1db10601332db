from django.urls import path, re_path

from . import fhir, fhir_directory

app_name = "fhir"
urlpatterns = [
    path("metadata", fhir_directory.metadata, name="metadata"),
    path("Practitioner", fhir.practitioner_search, name="practitioner-search"),
    path("Practitioner/<str:pk>", fhir.practitioner_read, name="practitioner-read"),
    path("VerificationResult", fhir.verification_result_search, name="verification-result-search"),
    path("Location", fhir_directory.location_search, name="location-search"),
    path("Location/<str:pk>", fhir_directory.location_read, name="location-read"),
    path("PractitionerRole", fhir_directory.role_search, name="role-search"),
    path("PractitionerRole/<str:pk>", fhir_directory.role_read, name="role-read"),
    # Anything else under /fhir/ answers an OperationOutcome, never an HTML page.
    re_path(r"^(?P<path>.*)$", fhir_directory.unknown, name="unknown"),
]
