"""What reviews add to a practitioner's profile: the published reviews and their ratings."""

from django.db.models import Avg, Count

from practitioners.extensions import PractitionerExtension

from .models import RATING_DIMENSIONS, Review

REVIEWS_ON_PROFILE = 20


class ReviewsExtension(PractitionerExtension):
    def extend_profile(self, profile):
        published = Review.objects.published().filter(practitioner=profile.practitioner)
        profile.reviews = list(published.select_related("condition")[:REVIEWS_ON_PROFILE])
        averages = published.aggregate(**{name: Avg(name) for name, _ in RATING_DIMENSIONS})
        counts = dict(
            published.order_by()
            .values_list("rating_overall")
            .annotate(n=Count("id"))
            .values_list("rating_overall", "n")
        )
        total = sum(counts.values())
        profile.rating_breakdown = [(label, averages[name]) for name, label in RATING_DIMENSIONS]
        profile.rating_distribution = [
            (stars, counts.get(stars, 0), round(100 * counts.get(stars, 0) / total) if total else 0)
            for stars in range(5, 0, -1)
        ]
