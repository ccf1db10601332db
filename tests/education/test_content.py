"""The educational content loaded by migration: present, linked, carefully worded."""

import re

import pytest

from education.models import Article, ArticleSection, Topic, TopicLink

pytestmark = pytest.mark.django_db

EXPECTED = {
    "chronic-pain": {"what-is-chronic-pain", "causes", "low-back-and-neck-pain", "arthritis",
                     "fibromyalgia", "headache-and-migraine", "neuropathic-pain"},
    "how-acupuncture-may-help": {"what-is-acupuncture", "proposed-mechanisms",
                                 "alongside-conventional-care"},
    "acupuncture-techniques": {"tcm", "western-medical", "auricular", "electro"},
    "finding-a-qualified-acupuncturist": {"credentials", "licensure", "experience",
                                          "reviews-and-referrals", "how-we-verify"},
    "safety": {"who-should-not", "sterile-needles", "talk-to-your-doctor"},
    "disclaimer": {"disclaimer"},
}  # fmt: skip


@pytest.mark.parametrize(("slug", "anchors"), EXPECTED.items())
def test_each_article_exists_with_its_stable_anchors(slug, anchors):
    article = Article.objects.published().get(slug=slug)
    assert anchors <= set(article.sections.values_list("anchor", flat=True))


def test_every_topic_links_to_a_section():
    linked = TopicLink.objects.as_map()
    assert set(linked) == {t.value.replace("-", "_") for t in Topic}


OVERCLAIMS = [
    r"(?<!be read as )(?<!not )\bproven\b",  # "should not be read as proven" is the careful form
    r"(?<!not a )\bcures?\b",  # "it is not a cure" is the careful form
    r"\bguarantee",
    r"\bwill (?:relieve|fix|heal)\b",
    r"100 ?%",
]


@pytest.mark.parametrize("pattern", OVERCLAIMS)
def test_claims_are_never_stated_more_strongly_than_domain_md(pattern):
    text = " ".join(
        " ".join(b.split()) for b in ArticleSection.objects.values_list("body", flat=True)
    )
    assert not re.search(pattern, text.lower()), re.search(pattern, text.lower())


def test_safety_content_names_the_contraindications_of_domain_md():
    body = ArticleSection.objects.get(article__slug="safety", anchor="who-should-not").body.lower()
    for word in ("bleeding", "pacemaker", "anticoagulant"):
        assert word in body


def test_every_article_points_to_the_disclaimer():
    for article in Article.objects.exclude(slug="disclaimer"):
        bodies = " ".join(article.sections.values_list("body", flat=True))
        assert "/learn/disclaimer/" in bodies, article.slug
