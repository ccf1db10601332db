"""Reads for the practitioner's dashboard: whose profile, and what is still missing."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from . import extensions
from .models import Clinic, Practitioner


def own_practitioner(user) -> Practitioner | None:
    """The profile this account manages, or None."""
    if not user.is_authenticated:
        return None
    return _remembered(user, Practitioner.objects.filter(owner=user).first())


def _remembered(user, practitioner: Practitioner | None) -> Practitioner | None:
    # Setting the owner caches `user.practitioner` too: the header asks it again.
    if practitioner is not None:
        practitioner.owner = user
    return practitioner


def dashboard_practitioner(user) -> Practitioner | None:
    """The account's profile with everything the overview shows, in a fixed number of queries."""
    if not user.is_authenticated:
        return None
    return _remembered(
        user,
        Practitioner.objects.filter(owner=user)
        .with_verified_flag()
        .prefetch_related(
            Prefetch("clinics", queryset=Clinic.objects.order_by("-is_primary", "name", "id")),
            "conditions",
            *extensions.prefetches("dashboard"),
        )
        .first(),
    )


def in_default_search(practitioner: Practitioner) -> bool:
    """Whether the default search (verified practitioners only) shows this profile."""
    p = practitioner
    return p.is_published and bool(p.verified_until and p.verified_until >= timezone.localdate())


def publication_message(practitioner: Practitioner) -> str:
    """What patients see now that the profile is published, and what is still pending."""
    if in_default_search(practitioner):
        return "Your profile is published: patients find it in search and at its address."
    return (
        "Your profile is published. Patients see it at its address and when they include "
        "unverified practitioners in search; it appears in the default search once a license "
        "is verified."
    )


# The completeness meter: per checklist point, what is done and what is missing


@dataclass(frozen=True)
class Step:
    label: str
    done: bool
    url: str = ""


@dataclass
class CompletenessPoint:
    key: str
    title: str
    steps: list[Step] = field(default_factory=list)

    @property
    def missing(self) -> list[Step]:
        return [step for step in self.steps if not step.done]

    @property
    def is_complete(self) -> bool:
        return not self.missing

    @property
    def done_count(self) -> int:
        return len(self.steps) - len(self.missing)


@dataclass
class Completeness:
    points: list[CompletenessPoint]

    @property
    def total(self) -> int:
        return sum(len(p.steps) for p in self.points)

    @property
    def done(self) -> int:
        return sum(p.done_count for p in self.points)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def reviews_step(practitioner: Practitioner) -> Step:
    p = practitioner
    if p.review_count:
        return Step(f"Published patient reviews ({p.review_count})", True)
    if p.is_published:
        return Step("No published reviews yet: patients can review you on your profile", False)
    return Step("Patient reviews: patients can review you once your profile is published", False)


def profile_completeness(
    practitioner: Practitioner,
    *,
    clinics: list[Clinic],
    condition_count: int,
    context: dict,
) -> Completeness:
    """What the practitioner has done, and still needs to do, for each point of the checklist.

    `context` is what the extensions gave the overview (their records); each
    extension adds the points it is responsible for.
    """
    p = practitioner
    profile_url = reverse("dashboard:profile")

    experience_point = CompletenessPoint(
        "experience",
        "Experience with chronic pain",
        [
            Step("Years in practice", p.years_in_practice is not None, f"{profile_url}#experience"),
            Step(
                "Years treating chronic pain",
                p.years_treating_chronic_pain is not None,
                f"{profile_url}#experience",
            ),
            Step(
                "The chronic-pain conditions you treat",
                condition_count > 0,
                f"{profile_url}#conditions",
            ),
        ],
    )

    referral_point = CompletenessPoint(
        "reviews",
        "Reviews and referrals",
        [
            Step(
                "Say whether you work with patients' physicians (referrals)",
                p.accepts_physician_referrals or p.sends_physician_referrals,
                f"{profile_url}#referrals",
            ),
            reviews_step(p),
        ],
    )

    basics_point = CompletenessPoint(
        "basics",
        "Profile basics",
        [
            Step("A clinic with its address", bool(clinics), reverse("dashboard:clinic_add")),
            Step("About your practice", bool(p.bio.strip()), f"{profile_url}#about"),
            Step("A photo", bool(p.photo), f"{profile_url}#photo"),
            Step(
                "A way to contact you (phone, email or website)",
                bool(p.phone or p.email or p.website or any(c.phone for c in clinics)),
                f"{profile_url}#contact",
            ),
        ],
    )
    points = [experience_point, referral_point]
    for extension in extensions.registered():
        points.extend(extension.completeness_points(practitioner, context))
    points.sort(key=lambda point: extensions.CHECKLIST_ORDER.index(point.key))
    return Completeness([basics_point, *points])
