"""Staff verification pages at /staff/verification/: queue, decisions, log.

Every view is staff only: anonymous visitors are sent to the login page and
signed-in non-staff get a 404, the same answer as for a record that does not
exist, so nothing about records leaks. Decisions are one call each to
`verification.services`, which locks the row, checks the version the
verifier saw, records the event and emails the practitioner after commit.
The proof document viewer is `verification.document_views`, shared with the
owner's download.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.csp import CSP
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import staff_required
from core.csv import csv_response
from core.pagination import page_context
from core.uploads import PDF

from . import notifications
from . import services as verification
from .document_views import proof_content_type
from .kinds import Record, model_for
from .models import PrimarySource, VerificationStatus
from .queue import (
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


def _record_or_404(kind: str, pk: int) -> Record:
    model = model_for(kind)
    related = ["practitioner__owner", "verified_by", *model.review_related]
    return get_object_or_404(model.objects.select_related(*related), pk=pk)


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
    paged = page_context(request, queue_rows(filters), QUEUE_PAGE_SIZE)
    return render(
        request,
        "verification/staff/queue.html",
        {
            **paged,
            "form": form,
            "entries": load_entries(list(paged["page"].object_list)),
            "counts": queue_counts(),
            "decision_time": median_decision_time(),
            "filtered": _filtered(request, form),
        },
    )


# One record: facts, proof, board lookup, history and the decisions


def _render_record(request, record, *, status: int = 200, problem: str = "", **bound):
    kind = record.record_kind
    content_type = proof_content_type(record)
    document_url = record.staff_url("document")
    other_events = list(practitioner_events(record)[: OTHER_EVENTS_SHOWN + 1])
    context = {
        "record": record,
        "kind": kind,
        "practitioner": record.practitioner,
        "board": record.issuing_board,
        "is_nccaom": record.is_nccaom,
        "source_labels": [PrimarySource(s).label for s in record.sources_by_hand],
        "awaiting": record.verification_status in (S.PENDING, S.NEEDS_REVIEW),
        "content_type": content_type,
        "is_pdf": content_type == PDF,
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
    form = form_class(request.POST, prefix=prefix, record=record)
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
        fresh = form_class(data, prefix=prefix, record=record)
        return _render_record(request, record, status=409, problem=str(exc), **{bound_name: fresh})
    except verification.MissingEvidence as exc:
        # The form checks the same rule; this is the record changing in between
        # (its board lost its lookup URL): say so next to the field.
        record.refresh_from_db()
        for name, message in exc.problems.items():
            form.add_error(name, message)
        return _render_record(request, record, status=400, **{bound_name: form})
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
            reference=data["reference"],
            recheck_on=data["recheck_on"],
            note=data["note"].strip(),
            expected_version=data["version"],
        )

    return _decide(
        request, kind, pk, form_class=VerifyForm, prefix="verify", act=act, done="Verified {name}."
    )


# The decisions that need only a reason or a note: (service, form, form prefix,
# the form field passed on, the message when done).
SIMPLE_DECISIONS = {
    "reject": (
        verification.reject, RejectForm, "reject", "reason",
        "Rejected {name}; the practitioner has been told why.",
    ),
    "request_changes": (
        verification.request_changes, RequestChangesForm, "changes", "note",
        "Sent {name} back to the practitioner for changes.",
    ),
}  # fmt: skip


def _decision_view(decision: str):
    """A view that makes one of the SIMPLE_DECISIONS."""
    service, form_class, prefix, field, done = SIMPLE_DECISIONS[decision]

    @staff_required
    @require_POST
    def view(request, kind, pk):
        def act(record, data, user):
            service(record, actor=user, expected_version=data["version"], **{field: data[field]})

        return _decide(request, kind, pk, form_class=form_class, prefix=prefix, act=act, done=done)

    return view


reject = _decision_view("reject")
request_changes = _decision_view("request_changes")


# The audit log


@staff_required
@require_GET
def log(request):
    form = LogFilterForm(request.GET or None)
    events = log_events(form.filters())
    paged = page_context(request, events, LOG_PAGE_SIZE)
    return render(
        request,
        "verification/staff/log.html",
        {
            **paged,
            "form": form,
            "events": list(paged["page"].object_list),
            "filtered": _filtered(request, form),
        },
    )


LOG_COLUMNS = [
    "event_id", "created_at", "practitioner_id", "practitioner", "profile_slug",
    "record_kind", "record_id", "record", "from_status", "to_status", "actor", "note",
    "primary_source", "primary_source_reference",
]  # fmt: skip
LOG_CSV_CHUNK = 2000


def _log_rows(events):
    yield LOG_COLUMNS
    for event in events.iterator(chunk_size=LOG_CSV_CHUNK):
        record = event.record
        yield (
            event.pk,
            event.created_at.isoformat(),
            event.practitioner_id,
            event.practitioner.full_name,
            event.practitioner.slug,
            record.record_kind,
            record.pk,
            str(record),
            event.from_status,
            event.to_status,
            event.actor.email if event.actor else "automatic",
            event.note,
            event.primary_source,
            event.primary_source_reference,
        )


@staff_required
@require_GET
def log_csv(request):
    """Stream the filtered audit log as CSV."""
    events = log_events(LogFilterForm(request.GET or None).filters())
    return csv_response(
        f"verification-log-{timezone.localdate().isoformat()}.csv", _log_rows(events)
    )
