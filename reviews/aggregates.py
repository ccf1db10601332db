"""The stored review aggregates of a practitioner: count, average and the profile's summary.

Written only here, in the transaction of the review change that moves them
(reviews.services), and copied to the search's listings in the same one.
"""

from collections.abc import Iterable

from django.db.models import Avg, Count, DecimalField, JSONField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce, JSONObject, Round

from practitioners.listings import copy_to_listings
from practitioners.models import Practitioner

from .models import RATING_DIMENSIONS, Review


def refresh_rating_aggregates(practitioner_ids: Iterable[int]) -> int:
    """Recompute the stored review count and average of many practitioners in one UPDATE."""
    # Both aggregates come from the published reviews in the same statement, so
    # they never disagree. Rows whose reviews may change concurrently must be
    # locked by the caller first (as every service here does): the UPDATE then
    # starts after the other change committed and reads its reviews.
    published = (
        Review.objects.published()
        .filter(practitioner=OuterRef("pk"))
        .order_by()
        .values("practitioner")
    )
    count = published.annotate(n=Count("pk")).values("n")
    # ROUND takes halves away from zero on PostgreSQL and SQLite: for these
    # positive averages that is ROUND_HALF_UP, what the profile pages show.
    average = published.annotate(
        avg=Cast(Round(Avg("rating_overall"), 2), DecimalField(max_digits=3, decimal_places=2))
    ).values("avg")
    # The profile's summary in the same pass: each overall rating's count and
    # each dimension's average.
    summary = published.annotate(
        summary=JSONObject(
            **{name: Avg(name) for name, _ in RATING_DIMENSIONS},
            **{f"stars_{n}": Count("pk", filter=Q(rating_overall=n)) for n in range(1, 6)},
        )
    ).values("summary")
    ids = list(practitioner_ids)
    updated = Practitioner.objects.filter(pk__in=ids).update(
        review_count=Coalesce(Subquery(count), 0),
        rating_average=Subquery(average),
        review_summary=Subquery(summary, output_field=JSONField()),
    )
    # What the search sorts and filters by, in the same transaction.
    copy_to_listings(ids, "review_count", "rating_average")
    return updated
