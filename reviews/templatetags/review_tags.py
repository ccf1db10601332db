from django import template
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.formats import date_format

from reviews.models import Review

register = template.Library()


@register.simple_tag(takes_context=True)
def own_review_state(context, practitioner) -> dict:
    """What the profile offers the visitor: write, edit (with the review's status), or reply.

    One query for a signed-in visitor, none for anyone else.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"kind": "write", "review": None}
    if practitioner.owner_id == user.pk:
        return {"kind": "owner", "review": None}
    review = (
        Review.objects.filter(practitioner=practitioner, author=user)
        .only("id", "status", "moderation_reason", "submitted_at", "practitioner_id")
        .first()
    )
    return {"kind": "edit" if review else "write", "review": review}


@register.filter
def rating_words(value) -> str:
    """'4 out of 5' for a rating, 'not rated' for none."""
    return "not rated" if value is None else f"{value} out of 5"


@register.filter
def actor_label(event) -> str:
    """Who took a moderation step, without ever showing an email address."""
    actor = event.actor
    if actor is None:
        return "Deleted account"
    if actor.is_staff:
        return f"{actor.get_full_name() or 'Staff'} (staff #{actor.pk})"
    if actor.pk == event.review.author_id:
        return f"Author (account #{actor.pk})"
    if event.action in {"replied", "reply-edited", "reply-removed"}:
        return f"Practitioner (account #{actor.pk})"
    return f"Reader (account #{actor.pk})"


@register.simple_tag
def review_meta(review, date_format_name: str = "") -> str:
    """The line under a review's title: "4 out of 5 · Ana · March 2026 · treated for migraine".

    Worked out in Python: a profile shows up to twenty reviews.
    """
    parts = [f"{review.rating_overall} out of 5", review.display_name]
    # As the template's date filter does: in the site's time zone.
    when = timezone.localtime(review.created_at)
    parts.append(date_format(when, date_format_name or "F j, Y"))
    if review.condition_id:
        parts.append(f"treated for {review.condition.name.lower()}")
    if review.sessions:
        parts.append(f"{review.sessions} session{pluralize(review.sessions)}")
    return " · ".join(parts)
