"""Plan the hand-written profile practitioner@example.com owns."""

import random
from dataclasses import replace

from verification.models import PrimarySource
from verification.models import VerificationStatus as S

from .accounts import DEMO_PATIENT, DEMO_REVIEWERS, DEMO_SLUG, PRACTITIONER_EMAIL
from .data import NCCAOM, REPLIES
from .plan import ClinicPlan, PractitionerPlan
from .plan_records import CredentialPlan, LicensePlan, Timeline
from .plan_reviews import ReviewPlan, plan_review
from .weighted import cumulative
from .zips import zip_by_code


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
    profile = cumulative(zip((1, 2, 3, 4, 5), (1, 1, 4, 25, 69), strict=True))
    statuses = ["published"] * (DEMO_REVIEWERS - 1) + ["pending"]
    reviews = [
        plan_review(
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
            reply_body=REPLIES["good"].format(name="Sam"),
            reply_after_minutes=2 * 1440,
        )
    )
    return PractitionerPlan(
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
        payment={
            "accepts_medicare": True,
            "accepts_medicaid": True,
            "medicaid_state": "OR",
            "accepts_insurance": True,
            "insurance_plans": "Aetna, Providence Health Plan",
            "accepts_hsa_fsa": True,
            "offers_sliding_scale": True,
        },
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
                # The seeded Oregon board lists no online lookup: the roster it publishes.
                primary_source=PrimarySource.BOARD_ROSTER,
                reference="roster or-board-roster.csv line 4218",
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
