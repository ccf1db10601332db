"""The benchmark's URL mixes: generated from a catalog, distinct, drawn Zipf-like."""

import random
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

import pytest

from bench import mix

CATALOG = mix.Catalog(
    zips=["97214", "10001", "94110", "60614", "78701"],
    cities=["Portland, OR", "Austin, TX", "Chicago, IL"],
    conditions=["low-back-pain", "migraine", "sciatica", "fibromyalgia", "neck-pain"],
    techniques=["cupping", "electroacupuncture", "moxibustion"],
    languages=["en", "es", "zh"],
    words=["pain", "back", "gentle", "sports", "headache", "clinic"],
    names=[f"first{i} last{i}" for i in range(300)],
    slugs=[f"practitioner-{i}" for i in range(500)],
)


def params_of(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


def test_the_search_mix_has_the_distinct_urls_asked_for():
    urls = mix.search_mix(CATALOG, 2000, seed=1)
    assert len(urls) == len(set(urls)) == 2000
    assert all(url.startswith("/practitioners/?") for url in urls)


def test_every_parameter_names_something_in_the_catalog():
    allowed = {
        "near": set(CATALOG.zips) | set(CATALOG.cities),
        "condition": set(CATALOG.conditions),
        "technique": set(CATALOG.techniques),
        "language": set(CATALOG.languages),
        "radius": {str(r) for r in mix.RADII},
        "sort": set(mix.SORTS),
        "page": {"2", "3", "4", "5"},
        "accepting": {"1"},
        "verified": {"0"},
        "min_rating": {"3", "4", "5"},
    }
    for url in mix.search_mix(CATALOG, 1000, seed=2):
        for name, value in params_of(url):
            if name == "q":
                assert value.strip()
            else:
                assert value in allowed[name], (name, value)


def test_the_mix_covers_places_terms_text_sorts_and_pages():
    seen = Counter(
        name for url in mix.search_mix(CATALOG, 3000, seed=3) for name, _ in params_of(url)
    )
    for name in ("near", "radius", "condition", "technique", "q", "sort", "page", "accepting"):
        assert seen[name] > 0, name
    conditions = {
        v
        for url in mix.search_mix(CATALOG, 3000, seed=3)
        for k, v in params_of(url)
        if k == "condition"
    }
    assert conditions == set(CATALOG.conditions)


def test_distance_sort_is_only_asked_with_a_place():
    for url in mix.search_mix(CATALOG, 1500, seed=4):
        params = dict(params_of(url))
        if params.get("sort") == "distance":
            assert "near" in params


def test_the_same_seed_gives_the_same_mix_and_another_seed_another():
    assert mix.search_mix(CATALOG, 300, seed=5) == mix.search_mix(CATALOG, 300, seed=5)
    assert mix.search_mix(CATALOG, 300, seed=5) != mix.search_mix(CATALOG, 300, seed=6)


def test_a_catalog_too_small_for_the_count_says_so():
    tiny = mix.Catalog(zips=["97214"], cities=[], conditions=["migraine"], techniques=["cupping"])
    with pytest.raises(ValueError, match="distinct searches"):
        mix.distinct_searches(tiny, 100_000, seed=1)


@pytest.mark.parametrize("word", ["sciatica", "fibromyalgia", "garcia"])
def test_a_misspelling_changes_the_word_by_one_letter(word):
    rng = random.Random(7)
    for _ in range(20):
        typo = mix.misspell(word, rng)
        assert typo != word or len(set(word)) < len(word)  # a doubled letter may swap with itself
        assert abs(len(typo) - len(word)) <= 1
        assert typo[0] == word[0]


def test_short_words_are_left_alone():
    assert mix.misspell("tcm", random.Random(1)) == "tcm"


def test_the_api_mix_asks_first_pages_only():
    urls = mix.api_mix(CATALOG, 1000, seed=8)
    assert len(set(urls)) == 1000
    assert all(url.startswith("/api/v1/practitioners/?") for url in urls)
    assert not any(name == "page" for url in urls for name, _ in params_of(url))


def test_the_profile_mix_is_distinct_published_slugs():
    urls = mix.profile_mix(CATALOG, 400, seed=9)
    assert len(set(urls)) == 400
    assert {u.strip("/").split("/")[1] for u in urls} <= set(CATALOG.slugs)


def test_zipf_weights_fall_with_rank_and_sum_to_one():
    weights = mix.zipf_weights(1000)
    assert sum(weights) == pytest.approx(1.0)
    assert all(a > b for a, b in zip(weights, weights[1:], strict=False))
    assert weights[0] / weights[9] == pytest.approx(10.0)


def test_a_zipf_draw_repeats_popular_urls_and_a_uniform_draw_does_not():
    items = [f"/u{i}" for i in range(1000)]
    zipf = Counter(mix.draw(items, 20_000, seed=1))
    uniform = Counter(mix.draw(items, 20_000, seed=1, zipf=None))
    top_share = sum(n for _, n in zipf.most_common(10)) / 20_000
    assert top_share > 0.25  # ten of a thousand URLs: 39 % expected under s = 1
    assert sum(n for _, n in uniform.most_common(10)) / 20_000 < 0.03
    assert set(zipf) <= set(items) and len(uniform) > 950
