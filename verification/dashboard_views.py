"""The practitioner's licenses and credentials: one set of views, two kinds of record.

Every record is looked up through the signed-in account, so another
account's license or credential is simply not found: 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from practitioners.dashboard_views import profile_required, render_form
from practitioners.services import DashboardError

from . import records
from .forms import form_for
from .guidance import with_guidance
from .kinds import model_for
from .services import VerificationError, submit_for_verification


def _own_record(request, kind: str, pk: int):
    return get_object_or_404(
        model_for(kind)
        .objects.filter(practitioner__owner=request.user)
        .select_related("practitioner"),
        pk=pk,
    )


def _context(kind: str, practitioner, record=None) -> dict:
    model = model_for(kind)
    return {
        "practitioner": practitioner,
        "record": record,
        "kind": kind,
        "active": model._meta.verbose_name_plural,
        "list_url": reverse(model.dashboard_list_url_name),
    }


@profile_required
@require_http_methods(["GET"])
def record_list(request, kind: str):
    records = model_for(kind).objects.filter(practitioner=request.practitioner)
    return render(
        request,
        f"verification/dashboard/{kind}_list.html",
        {**_context(kind, request.practitioner), "records": with_guidance(records)},
    )


def _report_added(request, record) -> None:
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
            f"{record} is added. Upload its proof document, then submit it for verification.",
        )


@profile_required
@require_http_methods(["GET", "POST"])
def record_add(request, kind: str):
    model = model_for(kind)
    practitioner = request.practitioner
    form_class = form_for(model)
    context = _context(kind, practitioner)
    if request.method == "POST":
        form = form_class(
            request.POST,
            request.FILES,
            instance=model(practitioner=practitioner),
            practitioner=practitioner,
        )
        if form.is_valid():
            try:
                record = records.add_record(
                    model,
                    practitioner=practitioner,
                    proof=form.cleaned_data["proof"],
                    **form.record_changes(),
                )
            except ValidationError as exc:
                form.report(exc)
            else:
                _report_added(request, record)
                return redirect(model.dashboard_list_url_name)
    else:
        form = form_class(practitioner=practitioner)
    return render_form(request, "verification/dashboard/record_form.html", form, **context)


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request, kind: str, pk: int):
    record = _own_record(request, kind, pk)
    practitioner = record.practitioner
    context = _context(kind, practitioner, record)
    try:
        records.ensure_editable(record)
    except DashboardError as exc:
        messages.info(request, str(exc))
        return redirect(record.dashboard_list_url_name)
    # The form writes what was typed into its own copy; `record` stays as stored,
    # which is what edit_record compares the changes with.
    form_instance = type(record).objects.get(pk=record.pk)
    form_class = form_for(type(record))
    if request.method == "POST":
        form = form_class(
            request.POST, request.FILES, instance=form_instance, practitioner=practitioner
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
            except ValidationError as exc:
                form.report(exc)
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
                return redirect(record.dashboard_list_url_name)
    else:
        form = form_class(instance=form_instance, practitioner=practitioner)
    return render_form(request, "verification/dashboard/record_form.html", form, **context)


@login_required
@require_POST
def record_submit(request, kind: str, pk: int):
    record = _own_record(request, kind, pk)
    try:
        submit_for_verification(record, actor=request.user)
    except VerificationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"{record} is submitted: a verifier will check it (Pending review)."
        )
    return redirect(record.dashboard_list_url_name)


@login_required
@require_http_methods(["GET", "POST"])
def record_delete(request, kind: str, pk: int):
    record = _own_record(request, kind, pk)
    if request.method == "POST":
        label = str(record)
        try:
            records.delete_record(record)
        except DashboardError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{label} is removed.")
        return redirect(record.dashboard_list_url_name)
    return render(
        request,
        "practitioners/dashboard/confirm_delete.html",
        {
            "practitioner": record.practitioner,
            "object_label": f"the {kind} {record}",
            "consequence": "Its proof document is deleted too.",
            "cancel_url": reverse(record.dashboard_list_url_name),
            "active": record._meta.verbose_name_plural,
        },
    )
