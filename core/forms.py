"""Form rendering shared by every page: the field template and the error summary."""

from django.forms.renderers import TemplatesSetting


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
