from unittest import mock

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.utils.functional import SimpleLazyObject

from core.middleware import PrivacyHeadersMiddleware
from tests.factories import UserFactory

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


def _through_privacy_headers(request, response=None):
    return PrivacyHeadersMiddleware(lambda request: response or HttpResponse("ok"))(request)


def test_a_response_without_a_user_gets_the_permissions_policy_and_stays_cacheable(rf):
    # WhiteNoise answers static files before the authentication middleware runs.
    response = _through_privacy_headers(rf.get("/static/css/site.css"))
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert not response.has_header("Cache-Control")


def test_a_view_that_already_forbids_storing_keeps_its_own_cache_header(rf):
    request = rf.get("/staff/exports/practitioners.csv")
    request.user = UserFactory()
    own = HttpResponse("csv")
    own["Cache-Control"] = "no-store"
    assert _through_privacy_headers(request, own)["Cache-Control"] == "no-store"


def test_a_public_cache_header_becomes_private_for_a_signed_in_user(rf):
    request = rf.get("/practitioners/")
    request.user = UserFactory()
    public = HttpResponse("page")
    public["Cache-Control"] = "public, max-age=300"
    directives = {
        d.strip() for d in _through_privacy_headers(request, public)["Cache-Control"].split(",")
    }
    assert {"private", "no-store"} <= directives and "public" not in directives


def test_when_the_session_cannot_be_read_the_response_is_treated_as_private(rf):
    def unreadable():
        raise OperationalError("database down")

    request = rf.get("/dashboard/")
    request.user = SimpleLazyObject(unreadable)
    assert "no-store" in _through_privacy_headers(request)["Cache-Control"]
