"""Claiming an existing profile from the dashboard: search, request, withdraw."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import error_summary
from practitioners.dashboard_views import get_own_practitioner, render_form
from practitioners.models import Practitioner

from . import services
from .forms import ClaimByNpiForm, ClaimForm, ClaimSearchForm
from .models import ClaimRequest

CLAIM_RESULTS = 20


# Claiming an existing profile


@login_required
@require_http_methods(["GET"])
def claim_search(request):
    if get_own_practitioner(request) is not None:
        return redirect("dashboard:home")
    form = ClaimSearchForm(request.GET or None)
    results = []
    if form.is_valid():
        candidates = Practitioner.objects.unclaimed().named(form.cleaned_data["q"])
        results = list(
            candidates.prefetch_related("clinics").order_by("last_name", "first_name", "pk")[
                :CLAIM_RESULTS
            ]
        )
    return render(
        request,
        "claims/claim_search.html",
        {
            "form": form,
            "results": results,
            "searched": form.is_bound,
            "errors": error_summary(form) if form.is_bound and form.errors else [],
            "result_limit": CLAIM_RESULTS,
        },
    )


def _claimed_message(request, claim) -> None:
    if claim.status == ClaimRequest.Status.APPROVED:
        messages.success(
            request,
            f"Your verified email matches this profile's, so {claim.practitioner} is "
            "yours to manage now.",
        )
    else:
        messages.success(
            request, "Your claim is sent. Our staff check it and email you their decision."
        )


@login_required
@require_http_methods(["GET", "POST"])
def claim_by_npi(request):
    if get_own_practitioner(request) is not None:
        return redirect("dashboard:home")
    form = ClaimByNpiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.request_claim_by_npi(npi=form.cleaned_data["npi"], user=request.user)
        except services.ClaimError as exc:
            form.add_error("npi", str(exc))
        else:
            _claimed_message(request, claim)
            return redirect("dashboard:home")
    return render_form(request, "claims/claim_by_npi.html", form)


@login_required
@require_http_methods(["GET", "POST"])
def claim_start(request, slug: str):
    if get_own_practitioner(request) is not None:
        return redirect("dashboard:home")
    practitioner = get_object_or_404(
        Practitioner.objects.unclaimed().prefetch_related("clinics"), slug=slug
    )
    if request.method == "POST":
        form = ClaimForm(request.POST)
        if form.is_valid():
            try:
                claim = services.request_claim(
                    practitioner=practitioner,
                    user=request.user,
                    message=form.cleaned_data["message"],
                )
            except services.ClaimError as exc:
                form.add_error(None, str(exc))
            else:
                if claim.status == ClaimRequest.Status.APPROVED:
                    messages.success(
                        request,
                        f"Your verified email matches this profile's, so {practitioner} is "
                        "yours to manage now.",
                    )
                else:
                    messages.success(
                        request,
                        "Your claim is sent. Our staff check it and email you their decision.",
                    )
                return redirect("dashboard:home")
    else:
        form = ClaimForm()
    return render_form(request, "claims/claim_form.html", form, candidate=practitioner)


@login_required
@require_POST
def claim_withdraw(request, pk: int):
    claim = get_object_or_404(ClaimRequest.objects.pending().filter(user=request.user), pk=pk)
    services.withdraw_claim(claim=claim, user=request.user)
    messages.success(request, "Your claim is withdrawn.")
    return redirect("dashboard:home")
