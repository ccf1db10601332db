"""The educational content loaded by migration: present, linked, carefully worded."""

import re

import pytest

from education.models import Article, ArticleSection, Topic, TopicLink, topic_map

pytestmark = pytest.mark.django_db

EXPECTED = {
    "chronic-pain": {"what-is-chronic-pain", "causes", "low-back-and-neck-pain", "arthritis",
                     "fibromyalgia", "headache-and-migraine", "neuropathic-pain"},
    "how-acupuncture-may-help": {"what-is-acupuncture", "proposed-mechanisms",
                                 "alongside-conventional-care", "first-visit"},
    "acupuncture-techniques": {"tcm", "western-medical", "auricular", "electro"},
    "finding-a-qualified-acupuncturist": {"credentials", "licensure", "experience",
                                          "reviews-and-referrals", "how-we-verify"},
    "safety": {"who-should-not", "sterile-needles", "talk-to-your-doctor", "side-effects",
               "serious-risks", "pregnancy", "warning-signs"},
    "paying-for-acupuncture": {"medicare", "medicaid", "veterans", "private-insurance",
                               "hsa-fsa", "lower-cost", "ask-your-plan"},
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


def _text(slug: str) -> str:
    bodies = ArticleSection.objects.filter(article__slug=slug).values_list("body", flat=True)
    return " ".join(" ".join(b.split()) for b in bodies).lower()


def test_safety_gives_the_side_effects_risks_and_warning_signs_its_summary_promises():
    text = _text("safety")
    for phrase in ("soreness", "bruising", "faint", "infections", "collapsed lung",
                   "pregnant", "shortness of breath", "fever"):  # fmt: skip
        assert phrase in text, phrase
    summary = Article.objects.get(slug="safety").summary.lower()
    assert "side effects" in summary and "signs" in summary


def test_the_payment_article_states_medicares_limits_and_says_ask_your_plan():
    text = _text("paying-for-acupuncture")
    for phrase in ("chronic low back pain", "12 weeks", "20 in a year", "20%",
                   "cannot pay a licensed acupuncturist directly", "differs from state to state",
                   "va community care", "publication 502", "sliding scale", "check with your plan",
                   "/learn/disclaimer/"):  # fmt: skip
        assert phrase in text, phrase


def test_every_health_article_names_its_reviewer_and_lists_its_sources():
    for article in Article.objects.exclude(slug="disclaimer"):
        assert article.reviewed_by and article.reviewed_on, article.slug
        assert "team" not in article.reviewed_by.lower()
        assert article.sources.count("- ") >= 1 and "https://" in article.sources, article.slug
    assert "irs.gov" in Article.objects.get(slug="paying-for-acupuncture").sources


def test_the_kept_topic_links_follow_an_edit(django_assert_num_queries):
    assert topic_map() == TopicLink.objects.as_map()
    with django_assert_num_queries(0):
        kept = topic_map()
    link = TopicLink.objects.get(topic=Topic.SAFETY)
    other = ArticleSection.objects.exclude(pk=link.section_id).first()
    link.section = other
    link.save()
    assert topic_map()["safety"] == other != kept["safety"]
    other.anchor = "moved-anchor"
    other.save()
    assert topic_map()["safety"].anchor == "moved-anchor"
