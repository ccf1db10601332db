"""What reviews add to a practitioner's profile, and how they follow a change of owner."""

from django.db.models import Avg, Count, JSONField, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject
from django.template.defaultfilters import pluralize

from practitioners.extensions import PractitionerExtension

from . import services
from .models import RATING_DIMENSIONS, Review

REVIEWS_ON_PROFILE = 20


class ReviewsExtension(PractitionerExtension):
    def profile_annotations(self):
        # One pass over the published reviews, read with the practitioner's row:
        # the dimension averages and the count of each overall rating.
        published = (
            Review.objects.published()
            .filter(practitioner=OuterRef("pk"))
            .order_by()
            .values("practitioner")
        )
        summary = JSONObject(
            **{name: Avg(name) for name, _ in RATING_DIMENSIONS},
            **{f"stars_{n}": Count("pk", filter=Q(rating_overall=n)) for n in range(1, 6)},
        )
        return {
            "review_summary": Subquery(
                published.annotate(summary=summary).values("summary"), output_field=JSONField()
            )
        }

    def extend_profile(self, profile):
        p = profile.practitioner
        published = Review.objects.published().filter(practitioner=p)
        profile.reviews = list(published.select_related("condition")[:REVIEWS_ON_PROFILE])
        summary = p.review_summary or {}  # none: no published review
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
