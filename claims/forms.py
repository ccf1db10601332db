"""Forms for claiming a profile and for staff deciding on a claim."""

from django import forms

from core.forms import reason_field


class ClaimSearchForm(forms.Form):
    q = forms.CharField(
        label="Your name as it appears on the directory",
        min_length=2,
        max_length=100,
        error_messages={"min_length": "Type at least 2 letters of your name."},
    )


class ClaimByNpiForm(forms.Form):
    npi = forms.CharField(
        label="Your NPI",
        max_length=10,
        help_text="The 10-digit National Provider Identifier CMS gave you.",
        error_messages={
            "required": "Enter your 10-digit NPI.",
            "max_length": "An NPI is exactly 10 digits.",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
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
    reason = reason_field("Reason (required to reject; emailed to the claimant)", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Give a reason: the claimant reads it.")
        return cleaned
