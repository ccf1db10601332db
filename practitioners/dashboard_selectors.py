"""Reads for the practitioner's dashboard: what is missing, and what to do about each record."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from core.formats import long_date
from verification.models import Credential, License, VerificationStatus

from .models import Clinic, Practitioner

S = VerificationStatus
EXPIRY_WARNING_DAYS = 60


def own_practitioner(user) -> Practitioner | None:
    """The profile this account manages, or None."""
    if not user.is_authenticated:
        return None
    return Practitioner.objects.filter(owner=user).first()


def dashboard_practitioner(user) -> Practitioner | None:
    """The account's profile with everything the overview shows, in a fixed number of queries."""
    if not user.is_authenticated:
        return None
    return (
        Practitioner.objects.filter(owner=user)
        .prefetch_related(
            Prefetch("licenses", queryset=License.objects.order_by("state", "number")),
            Prefetch("credentials", queryset=Credential.objects.order_by("kind")),
            Prefetch("clinics", queryset=Clinic.objects.order_by("-is_primary", "name", "id")),
            "conditions",
        )
        .first()
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


def _names(records) -> str:
    labels = [str(r) for r in records]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _verification_step(records, good, *, kind: str, url: str) -> Step:
    """The step 'a verifier has checked one', labelled with what stands in its way."""
    if good:
        return Step(f"Verified: {_names(good)}", True, url)
    if not records:
        return Step(f"Get a {kind} verified (add it first)", False, url)
    pending = [r for r in records if r.verification_status in (S.PENDING, S.NEEDS_REVIEW)]
    if pending:
        return Step(f"Waiting for a verifier to check {_names(pending)}", False, url)
    ready = [
        r
        for r in records
        if r.proof_document and r.verification_status in (S.UNVERIFIED, S.REJECTED)
    ]
    if ready:
        return Step(f"Submit {_names(ready)} for verification", False, url)
    no_proof = [r for r in records if not r.proof_document]
    if no_proof:
        return Step(f"Attach proof to {_names(no_proof)} and submit it", False, url)
    return Step(f"Renew {_names(records)}, then submit it again", False, url)


def profile_completeness(
    practitioner: Practitioner,
    *,
    licenses: list[License],
    credentials: list[Credential],
    clinics: list[Clinic],
    condition_count: int,
    today: datetime.date | None = None,
) -> Completeness:
    """What the practitioner has done, and still needs to do, for each point of the checklist."""
    today = today or timezone.localdate()
    p = practitioner
    profile_url = reverse("dashboard:profile")

    good_licenses = [lic for lic in licenses if lic.is_in_good_standing]
    lac = [lic for lic in good_licenses if lic.title == License.Title.LAC]
    good_credentials = [c for c in credentials if c.is_in_good_standing]
    credentials_url = reverse("verification_dashboard:credentials")
    credential_point = CompletenessPoint(
        "credentials",
        "Credentials and certifications",
        [
            Step(
                "List a credential, such as NCCAOM Dipl. Ac., with its proof document",
                bool(credentials) or bool(lac),
                reverse("verification_dashboard:credential_add"),
            ),
            _verification_step(
                credentials,
                good_credentials + lac,
                kind="credential",
                url=credentials_url,
            ),
        ],
    )

    licenses_url = reverse("verification_dashboard:licenses")
    license_steps = [
        Step(
            "Add your state license with its proof document",
            bool(licenses),
            reverse("verification_dashboard:license_add"),
        ),
        _verification_step(licenses, good_licenses, kind="license", url=licenses_url),
    ]
    for lic in good_licenses:
        if lic.expires_on and (lic.expires_on - today).days <= EXPIRY_WARNING_DAYS:
            license_steps.append(
                Step(
                    f"Renew {lic} (expires {long_date(lic.expires_on)}) and update it here",
                    False,
                    reverse("verification_dashboard:license_edit", args=[lic.pk]),
                )
            )
    license_point = CompletenessPoint("licensure", "Licensure and registration", license_steps)

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
            Step(
                f"Published patient reviews ({p.review_count})"
                if p.review_count
                else "Patient reviews: patients can review you once your profile is published",
                p.review_count > 0,
                reverse("reviews_dashboard:list") if p.review_count else "",
            ),
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
    return Completeness(
        [basics_point, credential_point, license_point, experience_point, referral_point]
    )
