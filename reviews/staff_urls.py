"""The moderation queue, mounted at /staff/reviews/."""

from django.urls import include, path

from . import staff_views

app_name = "reviews_staff"

# One review: its page and the moderator's decisions on it.
review_patterns = [
    path("", staff_views.review_detail, name="review"),
    path("publish/", staff_views.publish, name="publish"),
    path("reject/", staff_views.reject, name="reject"),
]
urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("log/", staff_views.log, name="log"),
    path("<int:pk>/", include(review_patterns)),
    path("reports/<int:pk>/resolve/", staff_views.resolve, name="resolve"),
]
