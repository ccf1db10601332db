"""Patients' pages: write or edit a review, list and delete their own, report one, read the
review policy."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import DisallowedHost
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import is_same_domain
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import error_summary
from practitioners.models import Practitioner

from . import ratelimit, services
from .forms import ReportForm, ReviewForm, suggested_display_name
from .models import RATING_DIMENSIONS, Review, ReviewReport

DRAFT_KEPT_MESSAGE = (
    "You were signed out before your review was sent, so it is not saved yet. "
    "Log in and we'll bring back what you wrote."
)
DRAFT_FIELDS = (
    "rating_overall", "condition", "sessions", "title", "body", "display_name",
    *(name for name, _ in RATING_DIMENSIONS),
)  # fmt: skip


def posted_from_this_site(request) -> bool:
    """Tell whether the request's Origin, or without one its Referer, is this site."""
    try:
        source = urlsplit(request.headers.get("Origin") or request.headers.get("Referer", ""))
        if not source.scheme or not source.netloc:
            return False  # absent, "null" (sandboxed or privacy-stripped) or not a URL
        if (source.scheme, source.netloc) == (request.scheme, request.get_host()):
            return True
    except (ValueError, DisallowedHost):
        return False
    for trusted in map(urlsplit, settings.CSRF_TRUSTED_ORIGINS):
        # The same matching as Django's CSRF check: "https://*.example.org" covers subdomains.
        pattern = trusted.netloc[1:] if trusted.netloc.startswith("*.") else trusted.netloc
        if trusted.scheme == source.scheme and is_same_domain(source.netloc, pattern):
            return True
    return False


def keep_draft(request, slug: str) -> bool:
    """Store the posted review fields in the (possibly new) session, if this site posted them.

    A cross-site POST arrives without the session cookie (SameSite=Lax): keeping
    its fields would start a new session that logs the patient out and later
    pre-fills their form with someone else's text. It keeps nothing.
    """
    if not posted_from_this_site(request):
        return False
    draft = {
        name: request.POST.get(name, "")[:6000] for name in DRAFT_FIELDS if name in request.POST
    }
    request.session[f"review-draft:{slug}"] = draft
    return True


def take_draft(request, slug: str) -> dict:
    return request.session.pop(f"review-draft:{slug}", None) or {}


def _initial_from(review: Review | None, user) -> dict:
    if review is None:
        return {"display_name": suggested_display_name(user)}
    initial = {
        "rating_overall": review.rating_overall,
        "condition": review.condition_id,
        "sessions": review.sessions,
        "title": review.title,
        "body": review.body,
        "display_name": review.display_name,
    }
    initial.update({name: getattr(review, name) for name, _ in RATING_DIMENSIONS})
    return initial


def _submit(user, practitioner: Practitioner, form: ReviewForm) -> services.Submission:
    fields = form.review_fields()
    try:
        return services.submit_review(author=user, practitioner=practitioner, **fields)
    except IntegrityError:
        # Two first submissions raced (two tabs, a double click): the loser's
        # insert hit the one-review-per-author constraint, so it becomes an
        # edit of the review that won.
        return services.submit_review(author=user, practitioner=practitioner, **fields)


SUBMITTED_MESSAGES = {
    "created": "Thanks — your review will appear after moderation.",
    "edited": "Your changes are saved. Your review will appear after moderation.",
    "unchanged": "Nothing had changed, so your review is as it was.",
}


