"""The profile page's read model: everything it shows, in a constant number of queries.

Licenses, credentials and reviews are added by the apps that own them
(`practitioners.extensions`); this module owns the page, the practitioner's
own facts and the order of the four-point qualification checklist.
"""

import datetime
import functools
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Prefetch
from django.utils import timezone

from education.models import ArticleSection, topic_map

from . import extensions
from .models import Clinic, Practitioner
from .terms import term_index, terms


class Evidence(StrEnum):
    """Who vouches for a fact: each kind has its own words and look, never a shared mark."""

    VERIFIED = "verified"  # checked by staff against a primary source
    STATED = "stated"  # what the practitioner says; nobody checked it
    REVIEWS = "reviews"  # moderated patient reviews


def reviews_phrase(count: int) -> str:
    return f"From {count} moderated review" + ("s" if count != 1 else "")


@dataclass
class EvidenceLine:
    """One fact on a checklist point, with who vouches for it."""

    text: str
    kind: Evidence
    count: int = 0  # reviews behind a REVIEWS line
    link_url: str = ""
    link_text: str = ""

    @property
    def label(self) -> str:
        if self.kind == Evidence.VERIFIED:
            return "Verified"
        if self.kind == Evidence.REVIEWS:
            return reviews_phrase(self.count)
        return "Stated by the practitioner"


# Per evidence kind, the point's status words: "met", "partial", "missing".
STATUS_LABELS = {
    Evidence.VERIFIED: {
        "met": "Verified",
        "partial": "Not yet verified",
        "missing": "Not verified",
    },
    Evidence.STATED: {
        "met": "Stated by the practitioner",
        "partial": "Partly stated by the practitioner",
        "missing": "Not stated",
    },
    Evidence.REVIEWS: {"missing": "No published reviews yet"},
}


@dataclass
class ChecklistItem:
    key: str
    title: str
    status: str  # "met", "partial" or "missing"
    summary: str
    evidence: list[EvidenceLine] = field(default_factory=list)
    section: ArticleSection | None = None
    kind: Evidence = Evidence.VERIFIED  # what the point's status rests on
    count: int = 0  # reviews behind a REVIEWS point

    @property
    def status_label(self) -> str:
        if self.kind == Evidence.REVIEWS and self.status == "met":
            return reviews_phrase(self.count)
        return STATUS_LABELS[self.kind][self.status]

    @property
    def icon(self) -> str:
        """The mark beside the title: a check only for what a verifier checked."""
        if self.status == "missing":
            return "–"
        return {Evidence.VERIFIED: "✓" if self.status == "met" else "!", Evidence.STATED: "i"}.get(
            self.kind, "★"
        )

    @property
    def badge_class(self) -> str:
        if self.status == "missing":
            return "badge-muted"
        if self.kind == Evidence.VERIFIED:
            return "badge-ok" if self.status == "met" else "badge-warn"
        return f"badge-{self.kind}"


class Profile:
    """What the profile page shows; extensions add their own attributes."""

    def __init__(self, practitioner: Practitioner, topics: dict[str, ArticleSection]):
        self.practitioner = practitioner
        self.is_verified = practitioner.is_verified
        self.clinics = list(practitioner.clinics.all())
        index = term_index()
        self.conditions = terms("conditions", practitioner.condition_ids, index)
        self.techniques = terms("techniques", practitioner.technique_ids, index)
        self.languages = terms("languages", practitioner.language_ids, index)
        self.topics = topics
        self.checklist: list[ChecklistItem] = []
        # When a verifier last checked a license in good standing (verification
        # sets it); a different fact from when the profile itself was edited.
        self.license_last_verified = None

    def add_checklist_item(self, item: ChecklistItem) -> None:
        self.checklist.append(item)
        self.checklist.sort(key=lambda i: extensions.CHECKLIST_ORDER.index(i.key))


def profile_queryset():
    """Practitioners read as their profile shows them.

    Built once a day in each process and copied for each read: building its
    annotations costs the ORM more than running the query (3 ms a profile).
    """
    return _profile_queryset(timezone.localdate()).all()


@functools.lru_cache(maxsize=2)
def _profile_queryset(today: datetime.date):
    # The terms come by id with the row (`condition_ids` ...) and are named from
    # the kept vocabularies (practitioners.terms); only what is the
    # practitioner's own is a query.
    return (
        Practitioner.objects.with_verified_flag(today)
        .annotate(**extensions.annotations("profile"))
        .select_related("registry_record")
        .prefetch_related(
            Prefetch("clinics", queryset=Clinic.objects.order_by("-is_primary", "name")),
            *extensions.prefetches("profile"),
        )
    )


def build_profile(practitioner: Practitioner) -> Profile:
    """Assemble the profile of a practitioner fetched with `profile_queryset()`."""
    profile = Profile(practitioner, topic_map())
    profile.add_checklist_item(experience_item(profile))
    profile.add_checklist_item(reviews_item(profile))
    for extension in extensions.registered():
        extension.extend_profile(profile)
    return profile


def experience_item(profile: Profile) -> ChecklistItem:
    p = profile.practitioner
    facts = []
    if p.years_in_practice is not None:
        facts.append(f"{p.years_in_practice} years in practice")
    if p.years_treating_chronic_pain is not None:
        facts.append(f"{p.years_treating_chronic_pain} years treating chronic pain")
    if profile.conditions:
        facts.append("Treats: " + ", ".join(c.name for c in profile.conditions))
    has_years = p.years_treating_chronic_pain is not None
    return ChecklistItem(
        key="experience",
        title="Experience with chronic pain",
        status="met" if has_years and profile.conditions else ("partial" if facts else "missing"),
        summary="What the practitioner says; no one has checked it.",
        evidence=[EvidenceLine(fact, Evidence.STATED) for fact in facts],
        section=profile.topics.get("checklist_experience"),
        kind=Evidence.STATED,
    )


def reviews_item(profile: Profile) -> ChecklistItem:
    # The stored aggregates are kept by the review services in the same transaction.
    p = profile.practitioner
    evidence = []
    if p.review_count:
        evidence.append(
            EvidenceLine(
                f"{p.rating_average:.1f} out of 5 overall", Evidence.REVIEWS, count=p.review_count
            )
        )
    evidence.append(
        EvidenceLine(
            "Accepts referrals from your physician"
            if p.accepts_physician_referrals
            else "Does not say they accept physician referrals",
            Evidence.STATED,
        )
    )
    evidence.append(
        EvidenceLine(
            "Coordinates with or refers back to your physician"
            if p.sends_physician_referrals
            else "Does not say they refer back to your physician",
            Evidence.STATED,
        )
    )
    return ChecklistItem(
        key="reviews",
        title="Reviews and referrals",
        status="met" if p.review_count else "missing",
        summary=(
            "Reviews are moderated before they appear; referrals are as the practitioner says."
            if p.review_count
            else "No published reviews yet; referrals are as the practitioner says."
        ),
        evidence=evidence,
        section=profile.topics.get("checklist_reviews"),
        kind=Evidence.REVIEWS,
        count=p.review_count,
    )


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
        "hasCredential": [],
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
    for extension in extensions.registered():
        extension.extend_json_ld(profile, data)
    return data
