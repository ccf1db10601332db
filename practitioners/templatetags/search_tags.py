"""Tags of the search form: its options, worked out in Python.

A select's options and a group of checkboxes are the most repeated markup of
the search page (a language select alone has twenty options); built here with
`format_html_join` (every value and label escaped) from the (value, label,
chosen) triples `practitioners.views.controls()` prepares.
"""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def select_options(options) -> str:
    """`<option>`s, the chosen one selected."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if chosen else "", label) for value, label, chosen in options),
    )


@register.simple_tag
def checkbox_items(name: str, options) -> str:
    """A list item with a labelled checkbox for each option, the chosen ones checked."""
    return format_html_join(
        "\n",
        '<li><label class="check"><input type="checkbox" name="{}" value="{}"{}> {}</label></li>',
        ((name, value, " checked" if chosen else "", label) for value, label, chosen in options),
    )
