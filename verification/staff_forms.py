"""Forms of the staff verification pages: queue and log filters, and the three decisions."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.forms import DATE_WIDGET, bounded_date_field, date_range_validators, reason_field
from core.numbers import MAX_ID, parse_positive_int
from core.states import US_STATES

from . import services as verification
from .kinds import Record
from .models import Credential, PrimarySource, VerificationStatus
from .queue import LogFilters, QueueFilters

S = VerificationStatus
CHOOSE_SOURCE = "Choose the source you checked"
AGE_CHOICES = [
    ("", "Any age"),
    ("7", "Waiting more than 7 days"),
    ("30", "Waiting more than 30 days"),
    ("90", "Waiting more than 90 days"),
]
KIND_CHOICES = [
    ("", "Licenses and credentials"),
    ("license", "Licenses"),
    ("credential", "Credentials (all kinds)"),
    ("Credential kinds", [(value, Credential.SHORT_LABELS[value]) for value in Credential.Kind]),
]


class StaffForm(forms.Form):
    def __init__(self, *args, **kwargs):
        # Labels without a trailing colon, as everywhere else on the site.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class QueueFilterForm(StaffForm):
    status = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Pending and needs review"),
            (S.PENDING, "Pending"),
            (S.NEEDS_REVIEW, "Needs review"),
        ],
    )
    kind = forms.ChoiceField(required=False, choices=KIND_CHOICES)
    # Credentials are not issued by a state: choosing one shows licenses only.
    state = forms.ChoiceField(
        label="License state", required=False, choices=[("", "Any state"), *US_STATES]
    )
    age = forms.ChoiceField(label="Waiting", required=False, choices=AGE_CHOICES)

    def filters(self) -> QueueFilters:
        data = _valid_data(self)
        age = data.get("age")
        return QueueFilters(
            status=data.get("status", ""),
            state=data.get("state", ""),
            kind=data.get("kind", ""),
            older_than_days=parse_positive_int(age) if age else None,
        )


class DecisionForm(StaffForm):
    """Every decision carries the version of the record the verifier looked at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_ID)

    def __init__(self, *args, record: Record, **kwargs):
        self.record = record
        super().__init__(*args, **kwargs)


class VerifyForm(DecisionForm):
    # Not required here: the service says what is missing, in words about this record.
    primary_source = forms.ChoiceField(
        required=False,
        choices=[("", CHOOSE_SOURCE), *PrimarySource.choices],
        help_text="Where you confirmed the record yourself, not the practitioner's upload.",
    )
    reference = forms.CharField(
        label="Reference",
        max_length=300,
        required=False,
        help_text="The lookup URL or record id, the registry entry, or the letter’s reference "
        "of the exact record you checked.",
    )
    recheck_on = forms.DateField(
        label="Re-check on",
        widget=DATE_WIDGET,
        validators=date_range_validators(),
        help_text="Defaults to the expiry date, or a year from today if that is sooner. "
        "The daily sweep sends the record back to the queue on this date.",
    )
    note = reason_field("Note for the audit trail", required=False, rows=2)

    def __init__(self, *args, record: Record, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        # Offer only the sources true for this record; any other known source posted
        # reaches the service, which explains why it is refused.
        self.fields["primary_source"].widget.choices = [
            ("", CHOOSE_SOURCE),
            *((source, PrimarySource(source).label) for source in record.sources_by_hand),
        ]

    def clean_recheck_on(self):
        value = self.cleaned_data["recheck_on"]
        if value < timezone.localdate():
            raise forms.ValidationError("The re-check date cannot be in the past.")
        return value

    def clean(self):
        data = super().clean()
        problems = verification.evidence_problems(
            self.record,
            primary_source=data.get("primary_source", ""),
            reference=data.get("reference", ""),
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class RejectForm(DecisionForm):
    reason = reason_field(
        help_text="The practitioner sees this reason and needs to act on it.",
        missing="Give a reason: the practitioner sees it.",
    )


class RequestChangesForm(DecisionForm):
    note = reason_field(
        "What needs to change",
        help_text="Sent to the practitioner; the record goes back to them to correct and resubmit.",
        missing="Say what the practitioner needs to change.",
    )


def decision_forms(record: Record, **bound) -> dict[str, forms.Form]:
    """The three decision forms for a record: fresh, unless one is given bound."""
    today = timezone.localdate()
    recheck = verification.default_recheck_date(record, today=today)
    if record.expires_on and record.expires_on < today:
        recheck = today + datetime.timedelta(days=verification.DEFAULT_RECHECK_DAYS)
    fresh = {"record": record, "initial": {"version": record.version}}
    # No source is preselected: the verifier says which one they actually checked.
    return {
        "verify_form": bound.get("verify_form")
        or VerifyForm(
            prefix="verify", record=record, initial={**fresh["initial"], "recheck_on": recheck}
        ),
        "reject_form": bound.get("reject_form") or RejectForm(prefix="reject", **fresh),
        "changes_form": bound.get("changes_form") or RequestChangesForm(prefix="changes", **fresh),
    }


class LogFilterForm(StaffForm):
    practitioner = forms.CharField(label="Practitioner name", required=False, max_length=100)
    actor = forms.ChoiceField(label="Who", required=False)
    status = forms.ChoiceField(
        label="Changed to", required=False, choices=[("", "Any status"), *S.choices]
    )
    kind = forms.ChoiceField(
        label="Record",
        required=False,
        choices=[
            ("", "Licenses and credentials"),
            ("license", "Licenses"),
            ("credential", "Credentials"),
        ],
    )
    # Bounded: a far-future date overflows the day-after arithmetic of the filter.
    date_from = bounded_date_field("From", required=False)
    date_to = bounded_date_field("To", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = get_user_model().objects.filter(is_staff=True).order_by("email")
        self.fields["actor"].choices = [
            ("", "Anyone"),
            ("auto", "Automatic (daily sweep, imports)"),
            *((str(user.pk), user.email) for user in staff.only("pk", "email")),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def filters(self) -> LogFilters:
        data = _valid_data(self)
        return LogFilters(
            actor=data.get("actor", ""),
            status=data.get("status", ""),
            kind=data.get("kind", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            practitioner=(data.get("practitioner") or "").strip(),
        )


def _valid_data(form: forms.Form) -> dict:
    """The cleaned values of the fields that are valid: one bad filter drops only itself."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
