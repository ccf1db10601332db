from django.urls import path

from . import fhir

app_name = "fhir"
urlpatterns = [
    path("Practitioner", fhir.practitioner_search, name="practitioner-search"),
    path("Practitioner/<str:pk>", fhir.practitioner_read, name="practitioner-read"),
    path("VerificationResult", fhir.verification_result_search, name="verification-result-search"),
]
