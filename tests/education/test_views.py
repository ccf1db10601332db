import pytest

pytestmark = pytest.mark.django_db


def test_article_list_links_every_article(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/learn/")
    assert response.status_code == 200
    for slug in ("chronic-pain", "safety", "finding-a-qualified-acupuncturist"):
        assert f'href="/learn/{slug}/"' in response.text


def test_article_page_has_section_anchors_and_the_disclaimer(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get("/learn/finding-a-qualified-acupuncturist/")
    assert response.status_code == 200
    for anchor in ("credentials", "licensure", "experience", "reviews-and-referrals"):
        assert f'id="{anchor}"' in response.text
    assert "not medical advice" in response.text
    assert 'href="/learn/disclaimer/#disclaimer"' in response.text


def test_unknown_or_unpublished_article_is_a_404(client):
    from education.models import Article

    Article.objects.filter(slug="safety").update(is_published=False)
    assert client.get("/learn/safety/").status_code == 404
    assert client.get("/learn/no-such-article/").status_code == 404


def test_article_bodies_are_sanitised_when_an_editor_pastes_html(client):
    from education.models import ArticleSection

    section = ArticleSection.objects.get(article__slug="safety", anchor="who-should-not")
    section.body += "\n\n<script>alert('x')</script>"
    section.save()
    response = client.get("/learn/safety/")
    assert "<script>alert" not in response.text


def test_an_article_shows_its_reviewer_review_date_and_sources(client):
    response = client.get("/learn/paying-for-acupuncture/")
    assert response.status_code == 200
    assert "Reviewed by the directory&#x27;s clinical editor" in response.text
    assert "December 1, 2026" in response.text
    assert 'id="sources"' in response.text
    assert 'href="https://www.irs.gov/publications/p502"' in response.text
    assert 'href="/learn/disclaimer/#disclaimer"' in response.text
