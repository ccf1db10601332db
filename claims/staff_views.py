"""Staff review of profile claims at /staff/claims/: the waiting list and each decision."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import staff_required
from core.forms import error_summary

from . import services
from .forms import ClaimDecisionForm
from .models import ClaimRequest

RECENT_DECISIONS = 20


@staff_required
@require_GET
def claim_list(request):
    """Claims waiting for a decision, oldest first, then the latest decisions."""
    base = ClaimRequest.objects.select_related("practitioner", "user", "decided_by")
    return render(
        request,
        "claims/staff_list.html",
        {
            "pending": list(base.pending().order_by("created_at", "id")),
            "decided": list(
                base.exclude(status=ClaimRequest.Status.PENDING).order_by("-decided_at", "-id")[
                    :RECENT_DECISIONS
                ]
            ),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def claim_detail(request, pk: int):
    """One claim: who asks, for which profile, what they said; approve or reject."""
    claim = get_object_or_404(
        ClaimRequest.objects.select_related("practitioner__owner", "user", "decided_by"), pk=pk
    )
    practitioner = claim.practitioner
    form = ClaimDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.approve_claim(claim=claim, actor=request.user)
                messages.success(
                    request, f"{claim.user} now manages {practitioner}; they are emailed."
                )
            else:
                services.reject_claim(
                    claim=claim,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, f"The claim is rejected; {claim.user} is emailed.")
        except services.ClaimError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("staff_claims:list")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "claims/staff_detail.html",
        {
            "claim": claim,
            "practitioner": practitioner,
            "form": form,
            "errors": error_summary(form) if status == 400 else [],
            "other_claims": list(
                ClaimRequest.objects.filter(practitioner=practitioner)
                .exclude(pk=claim.pk)
                .select_related("user")[:10]
            ),
            "warnings": services.claim_warnings(practitioner, claim.user)
            if claim.status == ClaimRequest.Status.PENDING
            else [],
            "emails_match": bool(practitioner.email)
            and practitioner.email.lower() in services.verified_emails(claim.user),
        },
        status=status,
    )
