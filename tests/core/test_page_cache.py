"""Anonymous pages are served from the cache until their data changes."""

import re

import pytest

from practitioners.models import Practitioner
from practitioners.search import refresh_search_fields
from tests.factories import ClinicFactory, LicenseFactory, PractitionerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def caching_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def practitioner():
    p = PractitionerFactory(slug="cached", first_name="Cache", last_name="Me")
    ClinicFactory(practitioner=p)
    LicenseFactory(practitioner=p, verified=True)
    refresh_search_fields([p.pk])
    return p


def nonce_of(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


@pytest.mark.parametrize("path", ["/practitioners/cached/", "/practitioners/?near=97214"])
def test_second_anonymous_visit_is_a_cache_hit_with_only_the_version_read(
    client, practitioner, path, django_assert_num_queries
):
    first = client.get(path)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):
        second = client.get(path)
    assert second["X-Page-Cache"] == "hit"
    assert second.content.replace(nonce_of(second).encode(), b"N") == first.content.replace(
        nonce_of(first).encode(), b"N"
    )


def test_each_hit_gets_a_fresh_nonce_matching_its_header(client, practitioner):
    client.get("/practitioners/?near=97214")
    hits = [client.get("/practitioners/?near=97214") for _ in range(2)]
    nonces = [nonce_of(r) for r in hits]
    assert nonces[0] != nonces[1]
    for response, nonce in zip(hits, nonces, strict=True):
        assert f'nonce="{nonce}"'.encode() in response.content
        assert b"__CSP_NONCE_PLACEHOLDER__" not in response.content


def test_a_change_to_the_data_invalidates_the_page(
    client, practitioner, django_capture_on_commit_callbacks
):
    client.get("/practitioners/cached/")
    with django_capture_on_commit_callbacks(execute=True):
        practitioner.bio = "A new biography."
        practitioner.save()
    response = client.get("/practitioners/cached/")
    assert response["X-Page-Cache"] == "miss"
    assert "A new biography." in response.text


def test_an_expiring_license_changes_the_key_by_date(client, practitioner, monkeypatch):
    import datetime

    from django.utils import timezone

    client.get("/practitioners/cached/")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr("core.page_cache.timezone.localdate", lambda: tomorrow)
    assert client.get("/practitioners/cached/")["X-Page-Cache"] == "miss"


def test_signed_in_visitors_and_previews_are_never_cached(client, practitioner):
    client.force_login(UserFactory())
    response = client.get("/practitioners/cached/")
    assert "X-Page-Cache" not in response
    client.logout()
    owner = UserFactory()
    Practitioner.objects.filter(pk=practitioner.pk).update(owner=owner, publication_status="draft")
    client.force_login(owner)
    assert "X-Page-Cache" not in client.get("/practitioners/cached/?preview=1")


def test_htmx_partials_are_cached_separately(client, practitioner):
    full = client.get("/practitioners/?near=97214")
    partial = client.get("/practitioners/?near=97214", headers={"HX-Request": "true"})
    assert partial["X-Page-Cache"] == "miss"
    assert b"<html" in full.content and b"<html" not in partial.content
    assert "HX-Request" in partial["Vary"]


def test_api_list_answers_are_cached_and_invalidated(
    client, practitioner, django_capture_on_commit_callbacks, django_assert_num_queries
):
    first = client.get("/api/v1/practitioners/?near=97214")
    with django_assert_num_queries(1):  # the version
        second = client.get("/api/v1/practitioners/?near=97214")
    assert second.json() == first.json()
    with django_capture_on_commit_callbacks(execute=True):
        practitioner.first_name = "Renamed"
        practitioner.save(update_fields=["first_name"])
    body = client.get("/api/v1/practitioners/?near=97214").json()
    assert body["results"][0]["name"] == "Renamed Me"
