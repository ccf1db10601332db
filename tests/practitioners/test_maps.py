"""What the maps are given: numbered results, the radius circle, clinics with directions."""

import importlib

import pytest

from practitioners.geo import locate_zip
from practitioners.maps import directions_url, profile_map, results_map
from practitioners.selectors import cards
from tests.factories import ClinicFactory, LicenseFactory, PractitionerFactory

pytestmark = pytest.mark.django_db


def test_results_are_numbered_from_the_page_start_at_the_clinic_nearest_the_search():
    p = PractitionerFactory(first_name="Two", last_name="Clinics")
    ClinicFactory(practitioner=p, city="Seattle", state="WA", latitude=47.6, longitude=-122.3,
                  is_primary=True)  # fmt: skip
    ClinicFactory(practitioner=p, city="Portland", latitude=45.52, longitude=-122.64)
    [card] = cards([p.pk])
    data = results_map([card], start=21, location=locate_zip("97214"), radius=25)
    [marker] = data["markers"]
    assert (marker["number"], marker["name"], marker["place"]) == (
        21,
        "Two Clinics",
        "Portland, OR",
    )
    assert marker["url"] == p.get_absolute_url()
    assert data["circle"]["miles"] == 25 and data["circle"]["label"] == "97214 (Portland, OR)"
    assert results_map([card], start=1, location=None, radius=25)["markers"][0]["place"] == (
        "Seattle, WA"
    )


def test_the_profile_map_numbers_each_clinic_and_links_directions_to_its_address():
    clinic = ClinicFactory(address_line1="1 Main St", address_line2="Suite 2")
    assert directions_url(clinic) == (
        "https://www.google.com/maps/dir/?api=1&destination="
        "1+Main+St%2C+Suite+2%2C+Portland%2C+OR+97214"
    )
    [marker] = profile_map([clinic])["markers"]
    assert marker["number"] == 1 and marker["url"] == directions_url(clinic)


def test_without_a_tile_server_the_csp_allows_no_other_image_host(settings):
    assert settings.MAP_TILE_URL == ""
    assert results_map([], start=1, location=None, radius=25)["tiles"]["url"] == ""
    assert settings.SECURE_CSP["img-src"] == ["'self'", "data:"]


def test_a_tile_server_adds_only_its_host_to_the_csp_img_src(monkeypatch):
    import directory.settings as module

    monkeypatch.setenv("MAP_TILE_URL", "https://{s}.tile.example.org/{z}/{x}/{y}.png")
    try:
        reloaded = importlib.reload(module)
        assert reloaded.SECURE_CSP["img-src"][-1] == "https://*.tile.example.org"
        assert reloaded.SECURE_CSP["connect-src"] == ["'self'"]
    finally:
        monkeypatch.delenv("MAP_TILE_URL")
        importlib.reload(module)


def test_the_search_and_profile_pages_load_the_map_only_when_they_show_one(client):
    p = PractitionerFactory(slug="mapped")
    ClinicFactory(practitioner=p)
    assert "vendor/leaflet/leaflet.js" in client.get("/practitioners/mapped/").text
    assert "vendor/leaflet/leaflet.js" not in client.get("/").text


def test_a_profile_opened_from_a_search_says_how_far_its_nearest_clinic_is(client):
    p = PractitionerFactory(slug="far-clinic")
    ClinicFactory(practitioner=p, latitude=45.5142 + 4.2 / 69, longitude=-122.6364)
    html = client.get("/practitioners/far-clinic/", {"near": "97214"}).text
    assert '<p class="profile-distance"><strong>4.2 miles</strong> from 97214</p>' in html
    assert "profile-distance" not in client.get("/practitioners/far-clinic/").text
    assert "profile-distance" not in client.get("/practitioners/far-clinic/", {"near": "zz"}).text


def test_result_cards_link_to_the_profile_with_the_searched_place(client):
    p = PractitionerFactory(slug="linked", first_name="Link", last_name="Ed")
    ClinicFactory(practitioner=p)
    LicenseFactory(practitioner=p, verified=True)
    html = client.get("/practitioners/", {"near": "Portland, OR"}).text
    assert 'href="/practitioners/linked/?near=Portland%2C%20OR"' in html
