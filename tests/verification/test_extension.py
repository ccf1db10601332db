"""`verification.extension`: the licensure trail a patient can check, and the result cards."""

import datetime
import re

import pytest
from django.utils import timezone

from practitioners.profile import Evidence, build_profile, profile_queryset
from tests.factories import ClinicFactory, LicenseFactory, PractitionerFactory
from verification.models import LicensingBoard

pytestmark = pytest.mark.django_db
OREGON_LOOKUP = "https://omb.oregon.gov/clients/ormb/public/verificationrequest.aspx"


@pytest.fixture
def boards():
    LicensingBoard.objects.update_or_create(
        state="OR", defaults={"name": "Oregon Medical Board", "lookup_url": OREGON_LOOKUP}
    )
    LicensingBoard.objects.update_or_create(
        state="WI", defaults={"name": "Wisconsin Acupuncture Board", "lookup_url": ""}
    )


def licensure_of(practitioner):
    profile = build_profile(profile_queryset().get(pk=practitioner.pk))
    return profile, next(item for item in profile.checklist if item.key == "licensure")


def test_a_verified_license_shows_state_number_status_source_and_expiry(boards):
    p = PractitionerFactory()
    lic = LicenseFactory(practitioner=p, state="OR", number="AC001234", verified=True)
    _, licensure = licensure_of(p)

    (line,) = licensure.evidence
    assert line.kind == Evidence.VERIFIED and licensure.status_label == "Verified"
    assert line.text.startswith("Oregon license #AC001234, ")
    assert "active" in line.text
    assert "against State board license lookup" in line.text
    assert re.search(r"; verified \w{3} \d{1,2}, \d{4} against", line.text)
    assert f"expires {lic.expires_on:%b} {lic.expires_on.day}, {lic.expires_on.year}" in line.text


def test_the_board_lookup_link_appears_only_where_the_board_has_one(boards):
    p = PractitionerFactory()
    LicenseFactory(practitioner=p, state="OR", verified=True)
    LicenseFactory(practitioner=p, state="WI", verified=True)
    _, licensure = licensure_of(p)

    links = {line.text.split(" license")[0]: line.link_url for line in licensure.evidence}
    assert links == {"Oregon": OREGON_LOOKUP, "Wisconsin": ""}
    oregon = next(line for line in licensure.evidence if line.link_url)
    assert oregon.link_text == "Check it yourself at the Oregon board"


def test_the_profile_page_links_the_board_in_a_new_tab(client, boards):
    p = PractitionerFactory(slug="trail")
    LicenseFactory(practitioner=p, state="OR", verified=True)
    html = client.get(p.get_absolute_url()).text

    assert (
        f'<a class="no-print" href="{OREGON_LOOKUP}" target="_blank" '
        'rel="noopener noreferrer">Check it yourself at the Oregon board'
    ) in html


def test_without_a_board_lookup_there_is_no_link(client, boards):
    p = PractitionerFactory(slug="no-lookup")
    LicenseFactory(practitioner=p, state="WI", verified=True)
    assert "Check it yourself" not in client.get(p.get_absolute_url()).text


def test_an_unchecked_license_is_stated_not_verified(boards):
    p = PractitionerFactory()
    LicenseFactory(practitioner=p, state="OR", pending=True)
    profile, licensure = licensure_of(p)

    (line,) = licensure.evidence
    assert line.kind == Evidence.STATED
    assert "not verified (verification: pending review)" in line.text
    assert licensure.status_label == "Not yet verified"
    assert profile.license_last_verified is None


def test_profile_update_and_license_check_are_two_different_dates(client):
    p = PractitionerFactory(slug="two-dates")
    checked = timezone.now() - datetime.timedelta(days=40)
    LicenseFactory(practitioner=p, verified=True, verified_at=checked)
    LicenseFactory(practitioner=p, state="WA", verified=True, verified_at=checked)
    profile = client.get(p.get_absolute_url()).context["profile"]
    html = client.get(p.get_absolute_url()).text

    assert profile.license_last_verified == checked
    updated = timezone.localtime(p.updated_at)
    assert f"<dt>Profile updated</dt><dd>{updated:%b} {updated.day}, {updated.year}</dd>" in html
    local = timezone.localtime(checked)
    assert f"<dt>License last verified</dt><dd>{local:%b} {local.day}, {local.year}</dd>" in html


def test_a_profile_without_a_verified_license_says_so_in_its_dates(client):
    p = PractitionerFactory(slug="never-checked")
    html = client.get(p.get_absolute_url()).text
    assert "<dt>License last verified</dt><dd>No license verified yet</dd>" in html


def test_cards_say_when_the_license_was_checked_not_a_date_that_reads_as_expiry(client):
    p = PractitionerFactory(first_name="Card", last_name="Checked")
    ClinicFactory(practitioner=p)
    checked = timezone.localtime() - datetime.timedelta(days=50)
    LicenseFactory(practitioner=p, verified=True, verified_at=checked)
    html = client.get("/practitioners/", {"near": "97214"}).text

    assert f"✓ Verified license · checked {checked:%b %Y}" in html
    assert "License verified" not in html
