"""The moderation queue at /staff/reviews/: every review by search and filter, open reports, the log."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import staff_required
from core.forms import error_summary
from core.pagination import page_context

from . import services
from .forms import ModerationForm, QueueFilterForm, RejectForm, ResolveReportForm
from .models import ModerationEvent, Review, ReviewReport

QUEUE_SIZE = 50
QUEUE_PAGE_SIZE = 25
LOG_PAGE_SIZE = 50


def _next_url(request, default: str) -> str:
    target = request.POST.get("next", "")
    # A path on this site only: redirect() would read a bare word as a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@staff_required
@require_GET
def queue(request):
    """Reviews found by the search and filters (pending, oldest first, by default), paged.

    The unfiltered first page also lists the open reports, oldest first.
    """
    form = QueueFilterForm(request.GET or None)
    filtered = any(request.GET.get(name) for name in form.fields)
    found = form.filter(Review.objects.select_related("practitioner", "condition")).prefetch_related(
        Prefetch("reports", queryset=ReviewReport.objects.open().oldest_first(), to_attr="open_reports")
    )  # fmt: skip
    paged = page_context(request, found, QUEUE_PAGE_SIZE)
    reports = ReviewReport.objects.open()
    open_reports = []
    if not filtered and paged["page"].number == 1:
        open_reports = list(
            reports.oldest_first().select_related("review__practitioner", "review__condition")[
                :QUEUE_SIZE
            ]
        )
    for report in open_reports:
        report.form = ResolveReportForm(auto_id=f"id_report_{report.pk}_%s")
    return render(
        request,
        "reviews/staff/queue.html",
        {
            **paged,
            "form": form,
            "filtered": filtered,
            "pending_count": Review.objects.pending().count(),
            "reports": open_reports,
            "report_count": reports.count(),
            "queue_size": QUEUE_SIZE,
        },
    )


def _render_review(request, review: Review, *, status: int = 200, **forms):
    reports = list(review.reports.select_related("resolved_by").order_by("-status", "created_at"))
    bound_report_form = forms.get("report_form")
    for report in reports:
        if bound_report_form is not None and bound_report_form.report_pk == report.pk:
            report.form = bound_report_form
        else:
            report.form = ResolveReportForm(auto_id=f"id_report_{report.pk}_%s")
    invalid = [f for f in (forms.get("reject_form"), bound_report_form) if f is not None]
    return render(
        request,
        "reviews/staff/review.html",
        {
            "review": review,
            "reports": reports,
            # Bound only after an invalid rejection; the template writes a fresh form itself.
            "reject_form": forms.get("reject_form"),
            "errors": [item for f in invalid for item in error_summary(f)],
            "events": list(review.events.select_related("actor", "report")),
        },
        status=status,
    )


def _review_or_404(pk: int) -> Review:
    return get_object_or_404(Review.objects.select_related("practitioner", "condition"), pk=pk)


@staff_required
@require_GET
def review_detail(request, pk):
    """One review with its reports, its history and every action."""
    return _render_review(request, _review_or_404(pk))


@staff_required
@require_POST
def publish(request, pk):
    review = _review_or_404(pk)
    form = ModerationForm(request.POST)
    detail_url = reverse("reviews_staff:review", args=[review.pk])
    if not form.is_valid():
        messages.error(request, "Something was missing from that form; reload and try again.")
        return redirect(detail_url)
    return _decide(request, review, services.publish_review, form, f"Published “{review.title}”.")


@staff_required
@require_POST
def reject(request, pk):
    review = _review_or_404(pk)
    form = RejectForm(request.POST, auto_id=f"id_reject_{review.pk}_%s")
    if not form.is_valid():
        return _render_review(request, review, status=400, reject_form=form)
    done = f"Rejected “{review.title}”; the author sees your reason."
    return _decide(request, review, services.reject_review, form, done)


def _decide(request, review, decide, form, success: str):
    """Make one moderation decision with the form's facts; a stale one goes back to the review."""
    facts = dict(form.cleaned_data)
    facts["expected_version"] = facts.pop("version")
    try:
        decide(review=review, moderator=request.user, **facts)
    except services.StaleReview as exc:
        messages.error(request, str(exc))
        return redirect("reviews_staff:review", review.pk)
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(_next_url(request, reverse("reviews_staff:queue")))


@staff_required
@require_POST
def resolve(request, pk):
    report = get_object_or_404(ReviewReport.objects.select_related("review"), pk=pk)
    form = ResolveReportForm(request.POST, auto_id=f"id_report_{report.pk}_%s")
    if not form.is_valid():
        form.report_pk = report.pk
        review = _review_or_404(report.review_id)
        return _render_review(request, review, status=400, report_form=form)
    decision = form.cleaned_data["decision"]
    try:
        services.resolve_report(
            report=report,
            moderator=request.user,
            decision=decision,
            note=form.cleaned_data["note"],
        )
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            "Report closed; the review stays published."
            if decision == "keep"
            else "Review unpublished; its open reports are closed.",
        )
    return redirect(_next_url(request, reverse("reviews_staff:queue")))


@staff_required
@require_GET
def log(request):
    """Every moderation step, newest first."""
    events = ModerationEvent.objects.select_related("actor", "review__practitioner", "report")
    return render(request, "reviews/staff/log.html", page_context(request, events, LOG_PAGE_SIZE))
