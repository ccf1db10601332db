"""One error summary for every form page."""


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
