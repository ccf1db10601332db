"""Plan the generated practitioners: profiles, clinics and what hangs off them."""

# Planning is pure: the same seed gives the same plan on any machine and any
# day. Dates stay day offsets in a plan and become dates relative to today
# only when the writer stores them. Each practitioner is planned from its own
# `random.Random` seeded with (seed, index), so a plan for N practitioners is a
# prefix of the plan for any larger N, and a rerun can skip what exists
# without replaying the random stream.

import random
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.utils.text import slugify

from practitioners.validators import NPI_PREFIX, luhn_check_digit

from .accounts import DEMO_SLUG, practitioner_email
from .data import (
    ACCESSIBILITY_NOTES,
    BIO_SENTENCES,
    CLINIC_KINDS,
    CLINIC_WORDS,
    CONDITION_PHRASES,
    CONDITION_SLUGS,
    EXTRA_LANGUAGES,
    FEE_NOTES,
    FIRST_NAMES,
    FORCED_CREDENTIALS,
    FORCED_LICENSES,
    INSURANCE_PLANS,
    LANGUAGE_NAMES,
    LAST_NAMES,
    NEIGHBOUR_STATES,
    PUBLICATION,
    STREETS,
    TITLES,
)
from .plan_records import (
    CredentialPlan,
    LicensePlan,
    plan_credentials,
    plan_licenses,
)
from .plan_reviews import ReviewPlan, plan_reviews, review_window
from .weighted import cumulative, pick
from .zips import Zip, nearby_zip, pick_zip

_PUBLICATION = cumulative(PUBLICATION)
_TITLES = cumulative(TITLES)
_EXTRA_LANGUAGES = cumulative(EXTRA_LANGUAGES)


@dataclass(frozen=True, slots=True)
class PlannedName:
    first_name: str
    last_name: str
    slug: str


@dataclass(frozen=True, slots=True)
class ClinicPlan:
    name: str
    address_line1: str
    address_line2: str
    zip: Zip
    phone: str
    accessibility_notes: str
    is_primary: bool


@dataclass(frozen=True, slots=True)
class PractitionerPlan:
    slug: str
    first_name: str
    last_name: str
    email: str
    owner_email: str | None
    publication_status: str
    bio: str
    years_in_practice: int | None
    years_treating_chronic_pain: int | None
    conditions: tuple[str, ...]
    techniques: tuple[str, ...]
    languages: tuple[str, ...]
    accepting_new_patients: bool
    accepts_physician_referrals: bool
    sends_physician_referrals: bool
    fee_min: int | None
    fee_max: int | None
    fee_notes: str
    phone: str
    website: str
    npi: str
    created_ago: int
    clinics: tuple[ClinicPlan, ...]
    licenses: tuple[LicensePlan, ...]
    credentials: tuple[CredentialPlan, ...]
    reviews: tuple[ReviewPlan, ...]
    # Practitioner payment-option fields (accepts_medicare, medicaid_state, ...).
    payment: dict = field(default_factory=dict)


def plan_names(*, seed: int, count: int) -> list[PlannedName]:
    """Plan the names and unique slugs of the first `count` generated practitioners."""
    rng = random.Random(f"seed-demo:{seed}:names")
    seen = Counter({DEMO_SLUG: 1})
    names = []
    for _ in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        base = slugify(f"{first} {last}")
        seen[base] += 1
        slug = base if seen[base] == 1 else f"{base}-{seen[base]}"
        names.append(PlannedName(first, last, slug))
    return names


def npi_for_index(*, seed: int, index: int) -> str:
    """Return a valid NPI unique per index within a seed (an affine bijection)."""
    offset = random.Random(f"seed-demo:{seed}:npi").randrange(10**8)
    body = f"1{(index * 7_654_321 + offset) % 10**8:08d}"
    return body + str(luhn_check_digit(NPI_PREFIX + body))


def plan_practitioners(
    *,
    seed: int,
    count: int,
    reviews_per_practitioner: int,
    unlicensed_states: frozenset[str] = frozenset(NEIGHBOUR_STATES),
) -> Iterator[PractitionerPlan]:
    """Yield the plans of the first `count` generated practitioners."""
    for index, name in enumerate(plan_names(seed=seed, count=count)):
        yield plan_practitioner(
            seed=seed,
            index=index,
            name=name,
            reviews_per_practitioner=reviews_per_practitioner,
            unlicensed_states=unlicensed_states,
        )


