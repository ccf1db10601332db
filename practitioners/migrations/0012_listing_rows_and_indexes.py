"""Fill the search's listings, index them, and retire the practitioner's own search indexes.

Each listed practitioner gets one listing row per clinic (or one without a
place), with its card on the primary row, as
`practitioners.listings.refresh_listings()` writes them; the rows here are
built with this migration's historical models.

On PostgreSQL the search then reads only these indexes, each in the order a
results page asks for, with every column a filter reads included so that the
keys of a page come from the index alone (an index-only scan):
- the rating order and the experience order, over one row per practitioner;
- the place (latitude, longitude), over every row with one;
- GIN indexes for the selective filters (terms, text, names' words, names by
  trigram).
The practitioner's generated tsvector, its GIN and trigram indexes and its
order indexes (migrations 0003, 0006 and 0010) are no longer read: dropped,
so profile rows are narrower and writes cheaper.
"""

from django.db import migrations

from core.db import TextDocument

# The columns a filter or an order reads beside the index's own keys.
FILTERED = (
    "verified_until, accepting_new_patients, fee_min, accepts_medicare, accepts_medicaid, "
    "accepts_va_community_care, accepts_insurance, accepts_hsa_fsa, offers_sliding_scale, "
    "offers_community_clinic, condition_ids, technique_ids, language_ids"
)
PG_INDEXES = [
    "CREATE INDEX listing_rating_idx ON practitioners_listing "
    "(rating_average DESC NULLS LAST, review_count DESC, last_name, first_name, practitioner_id) "
    f"INCLUDE ({FILTERED}) WHERE is_primary",
    "CREATE INDEX listing_experience_idx ON practitioners_listing "
    "(years_treating_chronic_pain DESC NULLS LAST, years_in_practice DESC NULLS LAST, "
    "last_name, first_name, practitioner_id) "
    f"INCLUDE (rating_average, review_count, {FILTERED}) WHERE is_primary",
    "CREATE INDEX listing_place_idx ON practitioners_listing (latitude, longitude) "
    "INCLUDE (practitioner_id, rating_average, review_count, last_name, first_name, "
    f"years_treating_chronic_pain, years_in_practice, {FILTERED}) WHERE latitude IS NOT NULL",
    "CREATE INDEX listing_terms_gin ON practitioners_listing "
    "USING gin (condition_ids, technique_ids, language_ids) WHERE is_primary",
    # Every row, places too: inside a radius the planner can then AND a rare
    # word's matches with the place index instead of reading each place.
    "CREATE INDEX listing_document_gin ON practitioners_listing USING gin (search_document)",
    "CREATE INDEX listing_name_gin ON practitioners_listing "
    "USING gin (name_document) WHERE is_primary",
    # Misspelt names (search.TextQuery.fuzzy), only when no one's words match.
    "CREATE INDEX listing_name_trgm ON practitioners_listing "
    "USING gin (search_name gin_trgm_ops) WHERE is_primary",
]
PG_INDEX_NAMES = [
    "listing_rating_idx",
    "listing_experience_idx",
    "listing_place_idx",
    "listing_terms_gin",
    "listing_document_gin",
    "listing_name_gin",
    "listing_name_trgm",
]
SQLITE_INDEXES = [
    "CREATE INDEX listing_place_idx ON practitioners_listing (latitude, longitude)",
    "CREATE INDEX listing_primary_idx ON practitioners_listing (is_primary, rating_average)",
]
RETIRED = [
    "DROP INDEX IF EXISTS practitioner_listed_cover_idx",
    "DROP INDEX IF EXISTS practitioner_experience_idx",
    "DROP INDEX IF EXISTS practitioner_search_name_trgm",
    "DROP INDEX IF EXISTS practitioner_search_vector_gin",
    "ALTER TABLE practitioners_practitioner DROP COLUMN IF EXISTS search_vector",
]
RESTORED = [
    """
    ALTER TABLE practitioners_practitioner
    ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(search_name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(search_text, '')), 'B')
    ) STORED
    """,
    "CREATE INDEX IF NOT EXISTS practitioner_search_vector_gin ON practitioners_practitioner "
    "USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS practitioner_search_name_trgm ON practitioners_practitioner "
    "USING gin (search_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS practitioner_experience_idx ON practitioners_practitioner "
    "(years_treating_chronic_pain DESC NULLS LAST, years_in_practice DESC NULLS LAST, "
    "last_name, first_name, id) WHERE publication_status = 'published'",
    "CREATE INDEX IF NOT EXISTS practitioner_listed_cover_idx ON practitioners_practitioner "
    "(rating_average DESC NULLS LAST, review_count DESC, last_name, first_name, id) "
    "INCLUDE (verified_until, accepting_new_patients) WHERE publication_status = 'published'",
]
COPIED = (
    "first_name", "last_name", "verified_until", "accepting_new_patients", "rating_average",
    "review_count", "years_treating_chronic_pain", "years_in_practice", "fee_min", "search_name",
    "accepts_medicare", "accepts_medicaid", "accepts_va_community_care", "accepts_insurance",
    "accepts_hsa_fsa", "offers_sliding_scale", "offers_community_clinic",
)  # fmt: skip
CHUNK = 2000


