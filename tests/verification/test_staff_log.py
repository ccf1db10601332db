"""The staff-wide verification log: filters, CSV export, and no way to change an event."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    LicenseFactory,
    PendingCredentialFactory,
    PractitionerFactory,
    StaffFactory,
)
from verification import services as verification
from verification.models import PrimarySource, VerificationEvent, VerificationStatus

pytestmark = pytest.mark.django_db
S = VerificationStatus


@pytest.fixture(autouse=True)
def _no_staff_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def alice():
    return StaffFactory(email="alice@example.org")


@pytest.fixture
def bob():
    return StaffFactory(email="bob@example.org")


@pytest.fixture
def history(alice, bob):
    """Four events: Alice verifies Chen, Bob rejects Ortiz, the sweep expires one, an old one."""
    chen = PractitionerFactory(first_name="Mei", last_name="Chen", slug="mei-chen")
    ortiz = PractitionerFactory(first_name="Luis", last_name="Ortiz", slug="luis-ortiz")
    verification.verify(
        LicenseFactory(practitioner=chen, pending=True),
        actor=alice,
        primary_source=PrimarySource.ISSUER_LETTER,
        reference="Board letter 2026-114",
    )
    verification.reject(
        PendingCredentialFactory(practitioner=ortiz), actor=bob, reason='=HYPERLINK("x")'
    )
    lapsed = LicenseFactory(practitioner=ortiz, verified=True)
    VerificationEvent.objects.create(
        practitioner=ortiz, license=lapsed, from_status=S.VERIFIED, to_status=S.EXPIRED,
        note="Expiry date passed.",
    )  # fmt: skip
    VerificationEvent.objects.create(
        practitioner=chen,
        license=lapsed,
        from_status=S.UNVERIFIED,
        to_status=S.PENDING,
        actor=None,
        created_at=timezone.now() - datetime.timedelta(days=40),
    )


@pytest.fixture
def staff_client(client, alice):
    client.force_login(alice)
    return client


def shown(response) -> list[str]:
    return [e.to_status for e in response.context["events"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [S.EXPIRED, S.REJECTED, S.VERIFIED, S.PENDING]),
        ("status=rejected", [S.REJECTED]),
        ("practitioner=chen", [S.VERIFIED, S.PENDING]),
        ("practitioner=luis+ortiz", [S.EXPIRED, S.REJECTED]),
        ("actor=auto", [S.EXPIRED, S.PENDING]),
        ("kind=credential", [S.REJECTED]),
        ("date_to={old}", [S.PENDING]),
        ("date_from={today}", [S.EXPIRED, S.REJECTED, S.VERIFIED]),
        # An inverted range drops only the bad end (shown as a field error).
        ("date_from={today}&date_to={old}", [S.EXPIRED, S.REJECTED, S.VERIFIED]),
    ],
)
def test_the_log_filters(staff_client, history, query, expected):
    today = timezone.localdate()
    query = query.format(today=today, old=today - datetime.timedelta(days=30))
    response = staff_client.get(reverse("verification_staff:log") + "?" + query)
    assert response.status_code == 200
    assert shown(response) == expected


def test_the_log_filters_by_actor(staff_client, history, bob):
    response = staff_client.get(reverse("verification_staff:log") + f"?actor={bob.pk}")
    assert shown(response) == [S.REJECTED]
    assert "bob@example.org" in response.content.decode()


def test_an_inverted_date_range_is_a_field_error(staff_client, history):
    response = staff_client.get(
        reverse("verification_staff:log") + "?date_from=2030-01-02&date_to=2030-01-01"
    )
    assert "The end date is before the start date." in response.content.decode()


def test_the_csv_export_streams_the_filtered_log_with_formulas_neutralised(staff_client, history):
    response = staff_client.get(reverse("verification_staff:log_csv") + "?practitioner=ortiz")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="verification-log-')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["to_status"] for r in rows] == [S.EXPIRED, S.REJECTED]
    assert rows[1]["note"] == '\'=HYPERLINK("x")'
    assert rows[1]["actor"] == "bob@example.org"
    assert rows[0]["actor"] == "automatic"
    assert rows[1]["record_kind"] == "credential"


def test_the_log_and_its_csv_show_each_verifications_source_and_reference(staff_client, history):
    html = staff_client.get(reverse("verification_staff:log") + "?practitioner=chen").content
    assert "Letter or certificate confirmed with the issuer" in html.decode()
    assert "Board letter 2026-114" in html.decode()
    response = staff_client.get(reverse("verification_staff:log_csv") + "?status=verified")
    [row] = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert (row["primary_source"], row["primary_source_reference"]) == (
        PrimarySource.ISSUER_LETTER,
        "Board letter 2026-114",
    )


def test_the_log_page_links_the_csv_with_the_same_filters(staff_client, history):
    response = staff_client.get(reverse("verification_staff:log") + "?status=rejected")
    assert 'href="/staff/verification/log.csv?status=rejected"' in response.content.decode()


def test_the_log_offers_no_way_to_change_or_delete_an_event(staff_client, history):
    for url in (
        reverse("verification_staff:log"),
        reverse(
            "verification_staff:record",
            args=[
                "license",
                VerificationEvent.objects.filter(license__isnull=False).first().license_id,
            ],
        ),
    ):
        main = staff_client.get(url).content.decode().split("<main", 1)[1]
        forms = re.findall(r'<form[^>]*action="([^"]*)"', main)
        assert all(not ("event" in action or "log" in action) for action in forms), forms
        assert "/delete" not in main and "/change" not in main


def test_the_log_paginates(staff_client, alice):
    practitioner = PractitionerFactory()
    for _ in range(55):
        license = LicenseFactory(practitioner=practitioner, pending=True)
        verification.reject(license, actor=alice, reason="No.")
    response = staff_client.get(reverse("verification_staff:log"))
    assert len(response.context["events"]) == 50
    assert "Page 1 of 2" in response.content.decode()


@pytest.mark.parametrize("url_name", ["verification_staff:log", "verification_staff:log_csv"])
@pytest.mark.parametrize("query", ["date_to=9999-12-31", "date_from=0001-01-01"])
def test_a_date_outside_the_range_is_refused_and_the_rest_of_the_log_shown(
    staff_client, history, url_name, query
):
    response = staff_client.get(reverse(url_name) + "?" + query)
    assert response.status_code == 200
    if url_name == "verification_staff:log":
        assert shown(response) == [S.EXPIRED, S.REJECTED, S.VERIFIED, S.PENDING]
        assert "Choose a date between 2000-01-01 and 2100-12-31." in response.content.decode()
    else:
        assert len(b"".join(response.streaming_content).splitlines()) == 5


def test_the_log_reads_the_last_representable_date_without_overflowing(history):
    from verification.queue import LogFilters, log_events

    assert log_events(LogFilters(date_to=datetime.date.max)).count() == 4
