"""Claiming an existing profile, mounted at /dashboard/."""

from django.urls import path

from . import views

app_name = "claims"

urlpatterns = [
    path("claim/", views.claim_search, name="claim_search"),
    path("claim/by-npi/", views.claim_by_npi, name="claim_by_npi"),
    path("claim/<slug:slug>/", views.claim_start, name="claim_start"),
    path("claims/<int:pk>/withdraw/", views.claim_withdraw, name="claim_withdraw"),
]
