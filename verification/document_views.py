"""Proof documents, served only to the practitioner who owns them and to staff.

The files live in private storage, outside any URL; this view is the only way
to read them. Everyone else (another practitioner, a patient, an anonymous
visitor) gets a 404, so the view does not even confirm a document exists.

Staff tools reuse it: link to `{% url 'verification_dashboard:license_document' pk %}` (or
`credential_document`), adding `?inline=1` to show the file in the browser
instead of downloading it (staff only).
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import Credential, License

RECORD_MODELS = {"license": License, "credential": Credential}
SAFE_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# No scripts, forms, plugins or navigation, whatever the file turns out to hold.
DOCUMENT_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


def can_read_documents_of(user, practitioner) -> bool:
    """The owner of the profile, and staff, may read its proof documents."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_staff or practitioner.owner_id == user.pk)
    )


def proof_document_response(record, *, inline: bool = False) -> FileResponse:
    """Stream a record's proof with headers that stop browsers from running it."""
    content_type = record.proof_content_type
    extension = SAFE_TYPES.get(content_type)
    if extension is None:
        content_type, extension = "application/octet-stream", "bin"
    try:
        handle = record.proof_document.open("rb")
    except FileNotFoundError:
        raise Http404("The document file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=f"{record.kind_label}-{record.pk}-proof.{extension}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOCUMENT_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Referrer-Policy"] = "no-referrer"
    if inline:
        # A staff page on this site may embed the viewer; no other site may.
        response["X-Frame-Options"] = "SAMEORIGIN"
        response["Content-Security-Policy"] += "; frame-ancestors 'self'"
    return response


@never_cache
@require_GET
def proof_document(request, kind: str, pk: int):
    """Download (or, for staff, view) the proof of a license or credential."""
    model = RECORD_MODELS.get(kind)
    user = request.user
    if model is None or not user.is_authenticated:
        raise Http404("No such document.")
    records = model.objects.select_related("practitioner")
    if not user.is_staff:
        records = records.filter(practitioner__owner=user)
    record = get_object_or_404(records, pk=pk)
    if not record.proof_document or not can_read_documents_of(user, record.practitioner):
        raise Http404("No such document.")
    inline = request.GET.get("inline") == "1" and user.is_staff
    return proof_document_response(record, inline=inline)
