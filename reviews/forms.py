"""Forms for writing, reporting, moderating and replying to reviews. All text is plain text."""

import re

from django import forms
from django.core.validators import validate_email
from django.db.models import Q, QuerySet

from core.forms import IdChoiceField, reason_field
from core.numbers import MAX_ID
from practitioners.models import Condition, Practitioner

from .models import RATING_DIMENSIONS, Review, ReviewReport

RATING_LABELS = {1: "Poor", 2: "Fair", 3: "Good", 4: "Very good", 5: "Excellent"}
RATING_CHOICES = [(n, f"{n} – {label}") for n, label in RATING_LABELS.items()]
DIMENSION_CHOICES = [("", "Not rated"), *RATING_CHOICES]
BODY_MAX = 5000
BODY_MIN = 20
REPLY_MAX = 3000


DIMENSION_LABELS = dict(RATING_DIMENSIONS)


def _dimension_field(name: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=DIMENSION_LABELS[name],
        choices=DIMENSION_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


def suggested_display_name(user) -> str:
    """First name and last initial ('Maria G.'), the suggestion for a review's display name."""
    first = (user.first_name or "").strip()
    last = (user.last_name or "").strip()
    if not first:
        return ""
    return f"{first} {last[0].upper()}." if last else first


def _looks_like_an_email(value: str) -> bool:
    try:
        validate_email(value)
    except forms.ValidationError:
        return "@" in value
    return True


class ReviewForm(forms.Form):
    rating_overall = forms.TypedChoiceField(
        label="Overall rating",
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an overall rating from 1 to 5."},
    )
    rating_pain_relief = _dimension_field("rating_pain_relief")
    rating_listening = _dimension_field("rating_listening")
    rating_hygiene_safety = _dimension_field("rating_hygiene_safety")
    rating_gentleness = _dimension_field("rating_gentleness")
    condition = IdChoiceField(
        label="Condition treated (optional)",
        queryset=Condition.objects.all(),
        required=False,
        empty_label="Prefer not to say",
    )
    sessions = forms.IntegerField(
        label="Number of sessions (optional)",
        required=False,
        min_value=1,
        max_value=500,
        error_messages={
            "min_value": "Enter at least 1 session, or leave it empty.",
            "max_value": "Enter 500 sessions or fewer.",
            "invalid": "Enter a whole number of sessions, such as 6.",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=120,
        help_text="A short summary, up to 120 characters.",
        error_messages={"required": "Give your review a short title."},
    )
    body = forms.CharField(
        label="Your review",
        max_length=BODY_MAX,
        min_length=BODY_MIN,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            f"Plain text, {BODY_MIN:,} to {BODY_MAX:,} characters. Describe your own "
            "experience: how you were treated, how the practitioner listened and explained, "
            "hygiene, how gentle the technique was."
        ),
        error_messages={
            "required": "Write your review.",
            "min_length": f"Tell other patients a little more: at least {BODY_MIN} characters.",
        },
    )
    display_name = forms.CharField(
        label="Display name",
        max_length=60,
        help_text="Shown with your review instead of your email address, for example your "
        "first name and last initial.",
        error_messages={"required": "Choose a name to show with your review."},
    )
    confirm = forms.BooleanField(
        label="This review describes my own experience as a patient of this practitioner, "
        "and I have no personal or business relationship with them.",
        error_messages={"required": "Confirm that this is your own, independent experience."},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # "Not rated" starts checked, so each dimension always shows its state.
        for name in DIMENSION_LABELS:
            if self.initial.get(name) is None:
                self.initial[name] = ""

    @property
    def dimension_fields(self):
        return [self[name] for name in DIMENSION_LABELS]

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if _looks_like_an_email(name):
            raise forms.ValidationError(
                "Use a name, not an email address: the display name is public."
            )
        email = getattr(self.user, "email", "") or ""
        local_part = email.split("@", 1)[0].lower()
        if local_part and len(local_part) > 3 and name.lower() == local_part:
            raise forms.ValidationError(
                "That is the first part of your email address; choose a different name."
            )
        return name

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def review_fields(self) -> dict:
        """The cleaned values the `submit_review` service takes."""
        data = dict(self.cleaned_data)
        data.pop("confirm", None)
        return data


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this review?",
        choices=ReviewReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what is wrong with the review."},
    )
    details = reason_field(
        "Details (optional unless you chose “Something else”)",
        required=False,
        max_length=1000,
        rows=4,
        help_text="Plain text, up to 1,000 characters. Moderators read this; it is not published.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == ReviewReport.Reason.OTHER and not cleaned.get("details"):
            self.add_error("details", "Tell us what is wrong with the review.")
        return cleaned


class ModerationForm(forms.Form):
    """Publish or reject; `version` is the copy of the review the moderator read."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_ID)


class RejectForm(ModerationForm):
    reason = reason_field(
        "Reason for rejecting",
        help_text="The author sees this. Name the rule the review breaks.",
        missing="Give a reason: the author sees it.",
    )


class ResolveReportForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            ("keep", "Keep the review published"),
            ("remove", "Unpublish the review"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to keep or unpublish the review."},
    )
    note = reason_field(
        "Note",
        required=False,
        help_text="Required when unpublishing: it becomes the reason the author sees.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "remove" and not cleaned.get("note", "").strip():
            self.add_error("note", "Give a reason for unpublishing: the author sees it.")
        return cleaned


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your public reply",
        max_length=REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Plain text, up to {REPLY_MAX:,} characters.",
        error_messages={"required": "Write a reply, or use “Remove reply” instead."},
    )


QUEUE_STATUS_CHOICES = [
    ("", "Pending"),
    (Review.Status.PUBLISHED, "Published"),
    (Review.Status.REJECTED, "Rejected"),
    (Review.Status.WITHDRAWN, "Withdrawn"),
    ("all", "All statuses"),
]


def review_number(text: str) -> int | None:
    """The review id that `text` names ("123" or "#123"), if it names one."""
    match = re.fullmatch(r"#?([0-9]{1,12})", text)
    return int(match[1]) if match and 0 < int(match[1]) <= MAX_ID else None


class QueueFilterForm(forms.Form):
    """The moderation queue's search and filters; the empty form shows pending reviews."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Practitioner name, display name, review text, or a review number.",
    )
    status = forms.ChoiceField(required=False, choices=QUEUE_STATUS_CHOICES)
    reported = forms.BooleanField(label="Only with an open report", required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def filter(self, reviews: QuerySet) -> QuerySet:
        """The reviews matching the valid fields (an invalid one is shown and left out)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        status = data.get("status") or Review.Status.PENDING
        conditions = Q() if status == "all" else Q(status=status)
        if data.get("reported"):
            conditions &= Q(pk__in=ReviewReport.objects.open().values("review_id"))
        text = " ".join(data.get("q", "").split())
        if text:
            conditions &= (
                Q(practitioner__in=Practitioner.objects.named(text))
                | Q(display_name__icontains=text)
                | Q(title__icontains=text)
                | Q(body__icontains=text)
            )
            # A review number finds that review whatever the other filters say.
            if number := review_number(text):
                conditions |= Q(pk=number)
        # The pending ones are worked oldest first; the others are looked up, newest first.
        order = (
            ("submitted_at", "id") if status == Review.Status.PENDING else ("-submitted_at", "-id")
        )
        return reviews.filter(conditions).order_by(*order)
