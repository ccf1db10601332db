"""What reviews add to a practitioner's profile, and how they follow a change of owner."""

from django.template.defaultfilters import pluralize

from practitioners.extensions import PractitionerExtension

from . import services
from .models import RATING_DIMENSIONS, Review

REVIEWS_ON_PROFILE = 20


class ReviewsExtension(PractitionerExtension):
    def extend_profile(self, profile):
        p = profile.practitioner
        published = Review.objects.published().filter(practitioner=p)
        profile.reviews = list(published.select_related("condition")[:REVIEWS_ON_PROFILE])
        # Kept with the aggregates (aggregates.refresh_rating_aggregates); none: no review.
        summary = p.review_summary or {}
        counts = {n: summary.get(f"stars_{n}", 0) for n in range(1, 6)}
        total = sum(counts.values())
        profile.rating_breakdown = [(label, summary.get(name)) for name, label in RATING_DIMENSIONS]
        profile.rating_distribution = [
            (stars, counts[stars], round(100 * counts[stars] / total) if total else 0)
            for stars in range(5, 0, -1)
        ]

    def on_owner_changed(self, practitioner, owner, *, actor=None):
        # A practitioner cannot review themself, also not by claiming afterwards.
        services.withdraw_owner_reviews(practitioner=practitioner, owner=owner, actor=actor)

    def claim_warnings(self, practitioner, user):
        n = services.own_reviews(practitioner=practitioner, user=user).count()
        if not n:
            return []
        return [
            f"This account wrote {n} review{pluralize(n)} of this profile; approving removes "
            f"{pluralize(n, 'it,them')} from the published reviews and the rating."
        ]
