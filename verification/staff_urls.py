"""Staff verification pages, mounted at /staff/verification/."""

from django.urls import path, register_converter

from . import staff_views


class RecordKindConverter:
    regex = "license|credential"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RecordKindConverter, "record_kind")

app_name = "verification_staff"
urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("log/", staff_views.log, name="log"),
    path("log.csv", staff_views.log_csv, name="log_csv"),
    path("<record_kind:kind>/<int:pk>/", staff_views.record_detail, name="record"),
    path("<record_kind:kind>/<int:pk>/document", staff_views.document, name="document"),
    path("<record_kind:kind>/<int:pk>/verify/", staff_views.verify, name="verify"),
    path("<record_kind:kind>/<int:pk>/reject/", staff_views.reject, name="reject"),
    path(
        "<record_kind:kind>/<int:pk>/request-changes/",
        staff_views.request_changes,
        name="request_changes",
    ),
]
