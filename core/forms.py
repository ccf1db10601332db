"""Form pieces shared by every page: the field template, the error summary, common fields."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.forms.renderers import TemplatesSetting

from .numbers import parse_positive_int

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
# Dates a person can mean here; outside them date arithmetic overflows.
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
DATE_RANGE_MESSAGE = f"Choose a date between {EARLIEST_DATE:%Y-%m-%d} and {LATEST_DATE:%Y-%m-%d}."


class SiteFormRenderer(TemplatesSetting):
    """Renders `{{ field.as_field_group }}` with the site's one field template.

    TemplatesSetting (not the default DjangoTemplates renderer) so the template
    is found in the project's templates/ directory like any other page.
    """

    field_template_name = "includes/field.html"


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


def required_messages(**messages: str) -> dict[str, dict[str, str]]:
    """Return a ModelForm's Meta.error_messages wording each named field's "required" error."""
    return {name: {"required": message} for name, message in messages.items()}


def upload_field(label: str, *, accept: str, help_text: str) -> forms.FileField:
    """Return an optional file upload whose picker offers only the `accept`ed types."""
    return forms.FileField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.FileInput(attrs={"accept": accept}),
    )


def reason_field(
    label: str | None = None,
    *,
    required: bool = True,
    missing: str = "",
    rows: int = 3,
    max_length: int = 2000,
    **kwargs,
) -> forms.CharField:
    """Return a plain-text box for a reason or a note; `missing` words its "required" error."""
    if missing:
        kwargs["error_messages"] = {"required": missing}
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


def date_range_validators() -> list:
    """Return validators refusing a date outside EARLIEST_DATE to LATEST_DATE."""
    return [
        MinValueValidator(EARLIEST_DATE, message=DATE_RANGE_MESSAGE),
        MaxValueValidator(LATEST_DATE, message=DATE_RANGE_MESSAGE),
    ]


def bounded_date_field(label: str, **kwargs) -> forms.DateField:
    """Return a date field that refuses dates outside EARLIEST_DATE to LATEST_DATE."""
    kwargs.setdefault("widget", DATE_WIDGET)
    return forms.DateField(label=label, validators=date_range_validators(), **kwargs)


def _id_is_valid(field, value) -> bool:
    """Whether `value` can name a row of the field's queryset, before asking the database."""
    if field.to_field_name or isinstance(value, models.Model):
        return True
    if not isinstance(field.queryset.model._meta.pk, models.IntegerField):
        return True
    # An integer id: ASCII digits ("٣" is not 3) that fit every database's integer.
    return parse_positive_int(value) is not None


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose bad or out-of-range ids are "Select a valid choice"."""

    def to_python(self, value):
        if value not in self.empty_values and not _id_is_valid(self, value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose bad or out-of-range ids are "Select a valid choice"."""

    def _check_values(self, value):
        for item in value:
            if isinstance(item, (list, tuple, dict, set)):
                raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
            if not _id_is_valid(self, item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


def id_choice_formfield(db_field, **kwargs):
    """A ModelForm's Meta.formfield_callback: relations get the id-checking choice fields."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", IdMultipleChoiceField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", IdChoiceField)
    return db_field.formfield(**kwargs)