def plan_practitioner(
    *,
    seed: int,
    index: int,
    name: PlannedName,
    reviews_per_practitioner: int,
    unlicensed_states: frozenset[str],
) -> PractitionerPlan:
    """Plan one generated practitioner and everything that hangs off the profile."""
    rng = random.Random(f"seed-demo:{seed}:{index}")
    first, last = name.first_name, name.last_name
    forced = index < len(FORCED_LICENSES)
    publication = "published" if forced else pick(rng, _PUBLICATION)
    claimed = publication == "draft" or rng.random() < 0.72
    title = "lac" if forced else pick(rng, _TITLES)

    primary_zip, metro = pick_zip(rng, index)
    clinics = [_plan_clinic(rng, primary_zip, first, last, primary=True)]
    if rng.random() < 0.15:
        clinics.append(_plan_clinic(rng, nearby_zip(rng, primary_zip, metro), first, last))

    years = rng.randint(1, 35)
    pain_years = max(0, min(years, round(years * rng.uniform(0.3, 1.0))))
    if publication == "draft" and rng.random() < 0.3:
        years = pain_years = None
    conditions = tuple(sorted(rng.sample(CONDITION_SLUGS, rng.randint(2, 5))))
    techniques = _plan_techniques(rng, physician=title == "physician")
    languages = _plan_languages(rng)
    fee_min = fee_max = None
    if rng.random() < 0.92:
        fee_min = rng.randrange(45, 135, 5)
        fee_max = fee_min + rng.randrange(0, 90, 5)
    phone = clinics[0].phone
    npi = npi_for_index(seed=seed, index=index) if rng.random() < 0.6 else ""

    accepting = rng.random() < 0.8
    accepts_referrals, sends_referrals = rng.random() < 0.6, rng.random() < 0.5
    fee_notes = rng.choice(FEE_NOTES) if fee_min is not None else ""
    website = f"https://{name.slug}.example.com" if rng.random() < 0.35 else ""
    created_ago = rng.randint(1, 1500)
    bio = _plan_bio(rng, primary_zip.city, years, pain_years, conditions, languages)

    # Records and reviews draw from their own streams, so editing which states
    # license acupuncture changes the licenses but not the reviews.
    records_rng = random.Random(f"seed-demo:{seed}:{index}:records")
    licenses = plan_licenses(
        records_rng,
        seed=seed,
        index=index,
        clinic_state=primary_zip.state,
        unlicensed=unlicensed_states,
        title=title,
        years=years or 1,
        publication=publication,
        claimed=claimed,
        forced=FORCED_LICENSES[index] if forced else None,
    )
    credentials = plan_credentials(
        records_rng,
        title=title,
        years=years or 1,
        publication=publication,
        claimed=claimed,
        forced=FORCED_CREDENTIALS[index] if index < len(FORCED_CREDENTIALS) else None,
    )
    reviews = ()
    if publication == "published":
        reviews_rng = random.Random(f"seed-demo:{seed}:{index}:reviews")
        reviews = plan_reviews(
            reviews_rng,
            window=review_window(index, reviews_per_practitioner),
            count=reviews_rng.randint(0, 2 * reviews_per_practitioner),
            practitioner_first=first,
            conditions=conditions,
            claimed=claimed,
        )
    email = practitioner_email(name.slug)
    return PractitionerPlan(
        slug=name.slug,
        first_name=first,
        last_name=last,
        email=email,
        owner_email=email if claimed else None,
        publication_status=publication,
        bio=bio,
        years_in_practice=years,
        years_treating_chronic_pain=pain_years,
        conditions=conditions,
        techniques=techniques,
        languages=languages,
        accepting_new_patients=accepting,
        accepts_physician_referrals=accepts_referrals,
        sends_physician_referrals=sends_referrals,
        fee_min=fee_min,
        fee_max=fee_max,
        fee_notes=fee_notes,
        phone=phone,
        website=website,
        npi=npi,
        created_ago=created_ago,
        clinics=tuple(clinics),
        licenses=licenses,
        credentials=credentials,
        reviews=reviews,
        payment=plan_payment(
            random.Random(f"seed-demo:{seed}:{index}:payment"),
            state=primary_zip.state,
            fee_notes=fee_notes,
        ),
    )


