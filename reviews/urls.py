"""Patients' review pages, mounted at the site root (next to the profiles they belong to)."""

from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("practitioners/<slug:slug>/review/", views.write_review, name="write"),
    path(
        "practitioners/<slug:slug>/reviews/<int:pk>/report/",
        views.report_review,
        name="report",
    ),
    path("reviews/policy/", views.policy, name="policy"),
    path("account/reviews/", views.my_reviews, name="mine"),
    path("account/reviews/<int:pk>/delete/", views.delete_review, name="delete"),
]
