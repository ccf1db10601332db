"""Dashboard forms: each lists exactly the fields a practitioner may set.

Verification fields (status, verifier, dates, source), ownership and
publication never appear here, so a crafted POST cannot set them: Django
ignores any field a form does not declare. Uploads are checked by content in
`practitioners.uploads`.
"""

from django import forms
from django.utils import timezone

from . import uploads
from .models import (
    Clinic,
    Condition,
    Credential,
    Language,
    License,
    LicensingBoard,
    Practitioner,
    Technique,
)
from .services import ClinicLocationError, resolve_clinic_location
from .states import US_STATES
from .verification import CREDENTIAL_VERIFIED_FACTS, LICENSE_VERIFIED_FACTS

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
PROOF_ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
PHOTO_ACCEPT = "image/jpeg,image/png,.jpg,.jpeg,.png"
STATE_NAMES = dict(US_STATES)
FACT_NAMES = {
    "number": "license number",
    "state": "state",
    "expires_on": "expiry date",
    "kind": "credential",
    "issuer": "issuer",
    "identifier": "certificate number",
}
# Verifiers check these against the board; once verified, only they change them.
LOCKED_WHEN_VERIFIED = ("title", "status")


def error_summary(form) -> list[tuple[str, str, str]]:
    """(label, message, anchor id) for each error, for the summary above a form."""
    items = []
    for name, errors in form.errors.items():
        if name == "__all__":
            items.extend(("", message, "") for message in errors)
            continue
        bound = form[name]
        anchor = bound.auto_id
        if bound.field.widget.use_fieldset:
            anchor = f"{bound.auto_id}_0"
        label = getattr(bound.field, "summary_label", bound.label)
        items.extend((label, message, anchor) for message in errors)
    return items


