"""Reads the pages compose: result cards, the profile and its qualification checklist."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch, prefetch_related_objects
from django.utils import timezone

from core.formats import short_date
from education.models import ArticleSection, TopicLink
from reviews.models import RATING_DIMENSIONS, Review
from verification.models import Credential, License

from .models import Clinic, Condition, Practitioner, Technique


def card_prefetches() -> list[Prefetch]:
    """What a result card shows, fetched in a constant number of queries."""
    return [
        Prefetch("conditions", queryset=Condition.objects.only("slug", "name", "order")),
        Prefetch(
            "licenses",
            queryset=License.objects.in_good_standing().order_by("-verified_at"),
            to_attr="good_licenses",
        ),
        Prefetch(
            "credentials",
            queryset=Credential.objects.in_good_standing().order_by("kind"),
            to_attr="good_credentials",
        ),
        Prefetch(
            "clinics",
            queryset=Clinic.objects.only("practitioner_id", "city", "state", "is_primary", "name"),
            to_attr="clinic_list",
        ),
    ]


def prepare_cards(practitioners: list[Practitioner]) -> list[Practitioner]:
    prefetch_related_objects(practitioners, *card_prefetches())
    for p in practitioners:
        p.verified_since = p.good_licenses[0].verified_at if p.good_licenses else None
        p.credential_labels = _credential_labels(p.good_licenses, p.good_credentials)
        p.top_conditions = list(p.conditions.all())[:3]
        p.more_conditions = max(0, len(p.conditions.all()) - 3)
        p.primary_clinic = next((c for c in p.clinic_list if c.is_primary), None) or (
            p.clinic_list[0] if p.clinic_list else None
        )
    return practitioners


def _credential_labels(licenses, credentials) -> list[str]:
    labels = []
    if any(lic.title == License.Title.LAC for lic in licenses):
        labels.append("L.Ac.")
    labels.extend(c.short_label for c in credentials)
    return labels


# The profile page


@dataclass
class ChecklistItem:
    key: str
    title: str
    status: str  # "met", "partial" or "missing"
    summary: str
    evidence: list[str] = field(default_factory=list)
    section: ArticleSection | None = None

    @property
    def status_label(self) -> str:
        return {"met": "Checked", "partial": "Partly checked", "missing": "Not checked"}[
            self.status
        ]


@dataclass
class Profile:
    practitioner: Practitioner
    is_verified: bool
    licenses: list[License]
    credentials: list[Credential]
    clinics: list[Clinic]
    conditions: list[Condition]
    techniques: list[Technique]
    languages: list
    reviews: list[Review]
    rating_breakdown: list[tuple[str, float | None]]
    rating_distribution: list[tuple[int, int, int]]
    checklist: list[ChecklistItem]
    topics: dict[str, ArticleSection]


def profile_queryset():
    return Practitioner.objects.with_verified_flag().prefetch_related(
        Prefetch("clinics", queryset=Clinic.objects.order_by("-is_primary", "name")),
        Prefetch("licenses", queryset=License.objects.select_related("board").order_by("state")),
        Prefetch("credentials", queryset=Credential.objects.order_by("kind")),
        Prefetch(
            "conditions",
            queryset=Condition.objects.select_related("explained_by__article"),
        ),
        Prefetch(
            "techniques",
            queryset=Technique.objects.select_related("explained_by__article"),
        ),
        "languages",
    )


REVIEWS_ON_PROFILE = 20


def build_profile(practitioner: Practitioner) -> Profile:
    """Assemble everything the profile page shows (a constant number of queries)."""
    published = Review.objects.published().filter(practitioner=practitioner)
    reviews = list(published.select_related("condition")[:REVIEWS_ON_PROFILE])
    averages = published.aggregate(
        **{name: Avg(name) for name, _ in RATING_DIMENSIONS},
    )
    counts = dict(
        published.order_by()
        .values_list("rating_overall")
        .annotate(n=Count("id"))
        .values_list("rating_overall", "n")
    )
    total = sum(counts.values())
    distribution = [
        (stars, counts.get(stars, 0), round(100 * counts.get(stars, 0) / total) if total else 0)
        for stars in range(5, 0, -1)
    ]
    topics = TopicLink.objects.as_map()
    licenses = list(practitioner.licenses.all())
    credentials = list(practitioner.credentials.all())
    profile = Profile(
        practitioner=practitioner,
        is_verified=practitioner.is_verified,
        licenses=licenses,
        credentials=credentials,
        clinics=list(practitioner.clinics.all()),
        conditions=list(practitioner.conditions.all()),
        techniques=list(practitioner.techniques.all()),
        languages=list(practitioner.languages.all()),
        reviews=reviews,
        rating_breakdown=[(label, averages[name]) for name, label in RATING_DIMENSIONS],
        rating_distribution=distribution,
        checklist=[],
        topics=topics,
    )
    profile.checklist = qualification_checklist(profile)
    return profile


def qualification_checklist(profile: Profile) -> list[ChecklistItem]:
    """The four points of domain.md, each with its status and evidence."""
    p, topics = profile.practitioner, profile.topics
    today = timezone.localdate()

    checked_credentials = [c for c in profile.credentials if c.is_in_good_standing]
    lac = [lic for lic in profile.licenses if lic.is_in_good_standing and lic.title == "lac"]
    cred_evidence = [
        f"{c.get_kind_display()}, issued by {c.issuer}; verified {short_date(c.verified_at)}"
        f" against {c.get_primary_source_display()}"
        + (f"; valid until {short_date(c.expires_on)}" if c.expires_on else "")
        for c in checked_credentials
    ]
    if lac:
        cred_evidence.insert(0, f"L.Ac. (state title) in {', '.join(lic.state for lic in lac)}")
    unchecked = [c for c in profile.credentials if not c.is_in_good_standing]
    if unchecked:
        cred_evidence.append(
            "Listed but not yet checked: " + ", ".join(c.short_label for c in unchecked)
        )
    credentials = ChecklistItem(
        key="credentials",
        title="Credentials and certifications",
        status="met" if (checked_credentials or lac) else ("partial" if unchecked else "missing"),
        summary=(
            "Checked by a verifier."
            if checked_credentials or lac
            else "No credential has been checked by a verifier yet."
        ),
        evidence=cred_evidence,
        section=topics.get("checklist_credentials"),
    )

    good = [lic for lic in profile.licenses if lic.is_in_good_standing]
    lic_evidence = []
    for lic in profile.licenses:
        line = (
            f"{lic.get_state_display()} license #{lic.number}, {lic.get_title_display()}, "
            f"{lic.get_status_display().lower()}"
        )
        if lic.is_in_good_standing:
            line += f"; verified {short_date(lic.verified_at)} against {lic.get_primary_source_display()}"
        else:
            line += f"; verification: {lic.get_verification_status_display().lower()}"
        if lic.expires_on:
            word = "expired" if lic.expires_on < today else "expires"
            line += f"; {word} {short_date(lic.expires_on)}"
        lic_evidence.append(line)
    licensure = ChecklistItem(
        key="licensure",
        title="Licensure and registration",
        status="met" if good else ("partial" if profile.licenses else "missing"),
        summary=(
            "Holds a verified, active license."
            if good
            else "No verified, active license on record."
        ),
        evidence=lic_evidence,
        section=topics.get("checklist_licensure"),
    )

    exp_evidence = []
    if p.years_in_practice is not None:
        exp_evidence.append(f"{p.years_in_practice} years in practice")
    if p.years_treating_chronic_pain is not None:
        exp_evidence.append(f"{p.years_treating_chronic_pain} years treating chronic pain")
    if profile.conditions:
        exp_evidence.append("Treats: " + ", ".join(c.name for c in profile.conditions))
    has_years = p.years_treating_chronic_pain is not None
    experience = ChecklistItem(
        key="experience",
        title="Experience with chronic pain",
        status="met"
        if has_years and profile.conditions
        else ("partial" if exp_evidence else "missing"),
        summary="As stated by the practitioner.",
        evidence=exp_evidence,
        section=topics.get("checklist_experience"),
    )

    review_evidence = []
    if p.review_count:
        review_evidence.append(
            f"{p.rating_average:.1f} out of 5 from {p.review_count} published review"
            + ("s" if p.review_count != 1 else "")
        )
    review_evidence.append(
        "Accepts referrals from your physician"
        if p.accepts_physician_referrals
        else "Does not say they accept physician referrals"
    )
    review_evidence.append(
        "Coordinates with or refers back to your physician"
        if p.sends_physician_referrals
        else "Does not say they refer back to your physician"
    )
    reviews = ChecklistItem(
        key="reviews",
        title="Reviews and referrals",
        status="met" if p.review_count else "missing",
        summary="Moderated patient reviews." if p.review_count else "No published reviews yet.",
        evidence=review_evidence,
        section=topics.get("checklist_reviews"),
    )
    return [credentials, licensure, experience, reviews]


def profile_json_ld(profile: Profile, absolute_url: str) -> dict:
    """schema.org markup for the practitioner (no ratings: the site collects those itself)."""
    p = profile.practitioner
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": p.full_name,
        "jobTitle": "Acupuncturist",
        "url": absolute_url,
        "knowsLanguage": [language.name for language in profile.languages],
        "knowsAbout": [c.name for c in profile.conditions] + [t.name for t in profile.techniques],
        "hasCredential": [
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "license",
                "name": f"{lic.get_state_display()} acupuncture license {lic.number}",
                "recognizedBy": {
                    "@type": "Organization",
                    "name": lic.board.name
                    if lic.board and lic.board.name
                    else lic.get_state_display(),
                },
                **({"expires": lic.expires_on.isoformat()} if lic.expires_on else {}),
            }
            for lic in profile.licenses
            if lic.is_in_good_standing
        ]
        + [
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "certification",
                "name": c.get_kind_display(),
                "recognizedBy": {"@type": "Organization", "name": c.issuer},
            }
            for c in profile.credentials
            if c.is_in_good_standing
        ],
        "workLocation": [
            {
                "@type": "MedicalClinic",
                "name": clinic.name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": ", ".join(
                        part for part in (clinic.address_line1, clinic.address_line2) if part
                    ),
                    "addressLocality": clinic.city,
                    "addressRegion": clinic.state,
                    "postalCode": clinic.zip_code,
                    "addressCountry": "US",
                },
                "geo": {
                    "@type": "GeoCoordinates",
                    "latitude": round(clinic.latitude, 4),
                    "longitude": round(clinic.longitude, 4),
                },
                **({"telephone": clinic.phone} if clinic.phone else {}),
            }
            for clinic in profile.clinics
        ],
    }
    if p.npi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "NPI", "value": p.npi}
    if p.website:
        data["sameAs"] = [p.website]
    return data
