"""The practitioner's licenses and credentials: one set of views, two kinds of record.

Every record is looked up through the signed-in account, so another
account's license or credential is simply not found: 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from practitioners.dashboard_views import profile_required, render_form
from practitioners.services import DashboardError

from . import records
from .forms import CredentialForm, LicenseForm
from .guidance import with_guidance
from .models import Credential, License
from .services import VerificationError, submit_for_verification

# Licenses and credentials: one set of views, two kinds of record

KINDS = {
    "license": {
        "model": License,
        "form": LicenseForm,
        "add": records.add_license,
        "plural": "licenses",
        "list_url": "verification_dashboard:licenses",
        "title": "Licenses",
    },
    "credential": {
        "model": Credential,
        "form": CredentialForm,
        "add": records.add_credential,
        "plural": "credentials",
        "list_url": "verification_dashboard:credentials",
        "title": "Credentials",
    },
}


def _own_record(request, kind: str, pk: int):
    model = KINDS[kind]["model"]
    return get_object_or_404(
        model.objects.filter(practitioner__owner=request.user).select_related("practitioner"),
        pk=pk,
    )


def _form_kwargs(kind: str, practitioner) -> dict:
    return {"practitioner": practitioner} if kind == "credential" else {}


@profile_required
@require_http_methods(["GET"])
def record_list(request, kind: str):
    spec = KINDS[kind]
    records = spec["model"].objects.filter(practitioner=request.practitioner)
    return render(
        request,
        f"verification/dashboard/{kind}_list.html",
        {
            "practitioner": request.practitioner,
            "records": with_guidance(records),
            "kind": kind,
            "active": spec["plural"],
        },
    )


@profile_required
@require_http_methods(["GET", "POST"])
def record_add(request, kind: str):
    spec = KINDS[kind]
    practitioner = request.practitioner
    form_class = spec["form"]
    if request.method == "POST":
        form = form_class(
            request.POST,
            request.FILES,
            instance=spec["model"](practitioner=practitioner),
            **_form_kwargs(kind, practitioner),
        )
        if form.is_valid():
            record = spec["add"](
                practitioner=practitioner,
                proof=form.cleaned_data["proof"],
                **form.record_changes(),
            )
            if record.proof_document and request.POST.get("submit_now"):
                submit_for_verification(record, actor=request.user)
                messages.success(
                    request, f"{record} is submitted: a verifier will check it (Pending review)."
                )
            elif record.proof_document:
                messages.success(
                    request, f"{record} is added. Submit it for verification when you're ready."
                )
            else:
                messages.success(
                    request,
                    f"{record} is added. Upload its proof document, then submit it for "
                    "verification.",
                )
            return redirect(spec["list_url"])
    else:
        form = form_class(**_form_kwargs(kind, practitioner))
    return render_form(
        request,
        "verification/dashboard/record_form.html",
        {"practitioner": practitioner, "record": None, "kind": kind, "active": spec["plural"]},
        form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request, kind: str, pk: int):
    spec = KINDS[kind]
    record = _own_record(request, kind, pk)
    practitioner = record.practitioner
    context = {"practitioner": practitioner, "record": record, "kind": kind}
    context["active"] = spec["plural"]
    try:
        records.ensure_editable(record)
    except DashboardError as exc:
        messages.info(request, str(exc))
        return redirect(spec["list_url"])
    form_instance = spec["model"].objects.get(pk=record.pk)
    form_class = spec["form"]
    if request.method == "POST":
        form = form_class(
            request.POST,
            request.FILES,
            instance=form_instance,
            **_form_kwargs(kind, practitioner),
        )
        if form.is_valid():
            was = record.verification_status
            try:
                records.edit_record(
                    record,
                    actor=request.user,
                    proof=form.cleaned_data["proof"],
                    **form.record_changes(),
                )
            except (DashboardError, VerificationError) as exc:
                form.add_error(None, str(exc))
            else:
                if was == "verified" and record.verification_status == "needs_review":
                    messages.warning(
                        request,
                        f"{record} is saved and goes back to a verifier (Needs review). Until "
                        "they check it, it doesn't count as verified.",
                    )
                else:
                    messages.success(request, f"{record} is saved.")
                return redirect(spec["list_url"])
    else:
        form = form_class(instance=form_instance, **_form_kwargs(kind, practitioner))
    return render_form(request, "verification/dashboard/record_form.html", context, form)


@login_required
@require_POST
def record_submit(request, kind: str, pk: int):
    spec = KINDS[kind]
    record = _own_record(request, kind, pk)
    try:
        submit_for_verification(record, actor=request.user)
    except VerificationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"{record} is submitted: a verifier will check it (Pending review)."
        )
    return redirect(spec["list_url"])


@login_required
@require_http_methods(["GET", "POST"])
def record_delete(request, kind: str, pk: int):
    spec = KINDS[kind]
    record = _own_record(request, kind, pk)
    if request.method == "POST":
        label = str(record)
        try:
            records.delete_record(record)
        except DashboardError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{label} is removed.")
        return redirect(spec["list_url"])
    return render(
        request,
        "practitioners/dashboard/confirm_delete.html",
        {
            "practitioner": record.practitioner,
            "object_label": f"the {kind} {record}",
            "consequence": "Its proof document is deleted too.",
            "cancel_url": reverse(spec["list_url"]),
            "active": spec["plural"],
        },
    )
