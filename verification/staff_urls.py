"""Staff verification pages, mounted at /staff/verification/."""

from django.urls import include, path, register_converter

from accounts.decorators import staff_required

from . import staff_views
from .document_views import proof_document
from .kinds import RecordKindConverter

register_converter(RecordKindConverter, "record_kind")

app_name = "verification_staff"

# One license or credential: its decision page, its proof and the decisions on it.
record_patterns = [
    path("", staff_views.record_detail, name="record"),
    # The decision page's viewer: the same view as the owner's download, staff only.
    path("document", staff_required(proof_document), {"staff_viewer": True}, name="document"),
    path("verify/", staff_views.verify, name="verify"),
    path("reject/", staff_views.reject, name="reject"),
    path("request-changes/", staff_views.request_changes, name="request_changes"),
]
urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("log/", staff_views.log, name="log"),
    path("log.csv", staff_views.log_csv, name="log_csv"),
    path("<record_kind:kind>/<int:pk>/", include(record_patterns)),
]
