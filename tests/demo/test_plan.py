"""`demo.plan`: the same seed gives the same plan, and a larger N extends it."""

from collections.abc import Sequence

from demo.plan import PractitionerPlan, plan_practitioners
from tests.demo.seeding import SEED


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


def test_the_plan_is_the_same_for_the_same_seed_and_grows_by_prefix():
    def plan(seed: int, count: int) -> list:
        return fingerprint(
            list(plan_practitioners(seed=seed, count=count, reviews_per_practitioner=4))
        )

    assert plan(SEED, 40) == plan(SEED, 40)
    assert plan(SEED, 60)[:40] == plan(SEED, 40)
    assert plan(SEED + 1, 40) != plan(SEED, 40)


def test_which_states_license_acupuncture_changes_licenses_but_not_reviews():
    def plan(unlicensed: frozenset[str]) -> list:
        return list(
            plan_practitioners(
                seed=SEED, count=300, reviews_per_practitioner=4, unlicensed_states=unlicensed
            )
        )

    usual, none = plan(frozenset({"AL", "OK", "SD"})), plan(frozenset())

    assert [p.reviews for p in usual] == [p.reviews for p in none]
    assert [p.licenses for p in usual] != [p.licenses for p in none]


def test_slugs_are_unique_and_leave_the_demo_profile_s_free():
    plans = list(plan_practitioners(seed=SEED, count=500, reviews_per_practitioner=1))

    slugs = [p.slug for p in plans]
    assert len(set(slugs)) == len(slugs)
    assert "mei-lin-chen" not in slugs


def test_payment_options_are_deterministic_varied_and_valid():
    first = [
        p.payment for p in plan_practitioners(seed=SEED, count=300, reviews_per_practitioner=0)
    ]
    again = [
        p.payment for p in plan_practitioners(seed=SEED, count=300, reviews_per_practitioner=0)
    ]
    assert first == again
    for key in ("accepts_medicare", "accepts_medicaid", "accepts_va_community_care",
                "accepts_insurance", "accepts_hsa_fsa", "offers_sliding_scale",
                "offers_community_clinic"):  # fmt: skip
        share = sum(p[key] for p in first) / len(first)
        assert 0 < share < 1, key
    for p in first:
        assert bool(p["medicaid_state"]) == p["accepts_medicaid"]
        assert bool(p["insurance_plans"]) == p["accepts_insurance"]
        if p["offers_community_clinic"]:
            assert p["offers_sliding_scale"]
