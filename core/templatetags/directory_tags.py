import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.formats import miles_text
from core.photos import photo_context

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def ld_json(context, data) -> str:
    """Render schema.org JSON-LD safely inside a <script> element."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)
    # LazyNonce is falsy until first used: compare with None, never truthiness.
    nonce = context.get("csp_nonce")
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        "" if nonce is None else str(nonce),
        mark_safe(payload),  # noqa: S308 - <, > and & escaped above
    )


@register.filter
def stars(value) -> str:
    """Text like '4.6 out of 5' for a rating, or an empty string."""
    if value is None:
        return ""
    return f"{float(value):.1f} out of 5"


@register.filter
def miles(value) -> str:
    return "" if value is None else miles_text(float(value))


@register.simple_tag
def practitioner_photo(practitioner, where: str = "card") -> str:
    """A practitioner's resized photo, or their initials when there is none.

    Built here rather than from a template: a results page shows twenty.
    """
    photo = practitioner.photo
    context = photo_context(
        name=photo.name if photo else "",
        url_for=photo.storage.url,
        full_name=practitioner.full_name,
        first_name=practitioner.first_name,
        last_name=practitioner.last_name,
        where=where,
    )
    if "src" in context:
        return format_html(
            '<img class="photo photo-{where}" src="{src}" srcset="{srcset}" width="{side}" '
            'height="{side}" loading="lazy" decoding="async" alt="{alt}">',
            **context,
        )
    return format_html(
        '<span class="avatar photo-{where}" aria-hidden="true">{initials}</span>', **context
    )
