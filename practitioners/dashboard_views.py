"""The practitioner's dashboard at /dashboard/: their own profile and nothing else.

Every object is looked up through the signed-in account (`practitioner__owner`),
so another account's clinic, license or credential is simply not found: 404.
Writes go through `services` (and, for licenses and credentials, through the
verification rules in `verification`).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import error_summary

from . import extensions, npi_lookup, services
from .dashboard_selectors import (
    dashboard_practitioner,
    own_practitioner,
    profile_completeness,
    publication_message,
)
from .forms import ClinicForm, ProfileForm
from .models import Clinic, Practitioner

PROFILE_FORM = "practitioners/dashboard/profile_form.html"
CLINIC_FORM = "practitioners/dashboard/clinic_form.html"


def get_own_practitioner(request) -> Practitioner | None:
    """The profile the signed-in account manages, or None."""
    return own_practitioner(request.user)


def profile_required(view):
    """Signed in and managing a profile; without one, back to the start page."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        practitioner = get_own_practitioner(request)
        if practitioner is None:
            messages.info(request, "Create your profile, or claim an existing one, first.")
            return redirect("dashboard:home")
        request.practitioner = practitioner
        return view(request, *args, **kwargs)

    return wrapper


def render_form(request, template: str, form, **context) -> object:
    """Render a form page; a form with errors answers 400 with a summary on top."""
    status = 400 if form.is_bound and form.errors else 200
    context = {
        **context,
        "form": form,
        "errors": error_summary(form) if status == 400 else [],
        "file_was_chosen": bool(request.FILES),
    }
    return render(request, template, context, status=status)


# Overview, or the start page for an account without a profile


@login_required
@require_http_methods(["GET"])
def home(request):
    practitioner = dashboard_practitioner(request.user)
    if practitioner is None:
        context = {}
        for extension in extensions.registered():
            context.update(extension.start_context(request.user))
        return render(request, "practitioners/dashboard/start.html", context)
    context = {}
    for extension in extensions.registered():
        context.update(extension.dashboard_context(practitioner))
    clinics = list(practitioner.clinics.all())
    completeness = profile_completeness(
        practitioner,
        clinics=clinics,
        condition_count=len(practitioner.conditions.all()),
        context=context,
    )
    return render(
        request,
        "practitioners/dashboard/home.html",
        {
            **context,
            "practitioner": practitioner,
            "clinics": clinics,
            "completeness": completeness,
            "publication_blockers": [] if clinics else services.publication_blockers(practitioner),
            "active": "overview",
        },
    )


# The profile


@login_required
@require_http_methods(["GET", "POST"])
def profile_create(request):
    if get_own_practitioner(request) is not None:
        return redirect("dashboard:profile")
    if services.has_pending_claim(request.user):
        messages.info(request, services.PENDING_CLAIM_MESSAGE)
        return redirect("dashboard:home")
    if request.method == "POST" and "lookup_npi" in request.POST:
        form = _prefilled_profile_form(request)
    elif request.method == "POST":
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                practitioner = services.create_own_profile(
                    owner=request.user,
                    photo=form.cleaned_data["photo_upload"],
                    **form.profile_changes(),
                )
            except services.DashboardError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"Your profile is created as a draft at {practitioner.get_absolute_url()}. "
                    "Add a clinic and your license, then publish it.",
                )
                return redirect("dashboard:home")
    else:
        # Empty: the account's sign-in address is private until they choose to show one.
        form = ProfileForm()
    return render_form(
        request,
        PROFILE_FORM,
        form,
        creating=True,
        active="profile",
        npi_lookup_enabled=npi_lookup.lookup_enabled(),
    )


def _prefilled_profile_form(request) -> ProfileForm:
    """ "Look up my NPI": the form again, unsaved, with what was typed and the registry's
    name, NPI and phone in the fields still empty; any failure says so and changes nothing."""
    form = ProfileForm()
    initial = {
        name: field.widget.value_from_datadict(request.POST, {}, form.add_prefix(name))
        for name, field in form.fields.items()
        if name != "photo_upload"
    }
    try:
        record = npi_lookup.lookup_npi(request.POST.get("npi", ""))
    except npi_lookup.NpiLookupError as exc:
        messages.warning(request, str(exc))
        return ProfileForm(initial=initial)
    for name in ("first_name", "last_name", "npi", "phone"):
        if not initial.get(name):
            initial[name] = getattr(record, name)
    found = f"{record.first_name} {record.last_name}".strip()
    place = ", ".join(part for part in (record.address_line1, record.city, record.state) if part)
    note = (
        f" The registry lists your practice at {place} {record.zip_code}; add it as a clinic next."
        if place
        else ""
    )
    messages.success(
        request,
        f"Found {found} in the NPI Registry; check the details below, then create your profile.{note}",
    )
    if request.FILES:
        messages.info(request, "Choose your photo again; a looked-up form cannot keep a file.")
    return ProfileForm(initial=initial)