CARD_CLINIC_FIELDS = ("id", "name", "city", "state", "is_primary", "latitude", "longitude")


def iso(value):
    return value.isoformat() if value else None


def verification_facts(apps, chunk: list[int]) -> dict:
    """The verified records a card shows, as verification.extension keeps them."""
    License = apps.get_model("verification", "License")
    Credential = apps.get_model("verification", "Credential")
    facts = {pk: {"licenses": [], "credentials": []} for pk in chunk}
    licenses = License.objects.filter(
        practitioner_id__in=chunk, verification_status="verified", status="active"
    ).values_list("practitioner_id", "title", "verified_at", "expires_on")
    for pk, title, verified_at, expires_on in licenses:
        facts[pk]["licenses"].append([title, iso(verified_at), iso(expires_on)])
    credentials = Credential.objects.filter(
        practitioner_id__in=chunk, verification_status="verified"
    ).values_list("practitioner_id", "kind", "expires_on")
    for pk, kind, expires_on in credentials:
        facts[pk]["credentials"].append([kind, iso(expires_on)])
    return facts


def fill(apps, schema_editor):
    Practitioner = apps.get_model("practitioners", "Practitioner")
    Listing = apps.get_model("practitioners", "Listing")
    postgresql = schema_editor.connection.vendor == "postgresql"
    ids = list(
        Practitioner.objects.filter(publication_status="published")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = []
        practitioners = Practitioner.objects.filter(pk__in=chunk).prefetch_related(
            "conditions", "techniques", "languages", "clinics"
        )
        verification = verification_facts(apps, chunk)
        for p in practitioners:
            common = {name: getattr(p, name) for name in COPIED}
            common["condition_ids"] = sorted(t.pk for t in p.conditions.all())
            common["technique_ids"] = sorted(t.pk for t in p.techniques.all())
            common["language_ids"] = sorted(t.pk for t in p.languages.all())
            # PostgreSQL builds the tsvectors as it inserts the row.
            document = f"{p.search_name} {p.search_text}"
            common["search_document"] = TextDocument(document) if postgresql else document
            common["name_document"] = TextDocument(p.search_name) if postgresql else None
            clinics = sorted(p.clinics.all(), key=lambda c: (not c.is_primary, c.name, c.pk))
            card = {
                "clinics": [[getattr(c, f) for f in CARD_CLINIC_FIELDS] for c in clinics],
                "verification": verification[p.pk],
            }
            if not clinics:
                rows.append(Listing(practitioner_id=p.pk, is_primary=True, card=card, **common))
            for n, clinic in enumerate(clinics):
                rows.append(
                    Listing(
                        practitioner_id=p.pk,
                        clinic_id=clinic.pk,
                        is_primary=n == 0,
                        card=card if n == 0 else None,
                        latitude=clinic.latitude,
                        longitude=clinic.longitude,
                        **common,
                    )
                )
        Listing.objects.bulk_create(rows, batch_size=1000)


def empty(apps, schema_editor):
    apps.get_model("practitioners", "Listing").objects.all().delete()


def create_indexes(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        # The rows just written left their deferred foreign-key checks pending,
        # and PostgreSQL builds no index on a table with pending checks.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for statement in PG_INDEXES if postgresql else SQLITE_INDEXES:
        schema_editor.execute(statement)
    if postgresql:
        for statement in RETIRED:
            schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        for statement in RESTORED:
            schema_editor.execute(statement)
        names = PG_INDEX_NAMES
    else:
        names = ["listing_place_idx", "listing_primary_idx"]
    for name in names:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("practitioners", "0011_listings"),
        ("verification", "0004_license_declared_source"),
    ]

    operations = [
        migrations.RunPython(fill, empty, elidable=False),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
