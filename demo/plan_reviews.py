"""Plan the patient reviews of a practitioner, and which pool patients write them."""

import random
from collections.abc import Sequence
from dataclasses import dataclass

from .accounts import DEMO_REVIEWERS, patient_name
from .data import (
    CONDITION_PHRASES,
    MODERATION_REASONS,
    RATING_PROFILES,
    REPLIES,
    REVIEW_CLOSINGS,
    REVIEW_MIDDLES,
    REVIEW_OPENINGS,
    REVIEW_STATUSES,
    REVIEW_TITLES,
)
from .weighted import Cumulative, cumulative, pick

_REVIEW_STATUSES = cumulative(REVIEW_STATUSES)
_RATING_PROFILES = cumulative(RATING_PROFILES)


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


def plan_reviews(
    rng: random.Random,
    *,
    window: range,
    count: int,
    practitioner_first: str,
    conditions: Sequence[str],
    claimed: bool,
) -> tuple[ReviewPlan, ...]:
    """Plan `count` reviews by distinct authors from `window`, in one rating profile."""
    authors = rng.sample(window, count)
    profile = cumulative(zip((1, 2, 3, 4, 5), pick(rng, _RATING_PROFILES), strict=True))
    return tuple(
        plan_review(
            rng,
            author=author,
            profile=profile,
            practitioner_first=practitioner_first,
            conditions=conditions,
            claimed=claimed,
        )
        for author in authors
    )


def plan_review(
    rng: random.Random,
    *,
    author: int,
    profile: Cumulative,
    practitioner_first: str,
    conditions: Sequence[str],
    claimed: bool,
    status: str | None = None,
) -> ReviewPlan:
    """Plan one review by `author`, with a star rating drawn from `profile`."""
    rating = pick(rng, profile)
    dimensions = tuple(
        None if rng.random() < 0.3 else min(5, max(1, rating + rng.choice((-1, 0, 0, 0, 1))))
        for _ in range(4)
    )
    condition = rng.choice(conditions) if conditions and rng.random() < 0.85 else None
    sessions = rng.randint(1, 20) if rng.random() < 0.9 else None
    status = status or pick(rng, _REVIEW_STATUSES)
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
    first, last = patient_name(author)
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
