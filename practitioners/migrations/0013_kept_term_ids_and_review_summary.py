"""Keep each practitioner's term ids and review summary on its own row.

Pages read them with the row (no per-page aggregate or join): the term ids
are kept with the search text (`practitioners.search.refresh_search_fields`),
the summary with the review aggregates (`reviews.services`). Filled here from
the many-to-many tables and the published reviews.
"""

from django.db import migrations, models
from django.db.models import Avg, Count, JSONField, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject

import core.db

TERMS = {"condition_ids": "conditions", "technique_ids": "techniques", "language_ids": "languages"}
DIMENSIONS = (
    "rating_pain_relief", "rating_listening", "rating_hygiene_safety", "rating_gentleness",
)  # fmt: skip
CHUNK = 2000


def fill(apps, schema_editor):
    Practitioner = apps.get_model("practitioners", "Practitioner")
    Review = apps.get_model("reviews", "Review")
    ids = list(Practitioner.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = Practitioner.objects.filter(pk__in=ids[start : start + CHUNK])
        rows = list(chunk.prefetch_related(*TERMS.values()))
        for p in rows:
            for field, relation in TERMS.items():
                setattr(p, field, sorted(t.pk for t in getattr(p, relation).all()))
        Practitioner.objects.bulk_update(rows, list(TERMS), batch_size=1000)
    published = (
        Review.objects.filter(status="published", practitioner=OuterRef("pk"))
        .order_by()
        .values("practitioner")
        .annotate(
            summary=JSONObject(
                **{name: Avg(name) for name in DIMENSIONS},
                **{f"stars_{n}": Count("pk", filter=Q(rating_overall=n)) for n in range(1, 6)},
            )
        )
        .values("summary")
    )
    Practitioner.objects.update(review_summary=Subquery(published, output_field=JSONField()))


class Migration(migrations.Migration):
    dependencies = [
        ("practitioners", "0012_listing_rows_and_indexes"),
        ("reviews", "0003_review_withdrawn_when_author_owns_profile"),
    ]

    operations = [
        migrations.AddField(
            model_name="practitioner",
            name="condition_ids",
            field=core.db.IdSetField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="practitioner",
            name="language_ids",
            field=core.db.IdSetField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="practitioner",
            name="review_summary",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="practitioner",
            name="technique_ids",
            field=core.db.IdSetField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