@require_http_methods(["GET", "POST"])
def write_review(request, slug):
    """Write a review of a practitioner, or edit your own."""
    practitioner = get_object_or_404(Practitioner.objects.listed(), slug=slug)
    if not request.user.is_authenticated:
        # A POST here means the session ended while the form was open (expired,
        # logged out in another tab): keep what was typed, give it back after login.
        if request.method == "POST" and keep_draft(request, slug):
            messages.warning(request, DRAFT_KEPT_MESSAGE)
        return redirect_to_login(request.get_full_path())
    eligibility = services.review_eligibility(request.user, practitioner)
    if not eligibility.allowed:
        return render(
            request,
            "reviews/not_allowed.html",
            {"practitioner": practitioner, "eligibility": eligibility},
            status=403,
        )
    review = (
        Review.objects.filter(practitioner=practitioner, author=request.user)
        .select_related("condition")
        .first()
    )
    status = 200
    usage = None
    if request.method == "POST":
        form = ReviewForm(request.POST, user=request.user)
        if form.is_valid():
            usage = ratelimit.consume(action="review", user=request.user)
            if usage.allowed:
                try:
                    submission = _submit(request.user, practitioner, form)
                except services.ReviewNotAllowed as exc:
                    messages.error(request, str(exc))
                    return redirect(practitioner)
                messages.success(request, SUBMITTED_MESSAGES[submission.outcome])
                return redirect(practitioner)
            status = 429
        else:
            status = 400
    else:
        initial = _initial_from(review, request.user)
        if draft := take_draft(request, slug):
            initial.update(draft)
            messages.info(request, "Here is the review you were writing. Check it, then send it.")
        form = ReviewForm(initial=initial, user=request.user)
    return _render_form_page(
        request,
        "reviews/write.html",
        {"practitioner": practitioner, "review": review},
        form,
        status=status,
        usage=usage,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_review(request, slug, pk):
    """Report a published review to the moderators."""
    review = get_object_or_404(
        Review.objects.published().select_related("practitioner", "condition"),
        pk=pk,
        practitioner__slug=slug,
        practitioner__publication_status=Practitioner.Publication.PUBLISHED,
    )
    practitioner = review.practitioner
    if review.author_id == request.user.pk:
        messages.info(request, "This is your own review: you can edit it instead of reporting it.")
        return redirect("reviews:write", slug=practitioner.slug)
    if not services.has_verified_email(request.user):
        eligibility = services.Eligibility(
            False, "unverified", "Verify your email address before reporting a review."
        )
        return render(
            request,
            "reviews/not_allowed.html",
            {"practitioner": practitioner, "eligibility": eligibility, "reporting": True},
            status=403,
        )
    already = ReviewReport.objects.open().filter(review=review, reporter=request.user).exists()
    status = 200
    usage = None
    if request.method == "POST" and not already:
        form = ReportForm(request.POST)
        if form.is_valid():
            usage = ratelimit.consume(action="report", user=request.user)
            if usage.allowed:
                try:
                    services.report_review(
                        review=review,
                        reporter=request.user,
                        reason=form.cleaned_data["reason"],
                        details=form.cleaned_data["details"],
                    )
                except services.ReviewError as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(request, "Thanks — a moderator will read this review again.")
                return redirect(f"{practitioner.get_absolute_url()}#review-{review.pk}")
            status = 429
        else:
            status = 400
    else:
        form = ReportForm()
    return _render_form_page(
        request,
        "reviews/report.html",
        {"practitioner": practitioner, "review": review, "already_reported": already},
        form,
        status=status,
        usage=usage,
    )


def _render_form_page(request, template: str, context: dict, form, *, status: int, usage):
    """Render a patient's form: errors summarised on a 400, the wait on a 429."""
    response = render(
        request,
        template,
        {
            **context,
            "form": form,
            "errors": error_summary(form) if status == 400 else [],
            "rate_limited": usage if status == 429 else None,
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(usage.retry_after)
    return response


@require_GET
def policy(request):
    """The rules every review is moderated against."""
    return render(request, "reviews/policy.html")


@login_required
@require_GET
def my_reviews(request):
    """A patient's own reviews, each with its moderation state, to edit or delete."""
    reviews = Review.objects.written_by(request.user)
    return render(request, "reviews/mine.html", {"reviews": reviews})


@login_required
@require_http_methods(["GET", "POST"])
def delete_review(request, pk):
    """Ask first (GET), then delete the author's own review (POST)."""
    review = get_object_or_404(
        Review.objects.select_related("practitioner"), pk=pk, author=request.user
    )
    if request.method == "GET":
        return render(request, "reviews/delete.html", {"review": review})
    services.delete_own_review(review=review, author=request.user)
    messages.success(request, f"Your review of {review.practitioner.full_name} is deleted.")
    return redirect("reviews:mine")
