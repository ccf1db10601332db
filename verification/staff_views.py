"""Staff verification pages at /staff/verification/: queue, decisions, proof documents, log.

Every view is staff only: anonymous visitors are sent to the login page and
signed-in non-staff get a 404, the same answer as for a record that does not
exist, so nothing about records leaks. Decisions are one call each to
`practitioners.verification`, which locks the row, checks the version the
verifier saw, records the event and emails the practitioner after commit.
"""

import csv

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import staff_required
from core.pagination import paginate
from opendata.exports import Echo, spreadsheet_safe

from . import notifications
from . import services as verification
from .models import Credential, License, LicensingBoard, VerificationStatus
from .queue import (
    KINDS,
    load_entries,
    log_events,
    median_decision_time,
    practitioner_events,
    queue_counts,
    queue_rows,
    record_events,
)
from .staff_forms import (
    LogFilterForm,
    QueueFilterForm,
    RejectForm,
    RequestChangesForm,
    VerifyForm,
    decision_forms,
)

S = VerificationStatus
QUEUE_PAGE_SIZE = 25
LOG_PAGE_SIZE = 50
OTHER_EVENTS_SHOWN = 20

# Proof documents the browser may show inline; anything else is only downloaded.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})
MAGIC_BYTES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
}
# The proof document is framed by the decision page only. `sandbox` gives it
# an opaque origin with no scripts, forms or popups, whatever its bytes are;
# Chromium's and Firefox's PDF viewers still render it.
DOCUMENT_CSP = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


def _record_or_404(kind: str, pk: int) -> License | Credential:
    model = KINDS.get(kind)
    if model is None:
        raise Http404("Not found")
    related = ["practitioner__owner", "verified_by"]
    if model is License:
        related.append("board")
    return get_object_or_404(model.objects.select_related(*related), pk=pk)


def sniff_content_type(head: bytes) -> str:
    """Tell a proof document's type from its first bytes ('' when unknown)."""
    for magic, content_type in MAGIC_BYTES:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return ""


def proof_content_type(record, head: bytes | None = None) -> str:
    """The stored type when it is one we show inline, else what the bytes say."""
    stored = (record.proof_content_type or "").split(";")[0].strip().lower()
    if stored in INLINE_TYPES:
        return stored
    if head is None:
        try:
            with record.proof_document.open("rb") as f:
                head = f.read(16)
        except (FileNotFoundError, OSError):
            return ""
    return sniff_content_type(head)


# The queue


def _filtered(request, form) -> bool:
    """Whether any filter of the form is set (the page says so and offers to clear them)."""
    return any(request.GET.get(name) for name in form.fields)


@staff_required
@require_GET
def queue(request):
    """Pending and needs-review records, oldest first, filtered and paginated."""
    form = QueueFilterForm(request.GET or None)
    filters = form.filters()
    page, page_message = paginate(queue_rows(filters), QUEUE_PAGE_SIZE, request.GET.get("page"))
    entries = load_entries(list(page.object_list))
    return render(
        request,
        "verification/staff/queue.html",
        {
            "form": form,
            "page": page,
            "entries": entries,
            "counts": queue_counts(),
            "decision_time": median_decision_time(),
            "page_message": page_message,
            "filtered": _filtered(request, form),
        },
    )


# One record: facts, proof, board lookup, history and the decisions


def _board_for(record) -> LicensingBoard | None:
    if not isinstance(record, License):
        return None
    return record.board or LicensingBoard.objects.filter(state=record.state).first()


def _render_record(request, record, *, status: int = 200, problem: str = "", **bound):
    kind = "license" if isinstance(record, License) else "credential"
    content_type = proof_content_type(record) if record.proof_document else ""
    document_url = reverse("verification_staff:document", args=[kind, record.pk])
    other_events = list(practitioner_events(record)[: OTHER_EVENTS_SHOWN + 1])
    context = {
        "record": record,
        "kind": kind,
        "practitioner": record.practitioner,
        "board": _board_for(record),
        "is_nccaom": kind == "credential" and record.kind in Credential.NCCAOM_KINDS,
        "awaiting": record.verification_status in (S.PENDING, S.NEEDS_REVIEW),
        "content_type": content_type,
        "is_pdf": content_type == "application/pdf",
        "is_image": content_type.startswith("image/"),
        "document_url": document_url,
        "download_url": f"{document_url}?download=1",
        "events": list(record_events(record)),
        "other_events": other_events[:OTHER_EVENTS_SHOWN],
        "more_other_events": len(other_events) > OTHER_EVENTS_SHOWN,
        "problem": problem,
        "form_errors": [
            (form[name].label, message, form[name].auto_id)
            for form in bound.values()
            for name, field_errors in form.errors.items()
            if name in form.fields
            for message in field_errors
        ],
        "show_forms": record.verification_status in (S.PENDING, S.NEEDS_REVIEW) or bool(bound),
        "today": timezone.localdate(),
        **decision_forms(record, **bound),
    }
    response = render(request, "verification/staff/record.html", context, status=status)
    # This page alone may frame (and embed) same-origin documents: the proof viewer.
    response._csp_config = {
        **settings.SECURE_CSP,
        "frame-src": [CSP.SELF],
        "object-src": [CSP.SELF],
    }
    return response


