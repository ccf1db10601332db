"""The profile page's read model: everything it shows, in a constant number of queries.

Licenses, credentials and reviews are added by the apps that own them
(`practitioners.extensions`); this module owns the page, the practitioner's
own facts and the order of the four-point qualification checklist.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from education.models import ArticleSection, TopicLink

from . import extensions
from .models import Clinic, Condition, Practitioner, Technique


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


class Profile:
    """What the profile page shows; extensions add their own attributes."""

    def __init__(self, practitioner: Practitioner, topics: dict[str, ArticleSection]):
        self.practitioner = practitioner
        self.is_verified = practitioner.is_verified
        self.clinics = list(practitioner.clinics.all())
        self.conditions = list(practitioner.conditions.all())
        self.techniques = list(practitioner.techniques.all())
        self.languages = list(practitioner.languages.all())
        self.topics = topics
        self.checklist: list[ChecklistItem] = []

    def add_checklist_item(self, item: ChecklistItem) -> None:
        self.checklist.append(item)
        self.checklist.sort(key=lambda i: extensions.CHECKLIST_ORDER.index(i.key))


def profile_queryset():
    return Practitioner.objects.with_verified_flag().prefetch_related(
        Prefetch("clinics", queryset=Clinic.objects.order_by("-is_primary", "name")),
        Prefetch(
            "conditions",
            queryset=Condition.objects.select_related("explained_by__article"),
        ),
        Prefetch(
            "techniques",
            queryset=Technique.objects.select_related("explained_by__article"),
        ),
        "languages",
        *extensions.prefetches("profile"),
    )


def build_profile(practitioner: Practitioner) -> Profile:
    """Assemble the profile of a practitioner fetched with `profile_queryset()`."""
    profile = Profile(practitioner, TopicLink.objects.as_map())
    profile.add_checklist_item(experience_item(profile))
    profile.add_checklist_item(reviews_item(profile))
    for extension in extensions.registered():
        extension.extend_profile(profile)
    return profile


def experience_item(profile: Profile) -> ChecklistItem:
    p = profile.practitioner
    evidence = []
    if p.years_in_practice is not None:
        evidence.append(f"{p.years_in_practice} years in practice")
    if p.years_treating_chronic_pain is not None:
        evidence.append(f"{p.years_treating_chronic_pain} years treating chronic pain")
    if profile.conditions:
        evidence.append("Treats: " + ", ".join(c.name for c in profile.conditions))
    has_years = p.years_treating_chronic_pain is not None
    return ChecklistItem(
        key="experience",
        title="Experience with chronic pain",
        status="met"
        if has_years and profile.conditions
        else ("partial" if evidence else "missing"),
        summary="As stated by the practitioner.",
        evidence=evidence,
        section=profile.topics.get("checklist_experience"),
    )


def reviews_item(profile: Profile) -> ChecklistItem:
    # The stored aggregates are kept by the review services in the same transaction.
    p = profile.practitioner
    evidence = []
    if p.review_count:
        evidence.append(
            f"{p.rating_average:.1f} out of 5 from {p.review_count} published review"
            + ("s" if p.review_count != 1 else "")
        )
    evidence.append(
        "Accepts referrals from your physician"
        if p.accepts_physician_referrals
        else "Does not say they accept physician referrals"
    )
    evidence.append(
        "Coordinates with or refers back to your physician"
        if p.sends_physician_referrals
        else "Does not say they refer back to your physician"
    )
    return ChecklistItem(
        key="reviews",
        title="Reviews and referrals",
        status="met" if p.review_count else "missing",
        summary="Moderated patient reviews." if p.review_count else "No published reviews yet.",
        evidence=evidence,
        section=profile.topics.get("checklist_reviews"),
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
