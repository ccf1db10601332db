"""The API's order with a place, and its nearest beyond the radius."""

import pytest

from tests.practitioners.test_nearest_and_places import rural_montana  # noqa: F401 (a fixture)
from tests.practitioners.test_search_page import make

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("rural_montana")
def test_the_api_names_the_nearest_beyond_the_radius(client):
    body = client.get(
        "/api/v1/practitioners/", {"near": "59230", "condition": "fibromyalgia"}
    ).json()
    assert body["count"] == 0 and body["results"] == []
    beyond = body["nearest_beyond_radius"]
    assert [p["name"] for p in beyond] == ["Thirty Eight", "Sixty One"]
    assert [round(p["distance_miles"]) for p in beyond] == [38, 61]
    near = client.get("/api/v1/practitioners/", {"near": "59230", "radius": "50"}).json()
    assert near["count"] == 2 and near["nearest_beyond_radius"] == []


def test_the_api_sorts_by_distance_when_a_place_is_given(client):
    make("Far", "Aaron", at=(45.60, -122.6364))
    make("Near", "Zed", at=(45.52, -122.6364))
    body = client.get("/api/v1/practitioners/", {"near": "97214"}).json()
    assert [p["name"] for p in body["results"]] == ["Near Zed", "Far Aaron"]