@staff_required
@require_GET
def record_detail(request, kind, pk):
    return _render_record(request, _record_or_404(kind, pk))


def _decide(request, kind: str, pk: int, *, form_class, prefix: str, act, done: str):
    """Validate a decision form, make the decision, or re-render with nothing lost."""
    record = _record_or_404(kind, pk)
    bound_name = f"{prefix}_form"
    form = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        return _render_record(request, record, status=400, **{bound_name: form})
    try:
        act(record, form.cleaned_data, request.user)
    except verification.StaleRecord as exc:
        record.refresh_from_db()
        # Keep everything the verifier typed; the form now carries the current
        # version, so submitting again decides on what they can now see.
        data = request.POST.copy()
        data[f"{prefix}-version"] = str(record.version)
        fresh = form_class(data, prefix=prefix)
        return _render_record(request, record, status=409, problem=str(exc), **{bound_name: fresh})
    except verification.VerificationError as exc:
        record.refresh_from_db()
        return _render_record(request, record, status=409, problem=str(exc), **{bound_name: form})
    name = f"{record.practitioner.full_name}’s {notifications.describe(record)}"
    messages.success(request, done.format(name=name))
    return redirect("verification_staff:queue")


@staff_required
@require_POST
def verify(request, kind, pk):
    def act(record, data, user):
        verification.verify(
            record,
            actor=user,
            primary_source=data["primary_source"],
            reference=data["reference"].strip(),
            recheck_on=data["recheck_on"],
            note=data["note"].strip(),
            expected_version=data["version"],
        )

    return _decide(
        request, kind, pk, form_class=VerifyForm, prefix="verify", act=act, done="Verified {name}."
    )


@staff_required
@require_POST
def reject(request, kind, pk):
    def act(record, data, user):
        verification.reject(
            record, actor=user, reason=data["reason"], expected_version=data["version"]
        )

    return _decide(
        request,
        kind,
        pk,
        form_class=RejectForm,
        prefix="reject",
        act=act,
        done="Rejected {name}; the practitioner has been told why.",
    )


@staff_required
@require_POST
def request_changes(request, kind, pk):
    def act(record, data, user):
        verification.request_changes(
            record, actor=user, note=data["note"], expected_version=data["version"]
        )

    return _decide(
        request,
        kind,
        pk,
        form_class=RequestChangesForm,
        prefix="changes",
        act=act,
        done="Sent {name} back to the practitioner for changes.",
    )


@staff_required
@require_GET
def document(request, kind, pk):
    """The proof document, inline for the decision page's viewer (or ?download=1)."""
    record = _record_or_404(kind, pk)
    if not record.proof_document:
        raise Http404("No proof document")
    try:
        handle = record.proof_document.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("The proof document file is missing") from exc
    head = handle.read(16)
    handle.seek(0)
    content_type = proof_content_type(record, head)
    inline = content_type in INLINE_TYPES and "download" not in request.GET
    extension = EXTENSIONS.get(content_type, "bin")
    response = FileResponse(
        handle,
        content_type=content_type or "application/octet-stream",
        as_attachment=not inline,
        filename=f"{kind}-{record.pk}-proof.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOCUMENT_CSP
    # The site default is DENY; the decision page (same origin) frames this one.
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Referrer-Policy"] = "no-referrer"
    return response


# The audit log


@staff_required
@require_GET
def log(request):
    form = LogFilterForm(request.GET or None)
    events = log_events(form.filters())
    page, page_message = paginate(events, LOG_PAGE_SIZE, request.GET.get("page"))
    return render(
        request,
        "verification/staff/log.html",
        {
            "form": form,
            "page": page,
            "page_message": page_message,
            "events": list(page.object_list),
            "filtered": _filtered(request, form),
        },
    )


LOG_COLUMNS = [
    "event_id", "created_at", "practitioner_id", "practitioner", "profile_slug",
    "record_kind", "record_id", "record", "from_status", "to_status", "actor", "note",
]  # fmt: skip
LOG_CSV_CHUNK = 2000


def _log_rows(events):
    writer = csv.writer(Echo())
    yield writer.writerow(LOG_COLUMNS)
    for event in events.iterator(chunk_size=LOG_CSV_CHUNK):
        record = event.record
        yield writer.writerow(
            spreadsheet_safe(value)
            for value in (
                event.pk,
                event.created_at.isoformat(),
                event.practitioner_id,
                event.practitioner.full_name,
                event.practitioner.slug,
                record.kind_label,
                record.pk,
                str(record),
                event.from_status,
                event.to_status,
                event.actor.email if event.actor else "automatic",
                event.note,
            )
        )


@staff_required
@require_GET
def log_csv(request):
    """The filtered audit log as CSV, streamed."""
    events = log_events(LogFilterForm(request.GET or None).filters())
    response = StreamingHttpResponse(_log_rows(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="verification-log-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
