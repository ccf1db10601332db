"""Proof documents, served only to the practitioner who owns them and to staff.

The files live in private storage, outside any URL; this view is the only way
to read them. Everyone else (another practitioner, a patient, an anonymous
visitor) gets a 404, so the view does not even confirm a document exists.

Two URLs reach it. The owner's download, /dashboard/documents/<kind>/<pk>/,
which staff may open in the browser with `?inline=1`; and the staff decision
page's viewer, /staff/verification/<kind>/<pk>/document (staff only), which
shows the file inline unless `?download=1`. Both serve a file as one of the
same few types, judged by its bytes, or as an opaque download.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.uploads import EXTENSIONS, JPEG, PDF, PNG, sniff

from .kinds import model_for

# The only types a proof is ever served as; uploads are checked to be one of them.
SERVED_TYPES = frozenset({PDF, JPEG, PNG})
HEAD_BYTES = 16
# No scripts, forms, plugins or navigation, whatever the file turns out to hold.
# `sandbox` gives it an opaque origin; Chromium's and Firefox's PDF viewers still
# render it.
DOCUMENT_CSP = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)


def can_read_documents_of(user, practitioner) -> bool:
    """Tell whether a user may read a practitioner's proof documents: the owner and staff."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_staff or practitioner.owner_id == user.pk)
    )


def served_type(record, head: bytes) -> str:
    """Return the type a proof is served as, from its first bytes ('' for an opaque download).

    The bytes decide; a stored type that says otherwise means the file is not
    what was uploaded, so it is not shown either.
    """
    sniffed = sniff(head)
    stored = (record.proof_content_type or "").split(";")[0].strip().lower()
    if sniffed not in SERVED_TYPES or stored not in ("", sniffed):
        return ""
    return sniffed


def proof_content_type(record) -> str:
    """Return the type a record's proof is served as ('' when missing or opaque)."""
    if not record.proof_document:
        return ""
    try:
        with record.proof_document.open("rb") as handle:
            return served_type(record, handle.read(HEAD_BYTES))
    except OSError:
        return ""


def _wants_inline(request, staff_viewer: bool) -> bool:
    if not request.user.is_staff:
        return False
    if staff_viewer:
        return "download" not in request.GET
    return request.GET.get("inline") == "1"


@never_cache
@require_GET
def proof_document(request, kind: str, pk: int, staff_viewer: bool = False):
    """Serve the proof of a license or credential to its owner or to staff."""
    user = request.user
    if not user.is_authenticated:
        raise Http404("No such document.")
    records = model_for(kind).objects.select_related("practitioner")
    if not user.is_staff:
        records = records.filter(practitioner__owner=user)
    record = get_object_or_404(records, pk=pk)
    if not record.proof_document or not can_read_documents_of(user, record.practitioner):
        raise Http404("No such document.")
    try:
        handle = record.proof_document.open("rb")
    except OSError:
        raise Http404("The document file is missing.") from None
    content_type = served_type(record, handle.read(HEAD_BYTES))
    handle.seek(0)
    inline = bool(content_type) and _wants_inline(request, staff_viewer)
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=f"{record.record_kind}-{record.pk}-proof.{EXTENSIONS.get(content_type, 'bin')}",
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOCUMENT_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Referrer-Policy"] = "no-referrer"
    if inline:
        # A staff page on this site may frame the viewer (the site default is DENY);
        # no other site may.
        response["X-Frame-Options"] = "SAMEORIGIN"
        response["Content-Security-Policy"] += "; frame-ancestors 'self'"
    return response
