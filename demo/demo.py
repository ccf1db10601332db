"""Deterministic, realistic demo data: practitioners across real US ZIP codes, with
clinics, licenses, credentials, verification history and patient reviews.

The `plan_*` functions are pure: the same seed gives the same plan on any
machine and any day. Dates stay day offsets in a plan and become dates
relative to today only when `seed_demo` writes them. Each practitioner is
planned from its own `random.Random` seeded with (seed, index), so a plan for
N practitioners is a prefix of the plan for any larger N, and a rerun can skip
what exists without replaying the random stream.
"""

import bisect
import datetime
import functools
import multiprocessing
import os
import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

import zipcodes
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, connections, transaction
from django.db.models import Avg, Count, DecimalField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce, Round
from django.utils import timezone
from django.utils.text import slugify

from core.states import STATE_CODES
from practitioners.geo import great_circle_miles
from practitioners.models import Clinic, Condition, Language, Practitioner, Technique
from practitioners.search import build_search_fields
from practitioners.validators import NPI_PREFIX, luhn_check_digit
from reviews.models import Review
from verification.models import (
    Credential,
    License,
    LicensingBoard,
    PrimarySource,
    VerificationEvent,
    VerificationStatus,
    refresh_verified_until,
)

S = VerificationStatus
ProgressCallback = Callable[[str, int, int], None]

# The documented local-development logins (contract.md); never used outside demo data.
DEMO_PASSWORD = "demo-password-123"  # noqa: S105
ADMIN_EMAIL = "admin@example.com"
PRACTITIONER_EMAIL = "practitioner@example.com"
PATIENT_EMAIL = "patient@example.com"
DEMO_LOGINS = (ADMIN_EMAIL, PRACTITIONER_EMAIL, PATIENT_EMAIL)
DEMO_SLUG = "mei-lin-chen"
DEMO_PATIENT = -1  # the review author key of patient@example.com
DEMO_REVIEWERS = 6  # pool patients 0..5 also review the demo profile

PROOF_NAME = "proofs/demo-proof.pdf"
PROOF_CONTENT_TYPE = "application/pdf"
BATCH_SIZE = 2000
MAX_WORKERS = 4

# A dozen real metro ZIP codes; a good share of practitioners cluster around
# them so radius searches from these ZIPs show full result pages.
METRO_CENTERS = (
    "97214",  # Portland, OR
    "10001",  # New York, NY
    "94110",  # San Francisco, CA
    "90012",  # Los Angeles, CA
    "60614",  # Chicago, IL
    "78701",  # Austin, TX
    "02139",  # Cambridge, MA
    "98103",  # Seattle, WA
    "80202",  # Denver, CO
    "33130",  # Miami, FL
    "30307",  # Atlanta, GA
    "55406",  # Minneapolis, MN
)
METRO_RADIUS_MILES = 15.0
METRO_SHARE = 0.45

# Where a practitioner in a state without acupuncture licensure holds a license.
NEIGHBOUR_STATES = {
    "AL": ("GA", "MS", "TN", "FL"),
    "OK": ("TX", "AR", "KS", "MO", "NM", "CO"),
    "SD": ("ND", "MN", "NE", "IA", "MT", "WY"),
}


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(sep) if word.strip())


FIRST_NAMES = _words("""
Maria James Wei Aisha Daniel Priya Carlos Emily Hiroshi Fatima Michael Ana Jun Olivia
David Mei Andre Sofia Kwame Laura Minh Grace Omar Rachel Diego Hannah Tomasz Leila Samuel
Yuki Nathan Amara Luis Chloe Raj Elena Marcus Ji-woo Isabel Thomas Nadia Kevin Camila Ahmed
Sarah Hyun Julia Ethan Zainab Mateo Lauren Arjun Valentina Benjamin Noor Rosa Jacob Lin
Gabriela William Keiko Imani Alejandro Megan Tariq Claire Huy Natalie Esteban Rebecca Sanjay
Lucia Jonathan Amina Paolo Jessica Dmitri Aaliyah Victor Ingrid Malik Eun-ji Patrick Farah
Ricardo Anna Kenji Beatriz Joseph Yasmin Oluwaseun Teresa Xin Adrian Lena Ibrahim Katherine
Rafael Sunita Owen Mariana Elijah Naomi Hao Bianca Isaac Dalia Christopher Ximena
""")

LAST_NAMES = _words("""
Garcia Smith Chen Nguyen Johnson Patel Rodriguez Kim Williams Lee Martinez Brown Wang
Hernandez Jones Park Lopez Davis Tran Gonzalez Miller Singh Wilson Liu Anderson Perez Taylor
Yamamoto Thomas Sanchez Moore Ali Jackson Huang Martin Ramirez White Zhang Harris Torres
Clark Le Lewis Flores Robinson Shah Walker Rivera Young Choi Allen Gomez King Tanaka Wright
Diaz Scott Pham Green Cruz Baker Kumar Adams Reyes Nelson Okafor Hill Morales Campbell
Mitchell Ortiz Roberts Wu Carter Gutierrez Phillips Ahmed Evans Castillo Turner Yang Murphy
Romero Cook Hoang Rogers Mendoza Morgan Khan Cooper Vargas Peterson Nakamura Bailey Silva
Reed Jung Kelly Alvarez Howard Cohen Ward Sato Cox Ruiz Richardson Mensah Brooks Kowalski
Foster Ivanova Bennett Haddad Gray Novak Hughes Suzuki Price Ibrahim Sanders Dubois Myers
Rossi Long Jensen Ross Kaur Fischer Andersen Obi Nash Becker Hayes Moreno
""")

STREETS = _words(
    """
Main St, Oak Ave, Maple St, Park Ave, Cedar St, Elm St, Washington St, Lake St, Hill St, Pine St,
Broadway, Market St, Church St, Spring St, Center St, Union St, Grand Ave, Lincoln Ave,
Jefferson St, Franklin St, River Rd, Highland Ave, Chestnut St, Walnut St, Madison Ave,
Mill St, Water St, Prospect Ave, Academy St, Garden St
""",
    sep=",",
)

CLINIC_WORDS = (
    "Balance", "Still Water", "Red Maple", "Blue Heron", "Clear Path", "Open Door",
    "Willow", "Cedar", "Harmony", "Bamboo", "North Star", "Lotus", "Riverbend", "Juniper",
)  # fmt: skip
CLINIC_KINDS = ("Acupuncture", "Acupuncture Clinic", "Acupuncture & Wellness", "Healing Arts")
ACCESSIBILITY_NOTES = (
    "",
    "",
    "Step-free entrance; treatment tables lower for easier transfers.",
    "Second floor with an elevator; street parking nearby.",
    "Ground floor, accessible restroom, two accessible parking spaces.",
)

