from unittest import mock

import pytest
from django.db import DatabaseError

from tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db


def test_home_offers_search_by_zip_and_condition_and_links_to_learn(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert 'name="near"' in html and 'name="condition"' in html
    assert 'value="low-back-pain"' in html
    assert 'href="/learn/finding-a-qualified-acupuncturist/#credentials"' in html
    assert 'href="/learn/chronic-pain/"' in html


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("directory.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_robots_txt_points_to_the_sitemap_and_hides_private_areas(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /dashboard/" in response.text
    assert "Sitemap: http://testserver/sitemap.xml" in response.text


def test_sitemap_index_points_to_its_sections(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "<sitemapindex" in response.text
    assert "/sitemap-practitioners.xml</loc>" in response.text
    assert "/sitemap-learn.xml</loc>" in response.text


def test_the_site_domain_follows_the_setting_after_migrate(settings):
    from django.contrib.sites.models import Site

    from core.sites import sync_site

    settings.SITE_DOMAIN = "directory.example.org"
    sync_site(sender=None)
    assert Site.objects.get_current().domain == "directory.example.org"


def test_sitemap_lists_published_profiles_and_articles_only(client):
    published = PractitionerFactory(slug="listed-one")
    PractitionerFactory(slug="draft-one", publication_status="draft")
    response = client.get("/sitemap-practitioners.xml")
    assert response.status_code == 200
    assert published.get_absolute_url() in response.text
    assert "draft-one" not in response.text
    assert "/learn/safety/" in client.get("/sitemap-learn.xml").text


def test_large_sitemaps_are_paginated(client, monkeypatch):
    from directory.sitemaps import PractitionerSitemap

    monkeypatch.setattr(PractitionerSitemap, "limit", 2)
    for i in range(5):
        PractitionerFactory(slug=f"paged-{i}")
    assert "sitemap-practitioners.xml?p=3" in client.get("/sitemap.xml").text
    assert client.get("/sitemap-practitioners.xml?p=3").status_code == 200


def test_unknown_page_gets_a_helpful_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "couldn't find that page" in response.text


def test_pages_carry_the_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
