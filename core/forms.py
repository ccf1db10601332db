"""Form pieces shared by every page: the field template, the error summary, common fields."""

from django import forms
from django.forms.renderers import TemplatesSetting

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


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
