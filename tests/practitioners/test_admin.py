"""The practitioner admin saves through the same services as the dashboard."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from practitioners.models import Practitioner
from tests.factories import ClinicFactory, PractitionerFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_staff_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def admin_client(client):
    client.force_login(StaffFactory(is_superuser=True, email="root@example.org"))
    return client


class _FormData(HTMLParser):
    """Collect what a browser would submit from the admin change form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "file", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if a.get("type") in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(a.get("value") or default)
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += (
                data.lstrip("\n") if not self.data[self._textarea][0] else data
            )


def change_form(admin_client, practitioner) -> tuple[str, dict]:
    url = reverse("admin:practitioners_practitioner_change", args=[practitioner.pk])
    parser = _FormData()
    parser.feed(admin_client.get(url).content.decode())
    data = {k: v if len(v) != 1 else v[0] for k, v in parser.data.items()}
    data.pop("csrfmiddlewaretoken", None)
    return url, data


def test_a_new_zip_code_in_the_admin_moves_the_clinic_and_refreshes_the_search_text(
    admin_client,
):
    practitioner = PractitionerFactory(first_name="Mei", last_name="Chen")
    clinic = ClinicFactory(practitioner=practitioner, is_primary=True)
    url, data = change_form(admin_client, practitioner)
    data.update(
        {"clinics-0-zip_code": "98101", "clinics-0-city": "Seattle", "clinics-0-state": "WA"}
    )
    data["last_name"] = "Chen-Wu"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response.url == reverse("admin:practitioners_practitioner_changelist")
    clinic.refresh_from_db()
    assert (clinic.zip_code, clinic.state) == ("98101", "WA")
    assert clinic.latitude == pytest.approx(47.61, abs=0.1)
    practitioner = Practitioner.objects.get(pk=practitioner.pk)
    assert practitioner.search_name == "mei chen-wu"
    assert "seattle" in practitioner.search_text


def test_a_zip_code_outside_the_clinics_state_is_refused_in_the_admin(admin_client):
    practitioner = PractitionerFactory()
    clinic = ClinicFactory(practitioner=practitioner, is_primary=True)
    url, data = change_form(admin_client, practitioner)
    data.update({"clinics-0-zip_code": "98101", "clinics-0-state": "OR"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "98101 is in Seattle, Washington, not Oregon" in response.content.decode()
    clinic.refresh_from_db()
    assert clinic.zip_code == "97214"


def test_a_clinic_added_in_the_admin_gets_its_coordinates_from_the_zip(admin_client):
    practitioner = PractitionerFactory()
    url, data = change_form(admin_client, practitioner)
    data.update(
        {
            "clinics-TOTAL_FORMS": "1",
            "clinics-0-name": "Harbor Acupuncture",
            "clinics-0-address_line1": "1 Pine St",
            "clinics-0-city": "Seattle",
            "clinics-0-state": "WA",
            "clinics-0-zip_code": "98101",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    clinic = practitioner.clinics.get()
    assert clinic.is_primary and clinic.longitude == pytest.approx(-122.33, abs=0.1)
