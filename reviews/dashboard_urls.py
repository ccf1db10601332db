"""The practitioner's reviews and replies, mounted at /dashboard/reviews/."""

from django.urls import path

from . import dashboard_views

app_name = "reviews_dashboard"
urlpatterns = [
    path("", dashboard_views.review_list, name="list"),
    path("<int:pk>/reply/", dashboard_views.reply, name="reply"),
]
