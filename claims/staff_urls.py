"""Staff review of profile claims, mounted at /staff/claims/."""

from django.urls import path

from . import staff_views

app_name = "staff_claims"
urlpatterns = [
    path("", staff_views.claim_list, name="list"),
    path("<int:pk>/", staff_views.claim_detail, name="detail"),
]
