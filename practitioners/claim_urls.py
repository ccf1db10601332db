"""Staff review of profile claims, mounted at /staff/claims/."""

from django.urls import path

from . import claim_views

app_name = "staff_claims"
urlpatterns = [
    path("", claim_views.claim_list, name="list"),
    path("<int:pk>/", claim_views.claim_detail, name="detail"),
]
