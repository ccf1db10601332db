from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_a_database_outage_is_a_503_with_a_plain_explanation(client):
    with mock.patch(
        "practitioners.views.PractitionerFilterSet", side_effect=OperationalError("down")
    ):
        response = client.get("/practitioners/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "try again in a minute" in response.text
    assert "not</strong> saved" in response.text


def test_api_clients_get_json_during_an_outage(client):
    with mock.patch("opendata.api.PractitionerViewSet.list", side_effect=OperationalError("down")):
        response = client.get("/api/v1/practitioners/")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("The service is briefly unavailable")


def test_other_errors_are_not_disguised(client):
    with (
        mock.patch("practitioners.views.PractitionerFilterSet", side_effect=ValueError("bug")),
        pytest.raises(ValueError),
    ):
        client.get("/practitioners/")