class ProfileForm(forms.ModelForm):
    photo_upload = forms.FileField(
        label="Photo",
        required=False,
        help_text="A friendly head-and-shoulders photo: JPEG or PNG, up to 10 MB. We remove "
        "its hidden metadata (such as location) before showing it.",
        widget=forms.FileInput(attrs={"accept": PHOTO_ACCEPT}),
    )
    remove_photo = forms.BooleanField(label="Remove the current photo", required=False)

    class Meta:
        model = Practitioner
        fields = [
            "first_name", "last_name", "bio",
            "years_in_practice", "years_treating_chronic_pain",
            "conditions", "techniques", "languages",
            "accepting_new_patients", "accepts_physician_referrals", "sends_physician_referrals",
            "fee_min", "fee_max", "fee_notes",
            "email", "phone", "website", "npi",
        ]  # fmt: skip
        error_messages = {
            "first_name": {"required": "Enter your first name."},
            "last_name": {"required": "Enter your last name."},
        }
        labels = {
            "bio": "About your practice",
            "years_in_practice": "Years in practice",
            "years_treating_chronic_pain": "Years treating chronic pain",
            "conditions": "Conditions you treat",
            "techniques": "Techniques you use",
            "languages": "Languages you consult in",
            "accepting_new_patients": "I'm accepting new patients",
            "accepts_physician_referrals": "I accept referrals from a patient's physician",
            "sends_physician_referrals": "I coordinate with, or refer back to, a patient's physician",
            "fee_min": "First visit fee from (US $)",
            "fee_max": "Fee up to (US $)",
            "fee_notes": "Notes on fees and insurance",
            "email": "Public contact email",
            "phone": "Public phone number",
            "website": "Website",
            "npi": "NPI (National Provider Identifier)",
        }
        help_texts = {
            "accepts_physician_referrals": "",
            "sends_physician_referrals": "",
            "fee_min": "",
            "fee_max": "",
            "bio": "How you work with chronic pain, in plain words. Up to 5,000 characters.",
            "years_treating_chronic_pain": "No more than your years in practice.",
            "conditions": "Patients filter by these; choose the ones you treat regularly.",
            "fee_notes": "e.g. sliding scale, insurance accepted, package prices.",
            "email": "Shown on your profile. If it matches your account's verified email, "
            "claiming an imported profile completes on its own.",
            "website": "Starting with https://",
            "npi": "Optional. 10 digits; we check the check digit.",
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 8, "maxlength": 5000}),
            "conditions": forms.CheckboxSelectMultiple,
            "techniques": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "years_in_practice": forms.NumberInput(attrs={"min": 0, "max": 70}),
            "years_treating_chronic_pain": forms.NumberInput(attrs={"min": 0, "max": 70}),
            "fee_min": forms.NumberInput(attrs={"min": 0, "max": 10000}),
            "fee_max": forms.NumberInput(attrs={"min": 0, "max": 10000}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "npi": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 10}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conditions"].queryset = Condition.objects.order_by("order", "name")
        self.fields["techniques"].queryset = Technique.objects.order_by("order", "name")
        self.fields["languages"].queryset = Language.objects.order_by("name")
        if not (self.instance.pk and self.instance.photo):
            del self.fields["remove_photo"]

    def clean_npi(self):
        npi = (self.cleaned_data.get("npi") or "").strip()
        if npi and Practitioner.objects.filter(npi=npi).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                "Another profile already has this NPI. If that profile is yours, claim it "
                "instead of creating a new one."
            )
        return npi

    def clean_photo_upload(self):
        upload = self.cleaned_data.get("photo_upload")
        return uploads.check_photo(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        fee_min, fee_max = cleaned.get("fee_min"), cleaned.get("fee_max")
        if fee_min is not None and fee_max is not None and fee_min > fee_max:
            self.add_error("fee_max", "The highest fee can't be lower than the lowest fee.")
        practice = cleaned.get("years_in_practice")
        pain = cleaned.get("years_treating_chronic_pain")
        if practice is not None and pain is not None and pain > practice:
            self.add_error(
                "years_treating_chronic_pain",
                f"This can't be more than your {practice} years in practice.",
            )
        return cleaned

    def profile_changes(self) -> dict:
        """The cleaned values the profile services take."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ClinicForm(forms.ModelForm):
    class Meta:
        model = Clinic
        fields = [
            "name", "address_line1", "address_line2", "city", "state", "zip_code",
            "phone", "accessibility_notes", "is_primary",
        ]  # fmt: skip
        error_messages = {
            "name": {"required": "Enter the clinic's name."},
            "address_line1": {"required": "Enter the street address."},
            "city": {"required": "Enter the city."},
            "state": {"required": "Choose the state."},
            "zip_code": {"required": "Enter the 5-digit ZIP code."},
        }
        labels = {
            "name": "Clinic name",
            "address_line1": "Street address",
            "address_line2": "Suite, floor (optional)",
            "accessibility_notes": "Access notes (optional)",
            "is_primary": "This is my main clinic",
        }
        help_texts = {
            "zip_code": "5 digits. We place the clinic on the map from its ZIP code.",
            "accessibility_notes": "e.g. step-free entrance, parking, nearest bus stop.",
            "is_primary": "Search results show your main clinic first.",
        }
        widgets = {
            "zip_code": forms.TextInput(
                attrs={"inputmode": "numeric", "maxlength": 5, "autocomplete": "postal-code"}
            ),
            "address_line1": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "address_line2": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "Choose a state"), *US_STATES]
        self.location = None

    def clean_zip_code(self):
        zip_code = (self.cleaned_data.get("zip_code") or "").strip()
        try:
            self.location = resolve_clinic_location(zip_code)
        except ClinicLocationError as exc:
            raise forms.ValidationError(str(exc)) from None
        return self.location.zip_code

    def clean(self):
        cleaned = super().clean()
        state = cleaned.get("state")
        if self.location and state and self.location.state != state:
            self.add_error(
                "zip_code",
                f"ZIP code {self.location.zip_code} is in {self.location.city}, "
                f"{STATE_NAMES.get(self.location.state, self.location.state)}, not "
                f"{STATE_NAMES.get(state, state)}. Check the ZIP code or the state.",
            )
        return cleaned

    def clinic_changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class RecordForm(forms.ModelForm):
    """What licenses and credentials share: a proof upload and the re-review warning."""

    watched_facts: tuple[str, ...] = ()
    proof = forms.FileField(
        label="Proof document",
        required=False,
        help_text="A PDF, JPEG or PNG of up to 10 MB: a scan or photo of the certificate, "
        "or the issuer's lookup page saved as a PDF. Only you and our verifiers can open it.",
        widget=forms.FileInput(attrs={"accept": PROOF_ACCEPT}),
    )
    confirm_review = forms.BooleanField(
        required=False,
        label="I understand: saving a changed detail sends this back to a verifier.",
    )
    confirm_review.summary_label = "Confirmation"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.original = {name: getattr(self.instance, name) for name in self.watched_facts}
        if not self.is_verified_record:
            del self.fields["confirm_review"]
        for name in ("issued_on", "expires_on"):
            self.fields[name].widget = DATE_WIDGET

    @property
    def is_verified_record(self) -> bool:
        return bool(self.instance.pk) and self.instance.verification_status == "verified"

    def clean_proof(self):
        upload = self.cleaned_data.get("proof")
        return uploads.check_proof_document(upload) if upload else None

    def changed_watched_facts(self) -> list[str]:
        return [
            name
            for name in self.watched_facts
            if name in self.cleaned_data and self.cleaned_data[name] != self.original[name]
        ]

    def clean(self):
        cleaned = super().clean()
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", "The expiry date can't be before the issue date.")
        elif expires and expires < timezone.localdate() and "expires_on" in self.changed_data:
            self.add_error(
                "expires_on",
                f"That date ({expires:%B %-d, %Y}) has passed. Enter the expiry date of your "
                "current, renewed document.",
            )
        changed_facts = self.changed_watched_facts() if self.is_verified_record else []
        if changed_facts and not cleaned.get("confirm_review"):
            names = [FACT_NAMES.get(n, n) for n in changed_facts]
            changed = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
            self.add_error(
                "confirm_review",
                f"You changed the {changed}. Tick this box to confirm it should be "
                "checked again, or undo the change.",
            )
        return cleaned

    def record_changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}


class LicenseForm(RecordForm):
    watched_facts = LICENSE_VERIFIED_FACTS

    class Meta:
        model = License
        fields = ["state", "number", "title", "status", "issued_on", "expires_on"]
        error_messages = {
            "state": {"required": "Choose the state that issued the license."},
            "number": {"required": "Enter the license number."},
            "expires_on": {"required": "Enter the date the license expires."},
        }
        labels = {
            "state": "State",
            "number": "License number",
            "title": "Title",
            "status": "Standing",
            "issued_on": "Issued on (optional)",
            "expires_on": "Expires on",
        }
        help_texts = {
            "number": "Exactly as the state board shows it.",
            "status": "As the board lists it today.",
            "expires_on": "From your license. We remind you before it expires.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "Choose a state"), *US_STATES]
        self.fields["expires_on"].required = True
        if self.is_verified_record:
            for name in LOCKED_WHEN_VERIFIED:
                del self.fields[name]

    def clean_number(self):
        return " ".join((self.cleaned_data.get("number") or "").split())

    def clean(self):
        cleaned = super().clean()
        state, number, title = cleaned.get("state"), cleaned.get("number"), cleaned.get("title")
        if state and number:
            duplicate = (
                License.objects.filter(state=state, number__iexact=number)
                .exclude(pk=self.instance.pk)
                .exists()
            )
            if duplicate:
                self.add_error(
                    "number",
                    f"License {number} in {STATE_NAMES.get(state, state)} is already in the "
                    "directory. If it's yours, contact us and we'll sort it out.",
                )
        acupuncture_titles = {License.Title.LAC, License.Title.ACUPUNCTURIST}
        if state and title in acupuncture_titles:
            board = LicensingBoard.objects.filter(state=state).first()
            if board and not board.licenses_acupuncturists:
                self.add_error(
                    "state",
                    f"As far as we know, {STATE_NAMES[state]} doesn't issue acupuncture "
                    "licenses. If you hold another license with acupuncture in its scope "
                    "(a physician's, for example), choose that title.",
                )
        return cleaned


class CredentialForm(RecordForm):
    watched_facts = CREDENTIAL_VERIFIED_FACTS

    class Meta:
        model = Credential
        fields = ["kind", "issuer", "identifier", "issued_on", "expires_on"]
        error_messages = {
            "kind": {"required": "Choose the credential."},
            "issuer": {"required": "Enter who issued it, such as NCCAOM or your school."},
        }
        labels = {
            "kind": "Credential",
            "issuer": "Issued by",
            "identifier": "Certificate number (optional)",
            "issued_on": "Issued on (optional)",
            "expires_on": "Expires on",
        }
        help_texts = {
            "issuer": "e.g. NCCAOM, the name of your school, or ABMA.",
            "expires_on": "NCCAOM certifications are renewed every 4 years. Leave empty for "
            "a degree that doesn't expire.",
        }

    def __init__(self, *args, practitioner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.practitioner = practitioner or getattr(self.instance, "practitioner", None)
        self.fields["kind"].choices = [("", "Choose a credential"), *Credential.Kind.choices]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and self.practitioner is not None:
            taken = (
                Credential.objects.filter(practitioner=self.practitioner, kind=kind)
                .exclude(pk=self.instance.pk)
                .exists()
            )
            if taken:
                self.add_error(
                    "kind",
                    "You already listed this credential. Edit the one you have instead.",
                )
        nccaom = kind in Credential.NCCAOM_KINDS
        if nccaom and not cleaned.get("expires_on") and "expires_on" not in self.errors:
            self.add_error(
                "expires_on",
                "NCCAOM certifications expire; enter the date on your certificate.",
            )
        return cleaned


class ClaimSearchForm(forms.Form):
    q = forms.CharField(
        label="Your name as it appears on the directory",
        min_length=2,
        max_length=100,
        error_messages={"min_length": "Type at least 2 letters of your name."},
    )


class ClaimForm(forms.Form):
    message = forms.CharField(
        label="How can we tell this profile is yours? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        help_text="e.g. your license number, or a phone number on the profile we can call. "
        "Only our staff read this.",
    )


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve: hand the profile to this account"), ("reject", "Reject")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason (required to reject; emailed to the claimant)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Give a reason: the claimant reads it.")
        return cleaned
