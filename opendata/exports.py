"""Staff CSV export of every practitioner, streamed so its size never matters."""

from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Prefetch
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.csv import csv_response
from practitioners.models import Clinic, Practitioner
from verification.models import License

COLUMNS = [
    "id", "slug", "first_name", "last_name", "publication_status", "is_verified", "claimed",
    "email", "phone", "website", "npi", "years_in_practice", "years_treating_chronic_pain",
    "accepting_new_patients", "accepts_physician_referrals", "sends_physician_referrals",
    "fee_min", "fee_max", "review_count", "rating_average", "conditions", "techniques",
    "languages", "clinics", "licenses", "credentials", "created_at", "updated_at",
]  # fmt: skip
CHUNK = 2000


def rows():
    """Yield the header, then one row per practitioner."""
    yield COLUMNS
    queryset = (
        Practitioner.objects.with_verified_flag()
        .prefetch_related(
            "conditions",
            "techniques",
            "languages",
            Prefetch("clinics", queryset=Clinic.objects.order_by("-is_primary", "pk")),
            Prefetch("licenses", queryset=License.objects.order_by("state")),
            "credentials",
        )
        .order_by("pk")
    )
    for p in queryset.iterator(chunk_size=CHUNK):
        yield [
            p.pk, p.slug, p.first_name, p.last_name, p.publication_status, p.is_verified,
            p.owner_id is not None, p.email, p.phone, p.website, p.npi, p.years_in_practice,
            p.years_treating_chronic_pain, p.accepting_new_patients,
            p.accepts_physician_referrals, p.sends_physician_referrals, p.fee_min, p.fee_max,
            p.review_count, p.rating_average,
            "; ".join(c.slug for c in p.conditions.all()),
            "; ".join(t.slug for t in p.techniques.all()),
            "; ".join(lang.code for lang in p.languages.all()),
            "; ".join(f"{c.name}, {c.city}, {c.state} {c.zip_code}" for c in p.clinics.all()),
            "; ".join(
                f"{lic.state} {lic.number} {lic.status} {lic.verification_status} exp {lic.expires_on or '-'}"
                for lic in p.licenses.all()
            ),
            "; ".join(f"{c.kind} {c.verification_status}" for c in p.credentials.all()),
            p.created_at.isoformat(), p.updated_at.isoformat(),
        ]  # fmt: skip


@require_GET
@staff_member_required
def practitioners_csv(request):
    """Stream every practitioner as CSV, for staff."""
    return csv_response(f"practitioners-{timezone.localdate().isoformat()}.csv", rows())
