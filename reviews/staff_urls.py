"""The moderation queue, mounted at /staff/reviews/."""

from django.urls import path

from . import staff_views

app_name = "reviews_staff"
urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("log/", staff_views.log, name="log"),
    path("<int:pk>/", staff_views.review_detail, name="review"),
    path("<int:pk>/publish/", staff_views.publish, name="publish"),
    path("<int:pk>/reject/", staff_views.reject, name="reject"),
    path("reports/<int:pk>/resolve/", staff_views.resolve, name="resolve"),
]