@profile_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    practitioner = request.practitioner
    # The form works on its own copy: a rejected edit never touches the page's header.
    form_instance = Practitioner.objects.get(pk=practitioner.pk)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=form_instance)
        if form.is_valid():
            services.update_profile(
                practitioner=practitioner,
                photo=form.cleaned_data["photo_upload"],
                remove_photo=form.cleaned_data.get("remove_photo", False),
                **form.profile_changes(),
            )
            messages.success(request, "Your profile is saved.")
            return redirect("dashboard:profile")
    else:
        form = ProfileForm(instance=form_instance)
    return render_form(
        request, PROFILE_FORM, form, practitioner=practitioner, creating=False, active="profile"
    )


@profile_required
@require_POST
def publication(request):
    practitioner = request.practitioner
    action = request.POST.get("action")
    try:
        if action == "publish":
            services.publish_profile(practitioner=practitioner)
            messages.success(request, publication_message(practitioner))
        elif action == "unpublish":
            services.unpublish_profile(practitioner=practitioner)
            messages.success(
                request,
                "Your profile is unpublished: it no longer appears in search or at its address. "
                "Publish it again at any time.",
            )
        else:
            messages.error(request, "Choose to publish or unpublish your profile.")
    except services.DashboardError as exc:
        messages.error(request, str(exc))
    return redirect("dashboard:home")


# Clinics


def _own_clinic(request, pk: int) -> Clinic:
    return get_object_or_404(Clinic.objects.filter(practitioner__owner=request.user), pk=pk)


@profile_required
@require_http_methods(["GET"])
def clinic_list(request):
    clinics = Clinic.objects.filter(practitioner=request.practitioner).order_by(
        "-is_primary", "name", "id"
    )
    return render(
        request,
        "practitioners/dashboard/clinic_list.html",
        {"practitioner": request.practitioner, "clinics": list(clinics), "active": "clinics"},
    )


@profile_required
@require_http_methods(["GET", "POST"])
def clinic_add(request):
    practitioner = request.practitioner
    return _clinic_form(request, practitioner, Clinic(practitioner=practitioner))


@login_required
@require_http_methods(["GET", "POST"])
def clinic_edit(request, pk: int):
    clinic = _own_clinic(request, pk)
    return _clinic_form(request, clinic.practitioner, clinic)


def _clinic_form(request, practitioner, clinic: Clinic):
    """Add (an unsaved `clinic`) or edit a clinic through the clinic services."""
    adding = clinic.pk is None
    # The form edits its own copy: the services compare against the stored clinic.
    form_instance = clinic if adding else Clinic.objects.get(pk=clinic.pk)
    if request.method == "POST":
        form = ClinicForm(request.POST, instance=form_instance)
        if form.is_valid():
            changes = form.clinic_changes()
            zip_code = changes.pop("zip_code")
            try:
                if adding:
                    clinic = services.add_own_clinic(
                        practitioner=practitioner, zip_code=zip_code, **changes
                    )
                else:
                    services.update_clinic(clinic=clinic, zip_code=zip_code, **changes)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"{clinic.name} is {'added' if adding else 'saved'}.")
                return redirect("dashboard:clinics")
    elif adding:
        form = ClinicForm(initial={"is_primary": not practitioner.clinics.exists()})
    else:
        form = ClinicForm(instance=form_instance)
    return render_form(
        request,
        CLINIC_FORM,
        form,
        practitioner=practitioner,
        clinic=None if adding else clinic,
        active="clinics",
    )


@login_required
@require_http_methods(["GET", "POST"])
def clinic_delete(request, pk: int):
    clinic = _own_clinic(request, pk)
    if request.method == "POST":
        name = clinic.name
        services.remove_clinic(clinic=clinic)
        messages.success(request, f"{name} is removed.")
        return redirect("dashboard:clinics")
    return render(
        request,
        "practitioners/dashboard/confirm_delete.html",
        {
            "practitioner": clinic.practitioner,
            "object_label": f"the clinic {clinic.name}",
            "consequence": "Patients will no longer see this address on your profile."
            + (" Your next clinic becomes your main clinic." if clinic.is_primary else ""),
            "cancel_url": reverse("dashboard:clinics"),
            "active": "clinics",
        },
    )
