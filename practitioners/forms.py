"""Dashboard forms: each lists exactly the fields a practitioner may set.

Verification fields (status, verifier, dates, source), ownership and
publication never appear here, so a crafted POST cannot set them: Django
ignores any field a form does not declare. Uploads are checked by content in
`practitioners.uploads`.
"""

from django import forms

from core import uploads
from core.forms import id_choice_formfield, required_messages, upload_field
from core.states import US_STATES

from .models import Clinic, Condition, Language, Practitioner, Technique

PHOTO_ACCEPT = "image/jpeg,image/png,.jpg,.jpeg,.png"


class ProfileForm(forms.ModelForm):
    photo_upload = upload_field(
        "Photo",
        accept=PHOTO_ACCEPT,
        help_text="A friendly head-and-shoulders photo: JPEG or PNG, up to 10 MB. We remove "
        "its hidden metadata (such as location) before showing it.",
    )
    remove_photo = forms.BooleanField(label="Remove the current photo", required=False)

    class Meta:
        model = Practitioner
        # Conditions, techniques and languages refuse ids no row can have.
        formfield_callback = id_choice_formfield
        fields = [
            "first_name", "last_name", "bio",
            "years_in_practice", "years_treating_chronic_pain",
            "conditions", "techniques", "languages",
            "accepting_new_patients", "accepts_physician_referrals", "sends_physician_referrals",
            "fee_min", "fee_max", "fee_notes",
            "accepts_medicare", "accepts_medicaid", "medicaid_state", "accepts_va_community_care",
            "accepts_insurance", "insurance_plans", "accepts_hsa_fsa", "offers_sliding_scale",
            "offers_community_clinic",
            "email", "phone", "website", "npi",
        ]  # fmt: skip
        error_messages = required_messages(
            first_name="Enter your first name.", last_name="Enter your last name."
        )
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
            "fee_notes": "Notes on fees",
            "accepts_medicare": "I see Medicare patients through a qualifying provider",
            "accepts_medicaid": "I accept Medicaid",
            "medicaid_state": "Medicaid of which state",
            "accepts_va_community_care": "I'm an approved VA Community Care provider",
            "accepts_insurance": "I accept private insurance",
            "insurance_plans": "Insurance plans you accept",
            "accepts_hsa_fsa": "I accept HSA/FSA cards",
            "offers_sliding_scale": "I offer a sliding scale",
            "offers_community_clinic": "I offer community (group) treatment",
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
            "fee_notes": "e.g. package prices, what a first visit includes.",
            "accepts_medicare": "Medicare can't pay a licensed acupuncturist directly: tick this "
            "only if a physician, physician assistant or nurse practitioner you work under "
            "bills for the visit.",
            "accepts_medicaid": "",
            "medicaid_state": "Required if you accept Medicaid.",
            "accepts_va_community_care": "",
            "accepts_insurance": "",
            "insurance_plans": "As you would tell a patient, e.g. Aetna, Blue Shield PPO. "
            "Only with private insurance.",
            "accepts_hsa_fsa": "",
            "offers_sliding_scale": "",
            "offers_community_clinic": "",
            "email": "Shown to patients on your public profile; leave it empty to show none. "
            "Your sign-in email stays private unless you enter it here.",
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
            "insurance_plans": forms.TextInput(attrs={"maxlength": 300}),
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
        self.fields["medicaid_state"].choices = [("", "No state"), *US_STATES]
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
        error_messages = required_messages(
            name="Enter the clinic's name.",
            address_line1="Enter the street address.",
            city="Enter the city.",
            state="Choose the state.",
            zip_code="Enter the 5-digit ZIP code.",
        )
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

    def clean_zip_code(self):
        # Only tidy it here: services.clinic_location says whether it exists and
        # lies in the chosen state, for the dashboard and the admin alike.
        return (self.cleaned_data.get("zip_code") or "").strip()

    def clinic_changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}