def _plan_clinic(
    rng: random.Random, zip_code: Zip, first: str, last: str, *, primary: bool = False
) -> ClinicPlan:
    """Plan one clinic at `zip_code`: its name, street address and phone."""
    style = rng.randrange(4)
    if style == 0:
        name = f"{last} {rng.choice(CLINIC_KINDS)}"
    elif style == 1:
        name = f"{zip_code.city} Community Acupuncture"
    elif style == 2:
        name = f"{rng.choice(CLINIC_WORDS)} {rng.choice(CLINIC_KINDS)}"
    else:
        name = f"{first} {last}, L.Ac."
    suite = f"Suite {rng.randint(1, 4)}{rng.randint(0, 2)}{rng.randint(0, 9)}"
    return ClinicPlan(
        name=name,
        address_line1=f"{rng.randint(10, 9899)} {rng.choice(STREETS)}",
        address_line2=suite if rng.random() < 0.4 else "",
        zip=zip_code,
        phone=f"({zip_code.area_code}) 555-01{rng.randrange(100):02d}",
        accessibility_notes=rng.choice(ACCESSIBILITY_NOTES),
        is_primary=primary,
    )


def _plan_techniques(rng: random.Random, *, physician: bool) -> tuple[str, ...]:
    """Choose up to three techniques; physicians practise western medical acupuncture."""
    chosen = set()
    if physician or rng.random() < 0.1:
        chosen.add("western-medical")
    if not physician or rng.random() < 0.3:
        chosen.add("tcm")
    if rng.random() < 0.35:
        chosen.add("electro")
    if rng.random() < 0.3:
        chosen.add("auricular")
    ordered = sorted(chosen, key=("tcm", "western-medical", "auricular", "electro").index)
    return tuple(ordered[:3])


def _plan_languages(rng: random.Random) -> tuple[str, ...]:
    """Choose the consultation languages, nearly always English and maybe one or two more."""
    languages = ["en"] if rng.random() < 0.95 else []
    extra = 0 if rng.random() < 0.6 else (1 if rng.random() < 0.8 else 2)
    if not languages:
        extra = max(extra, 1)
    for _ in range(extra):
        code = pick(rng, _EXTRA_LANGUAGES)
        if code not in languages:
            languages.append(code)
    return tuple(languages)


def _plan_bio(
    rng: random.Random,
    city: str,
    years: int | None,
    pain_years: int | None,
    conditions: Sequence[str],
    languages: Sequence[str],
) -> str:
    """Write a bio of up to four sentences in the practitioner's voice."""
    if years is None:
        opening = f"I see patients in {city} who live with long-term pain."
    elif pain_years:
        opening = (
            f"I have practised acupuncture in {city} for {years} "
            f"year{'s' if years != 1 else ''}, {pain_years} of them working mostly with "
            "people who live with long-term pain."
        )
    else:
        opening = (
            f"I have practised acupuncture in {city} for {years} "
            f"year{'s' if years != 1 else ''} and am building a practice around chronic pain."
        )
    phrases = [CONDITION_PHRASES[c] for c in conditions[:2]]
    more = [f"Many of my patients come to me with {' or '.join(phrases)}.", *BIO_SENTENCES]
    chosen = [opening, *rng.sample(more, rng.randint(1, 3))]
    other = [LANGUAGE_NAMES[c] for c in languages if c != "en"]
    if other:
        # The language note closes the bio, which stays within four sentences.
        if len(chosen) == 4:
            chosen.pop()
        also = "also " if "en" in languages else ""
        chosen.append(f"Consultations are {also}available in {' and '.join(other)}.")
    return " ".join(chosen)


def plan_payment(rng: random.Random, *, state: str, fee_notes: str) -> dict:
    """Ways to pay, in realistic shares, from their own stream (nothing else shifts)."""
    notes = fee_notes.lower()
    insurance = rng.random() < 0.45
    medicaid = rng.random() < 0.2
    community = "community" in notes or rng.random() < 0.06
    return {
        "accepts_medicare": rng.random() < 0.15,
        "accepts_medicaid": medicaid,
        "medicaid_state": state if medicaid else "",
        "accepts_va_community_care": rng.random() < 0.12,
        "accepts_insurance": insurance,
        "insurance_plans": rng.choice(INSURANCE_PLANS) if insurance else "",
        "accepts_hsa_fsa": rng.random() < 0.7,
        "offers_sliding_scale": community or "sliding" in notes or rng.random() < 0.15,
        "offers_community_clinic": community,
    }
