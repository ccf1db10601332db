"""The URL mixes the benchmark replays: generated from the data, drawn Zipf-like.

A mix is built from a `Catalog` (what the database holds: ZIPs and cities of
real clinics, every condition and technique, languages, words of names and
bios, published slugs). Each search URL combines a few of them the way a
patient would: a place and a radius, a condition or two, a technique, text
(real words, or a name with a typo), the accepting/verified/rating filters, a
sort and a page from 1 to 5. The mixes are pure functions of the catalog and
a seed, so a run can be repeated and tested without a database.

Popularity: the distinct URLs are ranked at random and drawn with weight
1 / rank ** s (Zipf, s = 1 by default), so the first few repeat often and the
long tail is seen once or never, as in real traffic. The held-out mix draws
other URLs uniformly (a different seed, nothing shared with the tuned mix).
"""

import random
from dataclasses import dataclass, field
from urllib.parse import urlencode

SEARCH_PATH = "/practitioners/"
API_PATH = "/api/v1/practitioners/"
RADII = [5, 10, 25, 50, 100]
SORTS = ["relevance", "distance", "rating", "experience"]


@dataclass(frozen=True)
class Catalog:
    """What the generated URLs may name; every value exists in the benchmark's data."""

    zips: list[str]
    cities: list[str]  # "Portland, OR"
    conditions: list[str]  # slugs
    techniques: list[str]  # slugs
    languages: list[str] = field(default_factory=list)  # ISO codes
    words: list[str] = field(default_factory=list)  # from bios, conditions, clinic names
    names: list[str] = field(default_factory=list)  # "first last" of listed practitioners
    slugs: list[str] = field(default_factory=list)  # published profiles


def misspell(word: str, rng: random.Random) -> str:
    """One typo a patient makes: a dropped, doubled or swapped letter."""
    if len(word) < 4:
        return word
    # The first letter stays: patients rarely get it wrong.
    i = rng.randrange(2, len(word) - 1)
    kind = rng.choice(["drop", "double", "swap"])
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def text_query(catalog: Catalog, rng: random.Random) -> str:
    """Free text: a word or two, a last name, or a full name with a typo."""
    choice = rng.random()
    if catalog.names and choice < 0.25:
        first, _, last = rng.choice(catalog.names).partition(" ")
        return misspell(f"{first} {last}".strip(), rng) if rng.random() < 0.5 else last or first
    if catalog.names and choice < 0.4:
        return " ".join(misspell(part, rng) for part in rng.choice(catalog.names).split())
    words = catalog.words or catalog.conditions
    return " ".join(rng.sample(words, k=min(len(words), rng.choice([1, 1, 2]))))


def search_params(
    catalog: Catalog, rng: random.Random, *, pages: bool = True
) -> list[tuple[str, str]]:
    """One patient's search, as query parameters in a stable order."""
    params: list[tuple[str, str]] = []
    places = catalog.cities if catalog.cities and rng.random() < 0.4 else catalog.zips
    has_place = bool(places) and rng.random() < 0.7
    if has_place:
        place = rng.choice(places)
        params.append(("near", place))
        if rng.random() < 0.6:
            params.append(("radius", str(rng.choice(RADII))))
    if rng.random() < 0.5:
        several = min(len(catalog.conditions), 1 if rng.random() < 0.8 else 2)
        for slug in rng.sample(catalog.conditions, k=several):
            params.append(("condition", slug))
    if rng.random() < 0.15:
        params.append(("technique", rng.choice(catalog.techniques)))
    if catalog.languages and rng.random() < 0.05:
        params.append(("language", rng.choice(catalog.languages)))
    if rng.random() < 0.3 or not params:
        params.append(("q", text_query(catalog, rng)))
    if rng.random() < 0.2:
        params.append(("accepting", "1"))
    if rng.random() < 0.1:
        params.append(("verified", "0"))
    if rng.random() < 0.1:
        params.append(("min_rating", str(rng.choice([3, 4, 5]))))
    if rng.random() < 0.3:
        sorts = SORTS if has_place else [s for s in SORTS if s != "distance"]
        params.append(("sort", rng.choice(sorts)))
    page = rng.choices([1, 2, 3, 4, 5], weights=[70, 12, 8, 6, 4])[0]
    if page > 1 and pages:
        params.append(("page", str(page)))
    return params


def distinct_searches(catalog: Catalog, count: int, seed: int, *, pages: bool = True) -> list[str]:
    """`count` distinct query strings (without the path), in a seeded order."""
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    stale = 0  # draws in a row that gave nothing new
    while len(seen) < count:
        if stale > 5_000:
            raise ValueError(f"the catalog yields only {len(seen)} distinct searches")
        before = len(seen)
        seen.setdefault(urlencode(search_params(catalog, rng, pages=pages)), None)
        stale = 0 if len(seen) > before else stale + 1
    return list(seen)


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    """Weights 1/rank**s for ranks 1..n, normalised to sum to 1."""
    raw = [1.0 / (rank**s) for rank in range(1, n + 1)]
    total = sum(raw)
    return [w / total for w in raw]


def draw(items: list[str], k: int, seed: int, *, zipf: float | None = 1.0) -> list[str]:
    """A request sequence of length k: Zipf-like over a seeded ranking, or uniform (zipf=None)."""
    rng = random.Random(seed)
    if zipf is None:
        return [rng.choice(items) for _ in range(k)]
    ranked = items[:]
    rng.shuffle(ranked)
    return rng.choices(ranked, weights=zipf_weights(len(ranked), zipf), k=k)


def search_mix(catalog: Catalog, distinct: int, seed: int) -> list[str]:
    return [f"{SEARCH_PATH}?{query}" for query in distinct_searches(catalog, distinct, seed)]


def api_mix(catalog: Catalog, distinct: int, seed: int) -> list[str]:
    """The search mix's parameters on the API, first pages only.

    An API client reaches later pages through `next`, which exists only when
    there is one; a page past the end is a 404 there, not a page.
    """
    queries = distinct_searches(catalog, distinct, seed, pages=False)
    return [f"{API_PATH}?{query}" for query in queries]


def profile_mix(catalog: Catalog, distinct: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    slugs = rng.sample(catalog.slugs, k=min(distinct, len(catalog.slugs)))
    return [f"{SEARCH_PATH}{slug}/" for slug in slugs]


def observed_distinct(sequence: list[str]) -> int:
    return len(set(sequence))