CONDITION_SLUGS = (
    "low-back-pain", "neck-pain", "osteoarthritis", "rheumatoid-arthritis", "fibromyalgia",
    "migraine", "tension-headache", "neuropathic-pain", "sciatica", "injury-related-pain",
)  # fmt: skip
CONDITION_PHRASES = {
    "low-back-pain": "low back pain",
    "neck-pain": "neck pain",
    "osteoarthritis": "osteoarthritis",
    "rheumatoid-arthritis": "rheumatoid arthritis",
    "fibromyalgia": "fibromyalgia",
    "migraine": "migraines",
    "tension-headache": "tension headaches",
    "neuropathic-pain": "nerve pain",
    "sciatica": "sciatica",
    "injury-related-pain": "pain after an injury",
}
EXTRA_LANGUAGES = (
    ("es", 30), ("zh", 20), ("ko", 10), ("vi", 8), ("ja", 4), ("tl", 4), ("ru", 4), ("fr", 4),
    ("ar", 3), ("pt", 3), ("hi", 3), ("th", 2), ("de", 2), ("fa", 2), ("uk", 2), ("it", 1),
    ("pl", 1), ("he", 1), ("ht", 1),
)  # fmt: skip
LANGUAGE_NAMES = {
    "es": "Spanish", "zh": "Mandarin and Cantonese", "ko": "Korean", "vi": "Vietnamese",
    "ja": "Japanese", "tl": "Tagalog", "ru": "Russian", "fr": "French", "ar": "Arabic",
    "pt": "Portuguese", "hi": "Hindi", "th": "Thai", "de": "German", "fa": "Persian",
    "uk": "Ukrainian", "it": "Italian", "pl": "Polish", "he": "Hebrew", "ht": "Haitian Creole",
}  # fmt: skip
FEE_NOTES = (
    "",
    "",
    "Sliding scale available.",
    "The first visit includes a longer intake.",
    "Community-style treatment at lower rates on weekday mornings.",
    "Superbills provided for out-of-network insurance.",
)
SCHOOLS = (
    "Pacific College of Health and Science",
    "American College of Traditional Chinese Medicine",
    "Bastyr University",
    "Five Branches University",
    "New England School of Acupuncture",
    "Southwest Acupuncture College",
    "Northwestern Health Sciences University",
    "AOMA Graduate School of Integrative Medicine",
)
NCCAOM = "NCCAOM"
ABMA_ISSUER = "American Board of Medical Acupuncture"

LICENSE_REJECTIONS = (
    "The license number does not match the board's records for this name.",
    "The uploaded document is unreadable; please upload a clearer scan.",
    "The board lists this license under a different name; please upload proof of the name change.",
)
CREDENTIAL_REJECTIONS = (
    "The NCCAOM registry does not list this certificate number.",
    "The document shows a different certification than the one entered.",
    "The certificate has no issue date; please upload the full certificate.",
)
MODERATION_REASONS = (
    "Names another patient.",
    "Describes a different clinic.",
    "Includes a phone number and other personal details.",
    "Not about the reviewer's own visits.",
)

# Publication mix, license verification mixes and standings, as cumulative weights.
PUBLICATION = (("published", 85), ("draft", 8), ("unpublished", 7))
LICENSE_MIX = {
    ("published", True): ((S.VERIFIED, 80), (S.PENDING, 5), (S.UNVERIFIED, 3), (S.REJECTED, 3),
                          (S.EXPIRED, 5), (S.NEEDS_REVIEW, 4)),
    ("published", False): ((S.VERIFIED, 84), (S.UNVERIFIED, 8), (S.EXPIRED, 8)),
    ("draft", True): ((S.UNVERIFIED, 45), (S.PENDING, 40), (S.REJECTED, 15)),
    ("unpublished", True): ((S.VERIFIED, 30), (S.EXPIRED, 40), (S.REJECTED, 15),
                            (S.UNVERIFIED, 15)),
    ("unpublished", False): ((S.VERIFIED, 40), (S.EXPIRED, 45), (S.UNVERIFIED, 15)),
}  # fmt: skip
CREDENTIAL_MIX = {
    "claimed": ((S.VERIFIED, 65), (S.PENDING, 10), (S.UNVERIFIED, 10), (S.REJECTED, 5),
                (S.EXPIRED, 5), (S.NEEDS_REVIEW, 5)),
    "unclaimed": ((S.VERIFIED, 80), (S.UNVERIFIED, 12), (S.EXPIRED, 8)),
    "draft": ((S.UNVERIFIED, 50), (S.PENDING, 50)),
}  # fmt: skip
VERIFIED_STANDINGS = (("active", 950), ("revoked", 15), ("suspended", 15), ("lapsed", 10),
                      ("probation", 5), ("inactive", 5))  # fmt: skip
TITLES = (("lac", 87), ("physician", 6), ("acupuncturist", 5), ("other", 2))
REVIEW_STATUSES = (("published", 88), ("pending", 8), ("rejected", 4))
# Rating weights for 1..5 stars by practitioner profile: mostly positive, never uniform.
RATING_PROFILES = (((1, 1, 4, 20, 74), 50), ((3, 4, 10, 35, 48), 35), ((10, 10, 20, 30, 30), 15))

# The first practitioners get fixed verification states so that even a tiny
# seed (tests, N=30) shows every state and the unusual standings.
FORCED_LICENSES = (
    (S.UNVERIFIED, "active"), (S.PENDING, "active"), (S.VERIFIED, "active"),
    (S.REJECTED, "active"), (S.EXPIRED, "lapsed"), (S.NEEDS_REVIEW, "active"),
    (S.VERIFIED, "revoked"), (S.VERIFIED, "suspended"), (S.VERIFIED, "lapsed"),
)  # fmt: skip
FORCED_CREDENTIALS = (S.VERIFIED, S.PENDING, S.REJECTED, S.EXPIRED, S.NEEDS_REVIEW, S.UNVERIFIED)


def _cumulative(pairs):
    values, running, totals = [], 0, []
    for value, weight in pairs:
        running += weight
        values.append(value)
        totals.append(running)
    return tuple(values), tuple(totals)


def _pick(rng: random.Random, table) -> object:
    values, totals = table
    return values[bisect.bisect_right(totals, rng.random() * totals[-1])]


_PUBLICATION = _cumulative(PUBLICATION)
_LICENSE_MIX = {key: _cumulative(pairs) for key, pairs in LICENSE_MIX.items()}
_CREDENTIAL_MIX = {key: _cumulative(pairs) for key, pairs in CREDENTIAL_MIX.items()}
_STANDINGS = _cumulative(VERIFIED_STANDINGS)
_TITLES = _cumulative(TITLES)
_REVIEW_STATUSES = _cumulative(REVIEW_STATUSES)
_RATING_PROFILES = _cumulative(RATING_PROFILES)
_EXTRA_LANGUAGES = _cumulative(EXTRA_LANGUAGES)


# ZIP codes


@dataclass(frozen=True, slots=True)
class Zip:
    code: str
    city: str
    state: str
    latitude: float
    longitude: float
    area_code: str


@functools.cache
def standard_zips() -> tuple[Zip, ...]:
    """Return every active STANDARD US ZIP code with coordinates, sorted by code."""
    found = []
    for z in zipcodes.list_all():
        if z["zip_code_type"] != "STANDARD" or not z.get("active", True):
            continue
        if not (z.get("lat") and z.get("long")) or z["state"] not in STATE_CODES:
            continue
        area_code = (z.get("area_codes") or ["555"])[0]
        found.append(
            Zip(z["zip_code"], z["city"], z["state"], float(z["lat"]), float(z["long"]), area_code)
        )
    return tuple(sorted(found, key=lambda z: z.code))


@functools.cache
def zip_by_code() -> dict[str, Zip]:
    return {z.code: z for z in standard_zips()}


@functools.cache
def zips_by_state() -> dict[str, tuple[Zip, ...]]:
    by_state: dict[str, list[Zip]] = {}
    for z in standard_zips():
        by_state.setdefault(z.state, []).append(z)
    return {state: tuple(zips) for state, zips in by_state.items()}


