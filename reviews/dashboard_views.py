"""The practitioner's side at /dashboard/reviews/: read the reviews of your profile, reply."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import error_summary
from core.pagination import page_context
from practitioners.models import Practitioner

from . import services
from .forms import ReplyForm
from .models import Review

PAGE_SIZE = 20


def _own_practitioner(user) -> Practitioner:
    practitioner = Practitioner.objects.filter(owner=user).first()
    if practitioner is None:
        raise Http404("You don't have a practitioner profile.")
    return practitioner


@login_required
@require_GET
def review_list(request):
    """Published reviews of the signed-in practitioner's profile, newest first."""
    practitioner = _own_practitioner(request.user)
    reviews = Review.objects.published().of_practitioner(practitioner).select_related("condition")
    return render(
        request,
        "reviews/dashboard/list.html",
        {
            "practitioner": practitioner,
            **page_context(request, reviews, PAGE_SIZE),
            "pending_count": Review.objects.pending().of_practitioner(practitioner).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reply(request, pk):
    """Write, edit or remove the one public reply to a published review of your profile."""
    review = get_object_or_404(
        Review.objects.published().select_related("practitioner", "condition"),
        pk=pk,
        practitioner__owner=request.user,
    )
    back = f"{reverse('reviews_dashboard:list')}#review-{review.pk}"
    if request.method == "POST" and "remove" in request.POST:
        services.remove_reply(review=review, user=request.user)
        messages.success(request, "Your reply is removed.")
        return redirect(back)
    status = 200
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            had_reply = bool(review.reply_body)
            try:
                services.reply_to_review(
                    review=review, user=request.user, body=form.cleaned_data["body"]
                )
            except services.ReviewError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    "Your reply is updated." if had_reply else "Your reply is published.",
                )
            return redirect(back)
        status = 400
    else:
        form = ReplyForm(initial={"body": review.reply_body})
    return render(
        request,
        "reviews/dashboard/reply.html",
        {
            "review": review,
            "practitioner": review.practitioner,
            "form": form,
            "errors": error_summary(form) if status == 400 else [],
        },
        status=status,
    )
