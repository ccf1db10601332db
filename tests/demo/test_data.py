"""`demo.data`: the seeded replies follow the review policy."""

import pytest

from demo.data import REPLIES
from demo.demo_profile import demo_practitioner_plan
from demo.plan import plan_practitioners
from tests.demo.seeding import SEED

# A practitioner's public reply must not confirm that the reviewer is or was a
# patient (templates/reviews/policy.html): words that speak of treatment or visits.
CONFIRMS_A_PATIENT = (
    "treat",
    "working with you",
    "worked with you",
    "session",
    "appointment",
    "visit",
    "your care",
    "see you",
    "seeing you",
    "your progress",
    "your pain",
    "our patient",
    "your recovery",
)


def confirming_phrases(text: str) -> list[str]:
    lowered = text.lower()
    return [phrase for phrase in CONFIRMS_A_PATIENT if phrase in lowered]


@pytest.mark.parametrize("mood", sorted(REPLIES))
def test_reply_templates_thank_without_confirming_a_patient(mood):
    assert confirming_phrases(REPLIES[mood]) == []


def test_no_seeded_reply_confirms_that_the_reviewer_was_treated():
    plans = [*plan_practitioners(seed=SEED, count=200, reviews_per_practitioner=6)]
    plans.append(demo_practitioner_plan())
    replies = [r.reply_body for p in plans for r in p.reviews if r.reply_body]

    assert replies, "the plan should seed some replies to check"
    assert {
        reply: confirming_phrases(reply) for reply in replies if confirming_phrases(reply)
    } == {}


def test_the_forbidden_list_catches_the_old_reply():
    assert confirming_phrases("Thank you, Sam. It was a pleasure working with you.") == [
        "working with you"
    ]