@functools.cache
def metro_zips() -> tuple[tuple[Zip, ...], ...]:
    """Return, per metro centre, the same-state ZIP codes within the metro radius."""
    metros = []
    for code in METRO_CENTERS:
        centre = zip_by_code()[code]
        metros.append(
            tuple(
                z
                for z in zips_by_state()[centre.state]
                if great_circle_miles(centre.latitude, centre.longitude, z.latitude, z.longitude)
                <= METRO_RADIUS_MILES
            )
        )
    return tuple(metros)


# Plans


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


# A verification event: (from_status, to_status, actor role, days ago, note).
# The actor role is "owner", "admin" or "" (the automatic daily sweep).
EventPlan = tuple[str, str, str, int, str]


@dataclass(frozen=True, slots=True)
class Timeline:
    expires_in: int | None
    submitted_ago: int | None
    verified_ago: int | None
    recheck_in: int | None
    rejection_reason: str
    events: tuple[EventPlan, ...]


@dataclass(frozen=True, slots=True)
class LicensePlan:
    state: str
    number: str
    title: str
    standing: str
    status: str
    issued_ago: int
    primary_source: str
    reference: str
    has_proof: bool
    timeline: Timeline


@dataclass(frozen=True, slots=True)
class CredentialPlan:
    kind: str
    issuer: str
    identifier: str
    status: str
    issued_ago: int | None
    expires_in: int | None
    primary_source: str
    reference: str
    has_proof: bool
    timeline: Timeline


@dataclass(frozen=True, slots=True)
class ReviewPlan:
    author: int  # a patient pool index, or DEMO_PATIENT
    display_name: str
    rating_overall: int
    dimensions: tuple[int | None, int | None, int | None, int | None]
    condition: str | None
    sessions: int | None
    title: str
    body: str
    status: str
    moderation_reason: str
    age_minutes: int
    reply_body: str
    reply_after_minutes: int


@dataclass(frozen=True, slots=True)
class PractitionerPlan:
    index: int
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


def review_window(index: int, reviews_per_practitioner: int) -> range:
    """Return the patient pool indices practitioner `index` draws its reviewers from."""
    # Neighbouring practitioners share reviewers (about four reviews per patient),
    # and sampling without replacement keeps one review per author per profile.
    start = index * reviews_per_practitioner // 4
    return range(start, start + 4 * reviews_per_practitioner + 10)


def patient_pool_size(*, practitioners: int, reviews_per_practitioner: int) -> int:
    """Return how many patient accounts the plan's reviews need."""
    if practitioners == 0:
        return DEMO_REVIEWERS
    return max(review_window(practitioners - 1, reviews_per_practitioner).stop, DEMO_REVIEWERS)


def patient_email(index: int) -> str:
    return f"patient{index + 1:05d}@example.org"


