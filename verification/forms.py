"""Dashboard forms for licenses and credentials, with their proof documents.

Verification fields never appear here, so a crafted POST cannot set them.
Uploads are checked by content in `verification.uploads`. What may be
recorded is decided by `verification.records`; these forms parse the input
and show its refusals (`RecordForm.report`) next to the fields they name.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import DATE_WIDGET, required_messages, upload_field
from core.states import STATE_NAMES, US_STATES

from . import uploads
from .models import Credential, License

PROOF_ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
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


class RecordForm(forms.ModelForm):
    """What licenses and credentials share: a proof upload and the re-review warning."""

    proof = upload_field(
        "Proof document",
        accept=PROOF_ACCEPT,
        help_text="A PDF, JPEG or PNG of up to 10 MB: a scan or photo of the certificate, "
        "or the issuer's lookup page saved as a PDF. Only you and our verifiers can open it.",
    )
    confirm_review = forms.BooleanField(
        required=False,
        label="I understand: saving a changed detail sends this back to a verifier.",
    )
    confirm_review.summary_label = "Confirmation"

    class Meta:
        # Both kinds' fields: each form labels those it has.
        labels = {
            "state": "State",
            "number": "License number",
            "title": "Title",
            "status": "Standing",
            "kind": "Credential",
            "issuer": "Issued by",
            "identifier": "Certificate number (optional)",
            "issued_on": "Issued on (optional)",
            "expires_on": "Expires on",
        }
        widgets = {"issued_on": DATE_WIDGET, "expires_on": DATE_WIDGET}

    def __init__(self, *args, practitioner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.practitioner = practitioner or getattr(self.instance, "practitioner", None)
        self.watched_facts = self._meta.model.verified_facts
        self.original = {name: getattr(self.instance, name) for name in self.watched_facts}
        if not self.is_verified_record:
            del self.fields["confirm_review"]

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

    def report(self, error: ValidationError) -> None:
        """Show a service's refusal next to the fields it names, keeping what was typed."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


class LicenseForm(RecordForm):
    class Meta(RecordForm.Meta):
        model = License
        fields = list(License.editable_fields)
        error_messages = required_messages(
            state="Choose the state that issued the license.",
            number="Enter the license number.",
            expires_on="Enter the date the license expires.",
        )
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
        state, number = cleaned.get("state"), cleaned.get("number")
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
        return cleaned


class CredentialForm(RecordForm):
    class Meta(RecordForm.Meta):
        model = Credential
        fields = list(Credential.editable_fields)
        error_messages = required_messages(
            kind="Choose the credential.",
            issuer="Enter who issued it, such as NCCAOM or your school.",
        )
        help_texts = {
            "issuer": "e.g. NCCAOM, the name of your school, or ABMA.",
            "expires_on": "NCCAOM certifications are renewed every 4 years. Leave empty for "
            "a degree that doesn't expire.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
        return cleaned


def form_for(model) -> type[RecordForm]:
    """Return the dashboard form of a record model."""
    return next(form for form in (LicenseForm, CredentialForm) if form._meta.model is model)