def patient_name(index: int) -> tuple[str, str]:
    """Return a stable first and last name for a pool patient."""
    mixed = (index * 2_654_435_761 + 97) % 2**32
    first = FIRST_NAMES[mixed % len(FIRST_NAMES)]
    last = LAST_NAMES[(mixed // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return first, last


def practitioner_email(slug: str) -> str:
    return f"{slug.replace('-', '.')}@example.net"


def npi_for_index(*, seed: int, index: int) -> str:
    """Return a valid NPI unique per index within a seed (an affine bijection)."""
    offset = random.Random(f"seed-demo:{seed}:npi").randrange(10**8)
    body = f"1{(index * 7_654_321 + offset) % 10**8:08d}"
    return body + str(luhn_check_digit(NPI_PREFIX + body))


def license_number_for_index(*, seed: int, index: int, state: str) -> str:
    """Return a license number unique per index within a seed."""
    offset = random.Random(f"seed-demo:{seed}:license").randrange(900_000)
    return f"{'L' if state == 'NY' else 'AC'}{100_000 + (index * 104_729 + offset) % 900_000}"


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
    publication = "published" if forced else _pick(rng, _PUBLICATION)
    claimed = publication == "draft" or rng.random() < 0.72
    title = "lac" if forced else _pick(rng, _TITLES)

    primary_zip, metro = _pick_zip(rng, index)
    clinics = [_plan_clinic(rng, primary_zip, first, last, primary=True)]
    if rng.random() < 0.15:
        clinics.append(_plan_clinic(rng, _nearby_zip(rng, primary_zip, metro), first, last))

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
    license_state = _license_state(records_rng, primary_zip.state, unlicensed_states, forced=forced)
    licenses = ()
    if license_state:
        licenses = (
            _plan_license(
                records_rng,
                state=license_state,
                number=license_number_for_index(seed=seed, index=index, state=license_state),
                title=title,
                years=years or 1,
                publication=publication,
                claimed=claimed,
                forced=FORCED_LICENSES[index] if forced else None,
            ),
        )
    credentials = _plan_credentials(
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
        reviews = _plan_reviews(
            reviews_rng,
            window=review_window(index, reviews_per_practitioner),
            count=reviews_rng.randint(0, 2 * reviews_per_practitioner),
            practitioner_first=first,
            conditions=conditions,
            claimed=claimed,
        )
    email = practitioner_email(name.slug)
    return PractitionerPlan(
        index=index,
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
    )


def _pick_zip(rng: random.Random, index: int) -> tuple[Zip, int | None]:
    metros = metro_zips()
    if index < len(metros):
        return zip_by_code()[METRO_CENTERS[index]], index
    if rng.random() < METRO_SHARE:
        metro = rng.randrange(len(metros))
        return rng.choice(metros[metro]), metro
    return rng.choice(standard_zips()), None


def _nearby_zip(rng: random.Random, primary: Zip, metro: int | None) -> Zip:
    if metro is not None:
        return rng.choice(metro_zips()[metro])
    # Numerically close ZIP codes in one state are usually close on the map.
    state_zips = zips_by_state()[primary.state]
    position = bisect.bisect_left(state_zips, primary.code, key=lambda z: z.code)
    position = min(max(position + rng.choice((-2, -1, 1, 2)), 0), len(state_zips) - 1)
    return state_zips[position]


def _plan_clinic(
    rng: random.Random, zip_code: Zip, first: str, last: str, *, primary: bool = False
) -> ClinicPlan:
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
    languages = ["en"] if rng.random() < 0.95 else []
    extra = 0 if rng.random() < 0.6 else (1 if rng.random() < 0.8 else 2)
    if not languages:
        extra = max(extra, 1)
    for _ in range(extra):
        code = _pick(rng, _EXTRA_LANGUAGES)
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
    more = [
        f"Many of my patients come to me with {' or '.join(phrases)}.",
        "I plan treatment alongside your physician, physical therapist and any medication "
        "you take, never instead of them.",
        "Sessions are unhurried: we talk about how pain affects your sleep, work and mood "
        "before any needles are placed.",
        "I use sterile, single-use needles and adjust the technique to what feels "
        "comfortable for you.",
        "Most people come for a series of sessions, and we review together every few visits "
        "whether it is worth continuing.",
    ]
    chosen = [opening, *rng.sample(more, rng.randint(1, 3))]
    other = [LANGUAGE_NAMES[c] for c in languages if c != "en"]
    if other:
        # The language note closes the bio, which stays within four sentences.
        if len(chosen) == 4:
            chosen.pop()
        also = "also " if "en" in languages else ""
        chosen.append(f"Consultations are {also}available in {' and '.join(other)}.")
    return " ".join(chosen)


def _license_state(
    rng: random.Random, clinic_state: str, unlicensed: frozenset[str], *, forced: bool
) -> str | None:
    if forced or clinic_state not in unlicensed:
        return clinic_state
    if rng.random() < 0.5:
        return None
    neighbours = [s for s in NEIGHBOUR_STATES.get(clinic_state, ()) if s not in unlicensed]
    return rng.choice(neighbours) if neighbours else None


def _timeline(
    rng: random.Random,
    status: str,
    *,
    claimed: bool,
    expiring: bool,
    source_label: str,
    rejections: Sequence[str],
    edited_fact: str,
) -> Timeline:
    """Plan dates and the event history that lead a record to `status`."""
    submitter = "owner" if claimed else "admin"
    submitted = verified = recheck = None
    reason = ""
    events: list[EventPlan] = []
    expires_in = rng.randint(30, 730)
    if status == S.PENDING:
        submitted = rng.randint(0, 30)
    elif status == S.REJECTED:
        submitted = rng.randint(3, 200)
        reason = rng.choice(rejections)
    elif status == S.VERIFIED:
        expires_in = rng.randint(15, 60) if rng.random() < 0.1 else rng.randint(61, 730)
        verified = rng.randint(1, 360)
    elif status == S.NEEDS_REVIEW:
        expires_in = rng.randint(30, 500)
        verified = rng.randint(2, 360) if claimed and rng.random() < 0.5 else rng.randint(366, 900)
    elif status == S.EXPIRED:
        expires_in = -rng.randint(2, 400)
        # Verified before the expiry and less than a year before it, so the
        # re-check date did not come first.
        verified = -expires_in + rng.randint(30, 360)
    if verified is not None:
        submitted = verified + rng.randint(1, 21)
        recheck = 365 - verified
        if expiring:
            recheck = min(expires_in, recheck)
    if submitted is not None:
        events.append((S.UNVERIFIED, S.PENDING, submitter, submitted, "Submitted with proof."))
    if status == S.REJECTED:
        events.append((S.PENDING, S.REJECTED, "admin", rng.randint(0, submitted - 1), reason))
    if verified is not None:
        events.append(
            (S.PENDING, S.VERIFIED, "admin", verified, f"Verified against {source_label}.")
        )
    if status == S.NEEDS_REVIEW:
        if verified <= 360:
            note = f"Verified facts edited: {edited_fact}."
            events.append((S.VERIFIED, S.NEEDS_REVIEW, "owner", rng.randint(0, verified - 1), note))
        else:
            events.append(
                (S.VERIFIED, S.NEEDS_REVIEW, "", verified - 365, "Re-check date reached.")
            )
    if status == S.EXPIRED:
        events.append((S.VERIFIED, S.EXPIRED, "", -expires_in - 1, "Expiry date passed."))
    return Timeline(
        expires_in=expires_in if expiring else None,
        submitted_ago=submitted,
        verified_ago=verified,
        recheck_in=recheck,
        rejection_reason=reason,
        events=tuple(events),
    )


def _plan_license(
    rng: random.Random,
    *,
    state: str,
    number: str,
    title: str,
    years: int,
    publication: str,
    claimed: bool,
    forced: tuple[str, str] | None,
) -> LicensePlan:
    if forced:
        status, standing = forced
    else:
        status = _pick(rng, _LICENSE_MIX[(publication, claimed)])
        standing = "active"
        if status == S.VERIFIED:
            standing = _pick(rng, _STANDINGS)
        elif status == S.EXPIRED:
            standing = rng.choice(("lapsed", "active"))
    roster = not claimed or rng.random() < 0.1
    source = PrimarySource.BOARD_ROSTER if roster else PrimarySource.STATE_BOARD_LOOKUP
    timeline = _timeline(
        rng,
        status,
        claimed=claimed,
        expiring=True,
        source_label=source.label,
        rejections=LICENSE_REJECTIONS,
        edited_fact="number",
    )
    issued = years * 365 + rng.randint(0, 300)
    issued = max(issued, (timeline.submitted_ago or 0) + 30, -(timeline.expires_in or 0) + 365)
    verified_once = timeline.verified_ago is not None
    return LicensePlan(
        state=state,
        number=number,
        title=title,
        standing=standing,
        status=status,
        issued_ago=issued,
        primary_source=source if verified_once else "",
        reference=f"{state} board {'roster' if roster else 'lookup'}: {number}"
        if verified_once
        else "",
        has_proof=status != S.UNVERIFIED or rng.random() < 0.5,
        timeline=timeline,
    )


def _plan_credentials(
    rng: random.Random,
    *,
    title: str,
    years: int,
    publication: str,
    claimed: bool,
    forced: str | None,
) -> tuple[CredentialPlan, ...]:
    kinds = []
    if forced or (title != "physician" and rng.random() < 0.55):
        kinds.append("dipl-ac" if forced or rng.random() < 0.65 else "dipl-om")
    if rng.random() < 0.1:
        kinds.append("dipl-ch")
    if rng.random() < 0.03:
        kinds.append("dipl-abt")
    if title == "physician":
        kinds.append("abma")
    elif rng.random() < 0.2:
        kinds.append("dacm" if rng.random() < 0.75 else "daom")
    elif rng.random() < 0.45:
        kinds.append("masters")
    mix = _CREDENTIAL_MIX[
        "draft" if publication == "draft" else ("claimed" if claimed else "unclaimed")
    ]
    plans = []
    for position, kind in enumerate(kinds):
        nccaom = kind in Credential.NCCAOM_KINDS
        status = forced if forced and position == 0 else _pick(rng, mix)
        if status == S.EXPIRED and not nccaom:
            status = S.VERIFIED  # degrees and ABMA certification carry no expiry date
        if nccaom:
            issuer, identifier = NCCAOM, f"{rng.randint(10_000, 199_999)}"
            source = PrimarySource.NCCAOM_REGISTRY
            reference = f"NCCAOM registry, diplomate #{identifier}"
        else:
            issuer = ABMA_ISSUER if kind == "abma" else rng.choice(SCHOOLS)
            identifier = ""
            source = PrimarySource.ISSUER_LETTER
            reference = f"Confirmed with {issuer}"
        timeline = _timeline(
            rng,
            status,
            claimed=claimed,
            expiring=nccaom,
            source_label=source.label,
            rejections=CREDENTIAL_REJECTIONS,
            edited_fact="identifier",
        )
        verified_once = timeline.verified_ago is not None
        plans.append(
            CredentialPlan(
                kind=kind,
                issuer=issuer,
                identifier=identifier,
                status=status,
                # NCCAOM certificates are dated from their expiry (issue + 4 years).
                issued_ago=None if nccaom else years * 365 + rng.randint(30, 400),
                expires_in=timeline.expires_in,
                primary_source=source if verified_once else "",
                reference=reference if verified_once else "",
                has_proof=status != S.UNVERIFIED or rng.random() < 0.5,
                timeline=timeline,
            )
        )
    return tuple(plans)


REVIEW_TITLES = {
    "good": (
        "Finally some relief",
        "Careful and thoughtful",
        "Worth the drive",
        "Listens before treating",
        "Calm, clean clinic",
        "Gentle and thorough",
        "Helped me manage my {condition}",
    ),
    "mixed": ("Some improvement", "Good care, slow progress", "Helpful but pricey", "Mixed so far"),
    "poor": ("Not for me", "Felt rushed", "Hard to book", "No change for me"),
}
REVIEW_OPENINGS = {
    "good": (
        "I came to {first} after years of {condition}.",
        "My physician suggested trying acupuncture alongside physical therapy for my {condition}.",
        "I was nervous about needles, but {first} explained every step first.",
    ),
    "mixed": (
        "I tried acupuncture with {first} for my {condition}.",
        "I booked with {first} on a friend's recommendation.",
    ),
    "poor": (
        "I saw {first} for my {condition}.",
        "I had high hopes after reading the other reviews.",
    ),
}
REVIEW_MIDDLES = {
    "good": (
        "After {sessions} sessions I am sleeping better and flare-ups feel more manageable.",
        "{first} asked about my medication and my other treatment before starting.",
        "The clinic is spotless and every needle came out of a sealed pack.",
        "The technique was gentle and I never felt rushed.",
    ),
    "mixed": (
        "The sessions were relaxing and {first} listens well.",
        "After {sessions} sessions the change in my {condition} is small so far.",
        "It is not cheap, and my insurance did not cover it.",
    ),
    "poor": (
        "The appointments felt rushed and some needles hurt more than I expected.",
        "After {sessions} sessions I did not notice a difference in my {condition}.",
        "Scheduling was difficult and I waited a long time past my appointment.",
    ),
}
REVIEW_CLOSINGS = {
    "good": (
        "I would recommend {first} to anyone living with long-term pain.",
        "Booking was easy and the front desk was friendly.",
        "",
    ),
    "mixed": ("I will give it a few more visits before deciding.", ""),
    "poor": ("It may work for others, but it was not right for me.", ""),
}
REPLIES = {
    "good": "Thank you for taking the time to write this, {name}. It was a pleasure working with "
    "you.",
    "mixed": "Thank you for the honest feedback, {name}. Please call the clinic if you would like "
    "to talk about your treatment plan.",
    "poor": "Thank you for telling me, {name}. I am sorry the visits did not meet your "
    "expectations; please call the clinic so we can talk about it.",
}


def _plan_reviews(
    rng: random.Random,
    *,
    window: range,
    count: int,
    practitioner_first: str,
    conditions: Sequence[str],
    claimed: bool,
) -> tuple[ReviewPlan, ...]:
    authors = rng.sample(window, count)
    profile = _cumulative(zip((1, 2, 3, 4, 5), _pick(rng, _RATING_PROFILES), strict=True))
    return tuple(
        _plan_review(
            rng,
            author=author,
            profile=profile,
            practitioner_first=practitioner_first,
            conditions=conditions,
            claimed=claimed,
        )
        for author in authors
    )


def _plan_review(
    rng: random.Random,
    *,
    author: int,
    profile,
    practitioner_first: str,
    conditions: Sequence[str],
    claimed: bool,
    status: str | None = None,
) -> ReviewPlan:
    rating = _pick(rng, profile)
    dimensions = tuple(
        None if rng.random() < 0.3 else min(5, max(1, rating + rng.choice((-1, 0, 0, 0, 1))))
        for _ in range(4)
    )
    condition = rng.choice(conditions) if conditions and rng.random() < 0.85 else None
    sessions = rng.randint(1, 20) if rng.random() < 0.9 else None
    status = status or _pick(rng, _REVIEW_STATUSES)
    mood = "good" if rating >= 4 else ("mixed" if rating == 3 else "poor")
    words = {
        "first": practitioner_first,
        "condition": CONDITION_PHRASES[condition] if condition else "chronic pain",
        "sessions": sessions or "a few",
    }
    sentences = [
        rng.choice(REVIEW_OPENINGS[mood]),
        *rng.sample(REVIEW_MIDDLES[mood], rng.randint(1, 2)),
        rng.choice(REVIEW_CLOSINGS[mood]),
    ]
    body = " ".join(s.format(**words) for s in sentences if s)
    title = rng.choice(REVIEW_TITLES[mood]).format(**words)
    first, last = patient_name(author) if author != DEMO_PATIENT else ("Sam", "Rivera")
    days = rng.randint(0, 14) if status == "pending" else rng.randint(2, 1500)
    age_minutes = days * 1440 + rng.randrange(1440)
    reply_body, reply_after = "", 0
    if status == "published" and claimed and rng.random() < 0.12:
        reply_body = REPLIES[mood].format(name=first)
        reply_after = rng.randint(1440, min(age_minutes, 30 * 1440))
    return ReviewPlan(
        author=author,
        display_name=f"{first} {last[0]}.",
        rating_overall=rating,
        dimensions=dimensions,
        condition=condition,
        sessions=sessions,
        title=title[:120],
        body=body,
        status=status,
        moderation_reason=rng.choice(MODERATION_REASONS) if status == "rejected" else "",
        age_minutes=age_minutes,
        reply_body=reply_body,
        reply_after_minutes=reply_after,
    )


def demo_practitioner_plan() -> PractitionerPlan:
    """Plan the profile practitioner@example.com owns: verified, two Portland clinics."""
    rng = random.Random("seed-demo:demo-practitioner")
    portland, pearl = zip_by_code()["97214"], zip_by_code()["97209"]
    conditions = ("fibromyalgia", "low-back-pain", "migraine", "neuropathic-pain")
    license_timeline = Timeline(
        expires_in=420,
        submitted_ago=40,
        verified_ago=35,
        recheck_in=330,
        rejection_reason="",
        events=(
            (S.UNVERIFIED, S.PENDING, "owner", 40, "Submitted with proof."),
            (S.PENDING, S.VERIFIED, "admin", 35, "Verified against State board license lookup."),
        ),
    )
    credential_timeline = replace(
        license_timeline,
        expires_in=900,
        recheck_in=330,
        events=(
            (S.UNVERIFIED, S.PENDING, "owner", 40, "Submitted with proof."),
            (S.PENDING, S.VERIFIED, "admin", 35, "Verified against NCCAOM certification registry."),
        ),
    )
    profile = _cumulative(zip((1, 2, 3, 4, 5), (1, 1, 4, 25, 69), strict=True))
    statuses = ["published"] * (DEMO_REVIEWERS - 1) + ["pending"]
    reviews = [
        _plan_review(
            rng,
            author=author,
            profile=profile,
            practitioner_first="Mei Lin",
            conditions=conditions,
            claimed=True,
            status=status,
        )
        for author, status in zip(range(DEMO_REVIEWERS), statuses, strict=True)
    ]
    reviews.append(
        ReviewPlan(
            author=DEMO_PATIENT,
            display_name="Sam R.",
            rating_overall=5,
            dimensions=(4, 5, 5, 5),
            condition="low-back-pain",
            sessions=8,
            title="Careful, unhurried care",
            body="My physician suggested trying acupuncture alongside physical therapy for my "
            "low back pain. Mei Lin asked about my medication before starting, explained every "
            "step and kept in touch with my physical therapist. After 8 sessions I am sleeping "
            "better and flare-ups feel more manageable.",
            status="published",
            moderation_reason="",
            age_minutes=21 * 1440,
            reply_body="Thank you, Sam. It was a pleasure working with you.",
            reply_after_minutes=2 * 1440,
        )
    )
    return PractitionerPlan(
        index=-1,
        slug=DEMO_SLUG,
        first_name="Mei Lin",
        last_name="Chen",
        email="mei.lin.chen@example.net",
        owner_email=PRACTITIONER_EMAIL,
        publication_status="published",
        bio="I have practised acupuncture in Portland for 16 years, 12 of them working mostly "
        "with people who live with fibromyalgia, low back pain and migraines. I plan treatment "
        "alongside your physician, physical therapist and any medication you take, never "
        "instead of them. I use sterile, single-use needles and adjust the technique to what "
        "feels comfortable for you. Consultations are also available in Mandarin and Cantonese.",
        years_in_practice=16,
        years_treating_chronic_pain=12,
        conditions=conditions,
        techniques=("tcm", "auricular", "electro"),
        languages=("en", "zh"),
        accepting_new_patients=True,
        accepts_physician_referrals=True,
        sends_physician_referrals=True,
        fee_min=85,
        fee_max=140,
        fee_notes="Sliding scale available.",
        phone="(503) 555-0142",
        website="https://mei-lin-chen.example.com",
        npi="",
        created_ago=400,
        clinics=(
            ClinicPlan(
                name="Hawthorne Acupuncture & Pain Care",
                address_line1="3520 SE Hawthorne Blvd",
                address_line2="Suite 210",
                zip=portland,
                phone="(503) 555-0142",
                accessibility_notes="Step-free entrance; treatment tables lower for easier "
                "transfers.",
                is_primary=True,
            ),
            ClinicPlan(
                name="Pearl District Acupuncture",
                address_line1="1120 NW Couch St",
                address_line2="",
                zip=pearl,
                phone="(503) 555-0167",
                accessibility_notes="Second floor with an elevator; street parking nearby.",
                is_primary=False,
            ),
        ),
        licenses=(
            LicensePlan(
                state="OR",
                number="AC004217",
                title="lac",
                standing="active",
                status=S.VERIFIED,
                issued_ago=16 * 365,
                primary_source=PrimarySource.STATE_BOARD_LOOKUP,
                reference="OR board lookup: AC004217",
                has_proof=True,
                timeline=license_timeline,
            ),
        ),
        credentials=(
            CredentialPlan(
                kind="dipl-ac",
                issuer=NCCAOM,
                identifier="104217",
                status=S.VERIFIED,
                issued_ago=None,
                expires_in=900,
                primary_source=PrimarySource.NCCAOM_REGISTRY,
                reference="NCCAOM registry, diplomate #104217",
                has_proof=True,
                timeline=credential_timeline,
            ),
        ),
        reviews=tuple(reviews),
    )


def fingerprint(plans: Sequence[PractitionerPlan]) -> list[tuple]:
    """Summarise plans by what must not change between runs with one seed."""
    return [
        (
            p.slug,
            p.npi,
            tuple(c.zip.code for c in p.clinics),
            tuple((lic.state, lic.number, lic.status) for lic in p.licenses),
            tuple((r.author, r.rating_overall, r.title) for r in p.reviews),
        )
        for p in plans
    ]


# Writing


class SeedError(RuntimeError):
    """The database is not ready for demo data."""


@dataclass(frozen=True)
class SeedResult:
    practitioners_created: int
    reviews_created: int
    patients_created: int
    logins: tuple[str, ...] = DEMO_LOGINS
    password: str = DEMO_PASSWORD


@dataclass
class _Context:
    now: datetime.datetime
    today: datetime.date
    admin_id: int
    proof_name: str
    unusable_password: str
    conditions: dict[str, Condition]
    techniques: dict[str, Technique]
    languages: dict[str, int]
    boards: dict[str, int]
    authors: dict[int, int]


def minimal_pdf(text: str = "Demo proof document - not a real license") -> bytes:
    """Return a small, valid one-page PDF showing `text`."""
    stream = f"BT /F1 12 Tf 24 90 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        pdf += b"%010d 00000 n \n" % offset
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def ensure_proof_document() -> str:
    """Store the one shared demo proof PDF in private storage, unless it is there."""
    storage = storages["private"]
    if storage.exists(PROOF_NAME):
        return PROOF_NAME
    return storage.save(PROOF_NAME, ContentFile(minimal_pdf()))


DEMO_USERS = {
    ADMIN_EMAIL: {"first_name": "Avery", "last_name": "Morgan", "is_staff": True,
                  "is_superuser": True},
    PRACTITIONER_EMAIL: {"first_name": "Mei Lin", "last_name": "Chen"},
    PATIENT_EMAIL: {"first_name": "Sam", "last_name": "Rivera"},
}  # fmt: skip


@transaction.atomic
def ensure_demo_users() -> dict[str, object]:
    """Get or create the three demo logins with verified, primary email addresses."""
    user_model = get_user_model()
    existing = {u.email: u for u in user_model.objects.filter(email__in=DEMO_USERS)}
    password = make_password(DEMO_PASSWORD) if len(existing) < len(DEMO_USERS) else None
    users = {}
    for email, fields in DEMO_USERS.items():
        user = existing.get(email)
        if user is None:
            user = user_model.objects.create(email=email, password=password, **fields)
        users[email] = user
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return users


def _ensure_patients(
    *, count: int, password: str, progress: ProgressCallback | None
) -> tuple[int, dict[int, int]]:
    """Create the missing pool patients; return (created, user ids by pool index)."""
    user_model = get_user_model()
    wanted = {patient_email(i): i for i in range(count)}
    authors = {
        wanted[email]: pk
        for email, pk in user_model.objects.filter(
            email__startswith="patient", email__endswith="@example.org"
        ).values_list("email", "id")
        if email in wanted
    }
    missing = [i for i in range(count) if i not in authors]
    now = timezone.now()
    for start in range(0, len(missing), BATCH_SIZE):
        chunk = missing[start : start + BATCH_SIZE]
        users = []
        for i in chunk:
            first, last = patient_name(i)
            users.append(
                user_model(
                    email=patient_email(i),
                    password=password,
                    first_name=first,
                    last_name=last,
                    date_joined=now,
                )
            )
        with transaction.atomic():
            user_model.objects.bulk_create(users, batch_size=BATCH_SIZE)
        authors.update({i: u.pk for i, u in zip(chunk, users, strict=True)})
        if progress:
            progress("Patients", start + len(chunk), len(missing))
    return len(missing), authors


def _load_context(
    *, proof_name: str, admin_id: int, authors: dict[int, int], unusable_password: str
) -> _Context:
    boards = dict(LicensingBoard.objects.values_list("state", "id"))
    conditions = {c.slug: c for c in Condition.objects.all()}
    if not boards or not conditions:
        raise SeedError("Reference data is missing: run `python manage.py migrate` first.")
    return _Context(
        now=timezone.now(),
        today=timezone.localdate(),
        admin_id=admin_id,
        proof_name=proof_name,
        unusable_password=unusable_password,
        conditions=conditions,
        techniques={t.slug: t for t in Technique.objects.all()},
        languages=dict(Language.objects.values_list("code", "id")),
        boards=boards,
        authors=authors,
    )


def seed_demo(
    *,
    practitioners: int = 200,
    seed: int = 1,
    reviews_per_practitioner: int = 5,
    progress: ProgressCallback | None = None,
) -> SeedResult:
    """Insert whatever part of the demo data for (practitioners, seed) is missing."""
    if practitioners < 0 or reviews_per_practitioner < 0:
        raise ValueError("Counts cannot be negative.")
    if not LicensingBoard.objects.exists() or not Condition.objects.exists():
        raise SeedError("Reference data is missing: run `python manage.py migrate` first.")
    proof_name = ensure_proof_document()
    users = ensure_demo_users()
    pool = patient_pool_size(
        practitioners=practitioners, reviews_per_practitioner=reviews_per_practitioner
    )
    # One unusable hash for every generated account (pool patients, profile
    # owners): they never log in, and hashing per user would dominate the run.
    unusable_password = make_password(None)
    patients_created, authors = _ensure_patients(
        count=pool, password=unusable_password, progress=progress
    )
    authors[DEMO_PATIENT] = users[PATIENT_EMAIL].pk
    context = _load_context(
        proof_name=proof_name,
        admin_id=users[ADMIN_EMAIL].pk,
        authors=authors,
        unusable_password=unusable_password,
    )
    unlicensed = frozenset(
        LicensingBoard.objects.filter(licenses_acupuncturists=False).values_list("state", flat=True)
    )

    created = reviews = 0
    if not Practitioner.objects.filter(slug=DEMO_SLUG).exists():
        created, reviews = _write_batch([demo_practitioner_plan()], context)
    job = _Job(
        seed=seed,
        reviews_per_practitioner=reviews_per_practitioner,
        unlicensed_states=unlicensed,
        names=plan_names(seed=seed, count=practitioners),
        context=context,
    )
    starts = range(0, practitioners, BATCH_SIZE)
    workers = _worker_count(len(starts))
    if workers > 1:
        results = _run_in_processes(job, starts, workers)
    else:
        results = (_seed_chunk(job, start) for start in starts)
    done = 0
    for size, batch_created, batch_reviews in results:
        done += size
        created += batch_created
        reviews += batch_reviews
        if progress:
            progress("Practitioners", done, practitioners)
    return SeedResult(
        practitioners_created=created, reviews_created=reviews, patients_created=patients_created
    )


@dataclass(frozen=True)
class _Job:
    seed: int
    reviews_per_practitioner: int
    unlicensed_states: frozenset[str]
    names: list[PlannedName]
    context: _Context


def _seed_chunk(job: _Job, start: int) -> tuple[int, int, int]:
    """Plan and write the missing practitioners of one batch; return (size, created, reviews)."""
    chunk = job.names[start : start + BATCH_SIZE]
    existing = set(
        Practitioner.objects.filter(slug__in=[n.slug for n in chunk]).values_list("slug", flat=True)
    )
    plans = [
        plan_practitioner(
            seed=job.seed,
            index=index,
            name=name,
            reviews_per_practitioner=job.reviews_per_practitioner,
            unlicensed_states=job.unlicensed_states,
        )
        for index, name in enumerate(chunk, start=start)
        if name.slug not in existing
    ]
    if not plans:
        return len(chunk), 0, 0
    created, reviews = _write_batch(plans, job.context)
    return len(chunk), created, reviews


def _worker_count(batches: int) -> int:
    """Return how many processes should write the batches."""
    # Only where it helps and is safe: PostgreSQL, outside a transaction (the
    # tests run in one), on a platform that forks.
    if (
        batches < 2
        or connection.vendor != "postgresql"
        or connection.in_atomic_block
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 1
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1, batches))


_FORKED_JOB: _Job | None = None


def _seed_chunk_in_worker(start: int) -> tuple[int, int, int]:
    try:
        return _seed_chunk(_FORKED_JOB, start)
    finally:
        # Pool workers are killed, not shut down: close the connection cleanly now.
        connections.close_all()


def _run_in_processes(job: _Job, starts: range, workers: int) -> Iterator[tuple[int, int, int]]:
    """Write batches in forked processes, each on its own database connection."""
    global _FORKED_JOB
    _FORKED_JOB = job  # inherited by the forked workers instead of pickled per batch
    metro_zips()  # build the ZIP tables once, before forking, not once per worker
    # A forked child must never reuse the parent's connection socket.
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap_unordered(_seed_chunk_in_worker, starts)
    _FORKED_JOB = None


def add_years(day: datetime.date, years: int) -> datetime.date:
    """Return the same calendar day `years` later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def _write_batch(plans: Sequence[PractitionerPlan], context: _Context) -> tuple[int, int]:
    """Insert practitioners with all their rows; a batch lands whole or not at all."""
    now, today = context.now, context.today
    if connection.vendor == "postgresql":
        # Demo data can be regenerated: don't wait for each commit's WAL flush.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")

    def at(days: int, minutes: int = 0) -> datetime.datetime:
        return now - datetime.timedelta(days=days, minutes=minutes)

    def day(offset: int) -> datetime.date:
        return today + datetime.timedelta(days=offset)

    # Rows that would break a unique constraint against data already there (real
    # profiles, or another seed) are left out rather than failing the batch.
    taken_npis = set(
        Practitioner.objects.filter(npi__in=[p.npi for p in plans if p.npi]).values_list(
            "npi", flat=True
        )
    )
    taken_licenses = set(
        License.objects.filter(
            number__in={lic.number for p in plans for lic in p.licenses}
        ).values_list("state", "number")
    )
    owner_ids = _owner_ids(plans, context)

    practitioners = [
        Practitioner(
            owner_id=owner_ids.get(p.owner_email),
            slug=p.slug,
            first_name=p.first_name,
            last_name=p.last_name,
            bio=p.bio,
            years_in_practice=p.years_in_practice,
            years_treating_chronic_pain=p.years_treating_chronic_pain,
            accepting_new_patients=p.accepting_new_patients,
            accepts_physician_referrals=p.accepts_physician_referrals,
            sends_physician_referrals=p.sends_physician_referrals,
            fee_min=p.fee_min,
            fee_max=p.fee_max,
            fee_notes=p.fee_notes,
            email=p.email,
            phone=p.phone,
            website=p.website,
            npi="" if p.npi in taken_npis else p.npi,
            publication_status=p.publication_status,
            created_at=at(p.created_ago),
        )
        for p in plans
    ]
    clinics = [
        [
            Clinic(
                name=c.name,
                address_line1=c.address_line1,
                address_line2=c.address_line2,
                city=c.zip.city,
                state=c.zip.state,
                zip_code=c.zip.code,
                latitude=c.zip.latitude,
                longitude=c.zip.longitude,
                phone=c.phone,
                accessibility_notes=c.accessibility_notes,
                is_primary=c.is_primary,
                created_at=obj.created_at,
            )
            for c in p.clinics
        ]
        for p, obj in zip(plans, practitioners, strict=True)
    ]
    # The search text is built here, from the rows about to be inserted, rather
    # than re-read per practitioner afterwards.
    for p, obj, own_clinics in zip(plans, practitioners, clinics, strict=True):
        obj.search_name, obj.search_text = build_search_fields(
            obj,
            own_clinics,
            _in_model_order(context.conditions, p.conditions),
            _in_model_order(context.techniques, p.techniques),
        )
    Practitioner.objects.bulk_create(practitioners, batch_size=BATCH_SIZE)
    pairs = list(zip(plans, practitioners, strict=True))
    for obj, own_clinics in zip(practitioners, clinics, strict=True):
        for clinic in own_clinics:
            clinic.practitioner_id = obj.pk
    Clinic.objects.bulk_create(
        [clinic for own_clinics in clinics for clinic in own_clinics], batch_size=BATCH_SIZE
    )
    condition_ids = {slug: c.pk for slug, c in context.conditions.items()}
    technique_ids = {slug: t.pk for slug, t in context.techniques.items()}
    for field, ids, attr in (
        ("conditions", condition_ids, "condition_id"),
        ("techniques", technique_ids, "technique_id"),
        ("languages", context.languages, "language_id"),
    ):
        through = getattr(Practitioner, field).through
        through.objects.bulk_create(
            [
                through(practitioner_id=obj.pk, **{attr: ids[key]})
                for p, obj in pairs
                for key in getattr(p, field)
                if key in ids
            ],
            batch_size=BATCH_SIZE,
        )

    def verifiable(record) -> dict:
        t = record.timeline
        verified = t.verified_ago is not None
        return {
            "verification_status": record.status,
            "verified_by_id": context.admin_id if verified else None,
            "verified_at": at(t.verified_ago) if verified else None,
            "primary_source": record.primary_source,
            "primary_source_reference": record.reference,
            "next_recheck_on": day(t.recheck_in) if t.recheck_in is not None else None,
            "rejection_reason": t.rejection_reason,
            "proof_document": context.proof_name if record.has_proof else "",
            "proof_content_type": PROOF_CONTENT_TYPE if record.has_proof else "",
            "submitted_at": at(t.submitted_ago) if t.submitted_ago is not None else None,
            "version": len(t.events),
        }

    licenses, license_plans = [], []
    credentials, credential_plans = [], []
    for p, obj in pairs:
        for lic in p.licenses:
            if (lic.state, lic.number) in taken_licenses:
                continue
            licenses.append(
                License(
                    practitioner_id=obj.pk,
                    state=lic.state,
                    board_id=context.boards.get(lic.state),
                    number=lic.number,
                    title=lic.title,
                    status=lic.standing,
                    issued_on=day(-lic.issued_ago),
                    expires_on=day(lic.timeline.expires_in),
                    created_at=obj.created_at,
                    **verifiable(lic),
                )
            )
            license_plans.append((lic, obj))
        for cred in p.credentials:
            expires_on = day(cred.expires_in) if cred.expires_in is not None else None
            issued_on = (
                add_years(expires_on, -Credential.NCCAOM_RENEWAL_YEARS)
                if expires_on
                else day(-cred.issued_ago)
            )
            credentials.append(
                Credential(
                    practitioner_id=obj.pk,
                    kind=cred.kind,
                    issuer=cred.issuer,
                    identifier=cred.identifier,
                    issued_on=issued_on,
                    expires_on=expires_on,
                    created_at=obj.created_at,
                    **verifiable(cred),
                )
            )
            credential_plans.append((cred, obj))
    License.objects.bulk_create(licenses, batch_size=BATCH_SIZE)
    Credential.objects.bulk_create(credentials, batch_size=BATCH_SIZE)

    events = []
    for records, plans_and_owners, key in (
        (licenses, license_plans, "license_id"),
        (credentials, credential_plans, "credential_id"),
    ):
        for record, (plan, obj) in zip(records, plans_and_owners, strict=True):
            actors = {
                "owner": obj.owner_id or context.admin_id,
                "admin": context.admin_id,
                "": None,
            }
            for step, (from_status, to_status, actor, days_ago, note) in enumerate(
                plan.timeline.events
            ):
                if to_status == S.EXPIRED and record.expires_on:
                    note = f"Expiry date {record.expires_on:%Y-%m-%d} passed."
                events.append(
                    VerificationEvent(
                        practitioner_id=obj.pk,
                        actor_id=actors[actor],
                        from_status=from_status,
                        to_status=to_status,
                        note=note,
                        # Same-day steps keep their order: later steps are newer.
                        created_at=at(days_ago, minutes=30 * (5 - step)),
                        **{key: record.pk},
                    )
                )
    VerificationEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)

    reviews = []
    for p, obj in pairs:
        for r in p.reviews:
            author_id = context.authors.get(r.author)
            if author_id is None:
                continue
            created_at = at(0, minutes=r.age_minutes)
            moderated = r.status != "pending"
            reviews.append(
                Review(
                    practitioner_id=obj.pk,
                    author_id=author_id,
                    display_name=r.display_name,
                    rating_overall=r.rating_overall,
                    rating_pain_relief=r.dimensions[0],
                    rating_listening=r.dimensions[1],
                    rating_hygiene_safety=r.dimensions[2],
                    rating_gentleness=r.dimensions[3],
                    condition_id=condition_ids.get(r.condition),
                    sessions=r.sessions,
                    title=r.title,
                    body=r.body,
                    status=r.status,
                    moderation_reason=r.moderation_reason,
                    moderated_by_id=context.admin_id if moderated else None,
                    moderated_at=at(0, minutes=r.age_minutes - 720) if moderated else None,
                    reply_body=r.reply_body,
                    replied_at=at(0, minutes=r.age_minutes - r.reply_after_minutes)
                    if r.reply_body
                    else None,
                    created_at=created_at,
                    submitted_at=created_at,
                )
            )
    Review.objects.bulk_create(reviews, batch_size=BATCH_SIZE)
    update_rating_aggregates([obj.pk for p, obj in pairs if p.reviews])
    # The stored standing the search reads, as the verification services keep it.
    refresh_verified_until(Practitioner.objects.filter(pk__in=[obj.pk for obj in practitioners]))
    return len(practitioners), len(reviews)


def _in_model_order(rows: dict, slugs: Sequence[str]) -> list:
    # The order `practitioner.conditions.all()` returns, so the search text
    # matches what practitioners.search.refresh_search_fields would write.
    return sorted((rows[s] for s in slugs if s in rows), key=lambda row: (row.order, row.name))


def _owner_ids(plans: Sequence[PractitionerPlan], context: _Context) -> dict[str, int]:
    """Return owner user ids by email, creating the accounts that do not exist yet."""
    user_model = get_user_model()
    wanted = {p.owner_email: p for p in plans if p.owner_email}
    if not wanted:
        return {}
    found = user_model.objects.filter(email__in=wanted).values_list("email", "id", "practitioner")
    # An account that already owns a profile cannot own another: leave that one unclaimed.
    owners = {email: pk for email, pk, owned in found if owned is None}
    taken = {email for email, _, owned in found if owned is not None}
    new_users = [
        user_model(
            email=email,
            password=context.unusable_password,
            first_name=p.first_name,
            last_name=p.last_name,
            date_joined=context.now - datetime.timedelta(days=p.created_ago),
        )
        for email, p in wanted.items()
        if email not in owners and email not in taken
    ]
    user_model.objects.bulk_create(new_users, batch_size=BATCH_SIZE)
    owners.update({u.email: u.pk for u in new_users})
    return owners


def update_rating_aggregates(practitioner_ids: Sequence[int]) -> None:
    """Recompute stored review counts and averages from published reviews, set-based."""
    published = (
        Review.objects.published()
        .filter(practitioner=OuterRef("pk"))
        .order_by()
        .values("practitioner")
    )
    count = published.annotate(n=Count("pk")).values("n")
    average = published.annotate(
        avg=Cast(Round(Avg("rating_overall"), 2), DecimalField(max_digits=3, decimal_places=2))
    ).values("avg")
    for start in range(0, len(practitioner_ids), BATCH_SIZE):
        Practitioner.objects.filter(pk__in=practitioner_ids[start : start + BATCH_SIZE]).update(
            review_count=Coalesce(Subquery(count), 0), rating_average=Subquery(average)
        )
