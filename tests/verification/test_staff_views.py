"""The staff verification pages: queue, decision page, proof document, decisions."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practitioners.models import Practitioner
from tests.factories import (
    LicenseFactory,
    PendingCredentialFactory,
    PractitionerFactory,
    StaffFactory,
    UserFactory,
)
from verification.models import (
    License,
    LicensingBoard,
    PrimarySource,
    VerificationEvent,
    VerificationStatus,
)
from verification.services import mark_needs_review

pytestmark = pytest.mark.django_db
S = VerificationStatus
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@pytest.fixture(autouse=True)
def _no_staff_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def verifier():
    return StaffFactory(email="verifier@example.org")


@pytest.fixture
def staff_client(client, verifier):
    client.force_login(verifier)
    return client


@pytest.fixture
def owner():
    return UserFactory(email="owner@example.org")


def pending_license(*, days_ago: int = 0, owner=None, **extra) -> License:
    practitioner = PractitionerFactory(owner=owner) if owner else PractitionerFactory()
    return LicenseFactory(
        practitioner=practitioner,
        pending=True,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        **extra,
    )


def record_url(record, name: str = "record") -> str:
    kind = "license" if isinstance(record, License) else "credential"
    return reverse(f"verification_staff:{name}", args=[kind, record.pk])


# The queue


def test_queue_lists_licenses_and_credentials_together_oldest_first(staff_client):
    newest = pending_license(days_ago=1)
    credential = PendingCredentialFactory(submitted_at=timezone.now() - datetime.timedelta(days=5))
    oldest = pending_license(days_ago=40)
    flagged = LicenseFactory(verified=True)
    mark_needs_review(flagged, note="Re-check date reached.")
    LicenseFactory(verified=True)  # decided: not in the queue

    response = staff_client.get(reverse("verification_staff:queue"))

    assert response.status_code == 200
    kinds_and_ids = [(e.kind, e.record.pk) for e in response.context["entries"]]
    assert kinds_and_ids == [
        ("license", oldest.pk),
        ("credential", credential.pk),
        ("license", newest.pk),
        ("license", flagged.pk),  # joined the queue just now, with its needs-review event
    ]
    counts = response.context["counts"]
    assert (counts.pending_licenses, counts.pending_credentials) == (2, 1)
    assert (counts.review_licenses, counts.review_credentials) == (1, 0)
    assert counts.older_than_week == 1
    assert b"4 records awaiting a decision" in response.content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=needs_review", {"flagged"}),
        ("status=pending", {"old_or", "new_ca", "credential"}),
        ("kind=license", {"old_or", "new_ca", "flagged"}),
        ("kind=credential", {"credential"}),
        ("kind=dipl-om", set()),
        ("kind=dipl-ac", {"credential"}),
        ("state=CA", {"new_ca"}),
        ("age=30", {"old_or"}),
        ("age=7&kind=license", {"old_or"}),
        ("state=ZZ", {"old_or", "new_ca", "flagged", "credential"}),  # bad value: ignored
    ],
)
def test_queue_filters_by_status_kind_state_and_age(staff_client, query, expected):
    records = {
        "old_or": pending_license(days_ago=45),
        "new_ca": pending_license(days_ago=2, state="CA"),
        "credential": PendingCredentialFactory(
            submitted_at=timezone.now() - datetime.timedelta(days=10)
        ),
    }
    flagged = LicenseFactory(verified=True)
    mark_needs_review(flagged, note="Re-check date reached.")
    records["flagged"] = flagged
    names = {(type(r).__name__.lower(), r.pk): name for name, r in records.items()}

    response = staff_client.get(reverse("verification_staff:queue") + "?" + query)

    assert response.status_code == 200
    shown = {names[(e.kind, e.record.pk)] for e in response.context["entries"]}
    assert shown == expected


def test_a_bad_filter_value_is_shown_next_to_its_field(staff_client):
    response = staff_client.get(reverse("verification_staff:queue") + "?age=5")
    assert response.status_code == 200
    assert b'id="id_age_error"' in response.content
    assert b'aria-invalid="true"' in response.content


def test_queue_paginates_and_keeps_the_filters(staff_client):
    for days in range(30):
        pending_license(days_ago=days)
    response = staff_client.get(reverse("verification_staff:queue") + "?kind=license")
    assert len(response.context["entries"]) == 25
    assert b"?kind=license&amp;page=2" in response.content
    page_two = staff_client.get(reverse("verification_staff:queue") + "?kind=license&page=2")
    assert len(page_two.context["entries"]) == 5


def test_queue_query_count_does_not_grow_with_the_queue(staff_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(reverse("verification_staff:queue")).status_code == 200
        return len(ctx.captured_queries)

    pending_license(days_ago=3)
    PendingCredentialFactory()
    small = queries()
    for days in range(20):
        pending_license(days_ago=days)
        PendingCredentialFactory()
    assert queries() == small
    assert small <= 10


def test_median_time_to_decision_over_the_last_90_days(staff_client, verifier):
    from verification import services as verification

    now = timezone.now()
    for hours in (2, 10, 30):
        license = pending_license()
        VerificationEvent.objects.create(
            practitioner=license.practitioner,
            license=license,
            from_status=S.UNVERIFIED,
            to_status=S.PENDING,
            created_at=now - datetime.timedelta(hours=hours),
        )
        verification.verify(
            license,
            actor=verifier,
            primary_source=PrimarySource.ISSUER_LETTER,
            reference="Board letter 2026-114",
        )
    # A decision older than the window does not count.
    old = pending_license()
    VerificationEvent.objects.create(
        practitioner=old.practitioner,
        license=old,
        from_status=S.PENDING,
        to_status=S.REJECTED,
        actor=verifier,
        note="Old.",
        created_at=now - datetime.timedelta(days=120),
    )

    response = staff_client.get(reverse("verification_staff:queue"))

    decision_time = response.context["decision_time"]
    assert decision_time.decisions == 3
    assert abs(decision_time.median - datetime.timedelta(hours=10)) < datetime.timedelta(minutes=1)
    assert b"10 hours" in response.content


# The decision page


def test_decision_page_shows_facts_proof_board_lookup_and_history(staff_client, owner):
    LicensingBoard.objects.update_or_create(
        state="OR", defaults={"lookup_url": "https://example.org/or-lookup"}
    )
    license = pending_license(owner=owner, number="AC123456")
    other = LicenseFactory(practitioner=license.practitioner, state="WA", verified=True)
    mark_needs_review(other, note="Re-check date reached.")

    response = staff_client.get(record_url(license))

    assert response.status_code == 200
    html = response.content.decode()
    assert "AC123456" in html
    assert f'<iframe class="proof-viewer" src="{record_url(license, "document")}"' in html
    assert f'href="{record_url(license, "document")}?download=1"' in html
    assert 'href="https://example.org/or-lookup"' in html
    assert "Re-check date reached." in html  # the practitioner's other record's event
    assert "emails go to the profile’s owner, owner@example.org" in html
    form = response.context["verify_form"]
    assert form["version"].value() == license.version
    assert form["recheck_on"].value() == license.expires_on  # expiry within a year
    lookup = re.search(r'<div id="board-lookup">.*?</div>', html, re.S).group()
    assert 'href="https://example.org/or-lookup"' in lookup
    assert 'target="_blank"' in lookup and "noopener" in lookup
    csp = response["Content-Security-Policy"]
    assert "frame-src 'self'" in csp and "object-src 'self'" in csp


def test_only_the_decision_page_may_frame_documents(staff_client):
    csp = staff_client.get(reverse("verification_staff:queue"))["Content-Security-Policy"]
    assert "frame-src" not in csp and "object-src 'none'" in csp


@pytest.mark.parametrize(
    ("lookup_url", "licenses", "message"),
    [
        ("", True, "It cannot be verified against a board lookup"),
        ("https://example.org/x", False, "does not license acupuncturists"),
    ],
)
def test_decision_page_says_when_the_board_cannot_be_looked_up(
    staff_client, lookup_url, licenses, message
):
    LicensingBoard.objects.update_or_create(
        state="AL", defaults={"lookup_url": lookup_url, "licenses_acupuncturists": licenses}
    )
    license = pending_license(state="AL")
    response = staff_client.get(record_url(license))
    html = response.content.decode()
    assert message in html
    assert "No online lookup on record for Alabama" in html
    sources = re.search(r'<div id="possible-sources">.*?</div>', html, re.S).group()
    assert "Letter or certificate confirmed with the issuer" in sources
    assert "roster import" in sources and "license lookup" not in sources
    form = response.context["verify_form"]
    assert [v for v, _ in form.fields["primary_source"].widget.choices] == [
        "",
        PrimarySource.ISSUER_LETTER,
    ]


def test_the_verify_form_preselects_no_source_and_offers_the_credentials_own(staff_client):
    credential = PendingCredentialFactory()
    response = staff_client.get(record_url(credential))
    assert response.status_code == 200
    field = response.context["verify_form"]["primary_source"]
    assert field.value() is None
    assert [label for _, label in field.field.widget.choices] == [
        "Choose the source you checked",
        "NCCAOM certification registry",
        "Letter or certificate confirmed with the issuer",
    ]
    html = response.content.decode()
    assert '<option value="" selected>Choose the source you checked</option>' in html


def test_an_image_proof_is_shown_as_an_image(staff_client):
    license = pending_license()
    license.proof_document.save("scan", file_content(PNG), save=False)
    License.objects.filter(pk=license.pk).update(
        proof_document=license.proof_document.name, proof_content_type=""
    )
    response = staff_client.get(record_url(license))
    assert f'<img class="proof-image" src="{record_url(license, "document")}"' in (
        response.content.decode()
    )


def file_content(data: bytes):
    from django.core.files.base import ContentFile

    return ContentFile(data, name="scan")


# Decisions


def verify_data(record, **extra):
    data = {
        "verify-version": record.version,
        "verify-primary_source": PrimarySource.ISSUER_LETTER,
        "verify-reference": "Oregon board letter AC1",
        "verify-recheck_on": (timezone.localdate() + datetime.timedelta(days=200)).isoformat(),
        "verify-note": "",
    }
    data.update(extra)
    return data


def test_verifying_records_an_event_emails_the_owner_and_returns_to_the_queue(
    staff_client, verifier, owner, django_capture_on_commit_callbacks
):
    license = pending_license(owner=owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(record_url(license, "verify"), verify_data(license))

    assert response.status_code == 302
    assert response["Location"] == reverse("verification_staff:queue")
    license.refresh_from_db()
    assert license.verification_status == S.VERIFIED
    assert license.verified_by == verifier
    assert license.primary_source_reference == "Oregon board letter AC1"
    assert license.next_recheck_on == timezone.localdate() + datetime.timedelta(days=200)
    [event] = VerificationEvent.objects.for_record(license).filter(to_status=S.VERIFIED)
    assert (event.actor, event.from_status) == (verifier, S.PENDING)
    assert (event.primary_source, event.primary_source_reference) == (
        PrimarySource.ISSUER_LETTER,
        "Oregon board letter AC1",
    )
    [email] = mail.outbox
    assert email.to == ["owner@example.org"]
    assert "is verified" in email.subject
    assert license.practitioner in Practitioner.objects.verified()
    follow = staff_client.get(response["Location"])
    assert "Verified" in follow.content.decode()


def assert_refused_next_to(response, field: str, message: str) -> str:
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(rf'id="id_verify-{field}_error"[^>]*>(.*?)</', html, re.S)
    assert error and message in error.group(1)
    return html


def test_verifying_without_a_reference_is_refused_next_to_the_field_keeping_the_rest(
    staff_client,
):
    license = pending_license()
    data = verify_data(license, **{"verify-reference": "  ", "verify-note": "Phoned the board."})
    response = staff_client.post(record_url(license, "verify"), data)
    html = assert_refused_next_to(response, "reference", "Give the reference")
    assert "Phoned the board." in html
    assert f'<option value="{PrimarySource.ISSUER_LETTER}" selected>' in html
    license.refresh_from_db()
    assert license.verification_status == S.PENDING
    assert not VerificationEvent.objects.for_record(license).exists()


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (PrimarySource.STATE_BOARD_LOOKUP, "its board has no online lookup on record"),
        (PrimarySource.BOARD_ROSTER, "recorded only by the roster import"),
        ("", "Choose the source you checked"),
    ],
)
def test_a_source_the_license_does_not_allow_is_refused_next_to_the_field(
    staff_client, source, message
):
    license = pending_license()  # Oregon's board has no lookup URL on record here
    data = verify_data(license, **{"verify-primary_source": source})
    response = staff_client.post(record_url(license, "verify"), data)
    html = assert_refused_next_to(response, "primary_source", message)
    assert 'value="Oregon board letter AC1"' in html  # the reference typed is kept
    license.refresh_from_db()
    assert license.verification_status == S.PENDING


def test_the_services_refusal_is_reported_next_to_the_field_too(staff_client, monkeypatch):
    from django import forms

    from verification import staff_forms

    license = pending_license()
    # As if the board lost its lookup URL between the form's check and the service's.
    monkeypatch.setattr(staff_forms.VerifyForm, "clean", forms.Form.clean)
    data = verify_data(license, **{"verify-primary_source": PrimarySource.STATE_BOARD_LOOKUP})
    response = staff_client.post(record_url(license, "verify"), data)
    assert_refused_next_to(response, "primary_source", "no online lookup")
    license.refresh_from_db()
    assert license.verification_status == S.PENDING


def test_rejecting_needs_a_reason_shown_next_to_the_field(staff_client):
    license = pending_license()
    response = staff_client.post(
        record_url(license, "reject"), {"reject-version": license.version, "reject-reason": " "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_reject-reason_error"' in html
    assert 'aria-invalid="true"' in html
    assert "Give a reason" in html
    license.refresh_from_db()
    assert license.verification_status == S.PENDING
    assert not VerificationEvent.objects.for_record(license).exists()


def test_rejecting_records_the_reason_and_emails_it(
    staff_client, owner, django_capture_on_commit_callbacks
):
    license = pending_license(owner=owner)
    reason = "The board lists this number under another name."
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            record_url(license, "reject"),
            {"reject-version": license.version, "reject-reason": reason},
        )
    assert response.status_code == 302
    license.refresh_from_db()
    assert (license.verification_status, license.rejection_reason) == (S.REJECTED, reason)
    assert VerificationEvent.objects.for_record(license).get(to_status=S.REJECTED).note == reason
    [email] = mail.outbox
    assert reason in email.body and "could not verify" in email.subject


def test_requesting_changes_sends_the_record_back_with_the_note(
    staff_client, owner, django_capture_on_commit_callbacks
):
    credential = PendingCredentialFactory(practitioner=PractitionerFactory(owner=owner))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            record_url(credential, "request_changes"),
            {"changes-version": credential.version, "changes-note": "Upload both pages."},
        )
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.verification_status == S.UNVERIFIED
    event = VerificationEvent.objects.for_record(credential).get()
    assert (event.to_status, event.note) == (S.UNVERIFIED, "Upload both pages.")
    [email] = mail.outbox
    assert "Upload both pages." in email.body


def test_a_decision_on_a_stale_copy_is_refused_and_nothing_typed_is_lost(staff_client, verifier):
    license = pending_license()
    seen_version = license.version
    # Someone else sends it back for changes and the practitioner resubmits.
    from verification import services as verification

    verification.request_changes(license, actor=verifier, note="Wrong file.")
    verification.submit_for_verification(license, actor=None)

    response = staff_client.post(
        record_url(license, "reject"),
        {"reject-version": seen_version, "reject-reason": "Number not on the board's site."},
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "changed by someone else" in html
    assert "Number not on the board&#x27;s site." in html  # still in the textarea
    assert response.context["reject_form"]["version"].value() == str(license.version + 0)
    license.refresh_from_db()
    assert license.verification_status == S.PENDING
    assert not VerificationEvent.objects.for_record(license).filter(to_status=S.REJECTED).exists()


def test_deciding_a_record_that_is_no_longer_awaiting_says_why(staff_client, verifier):
    license = LicenseFactory(verified=True)
    response = staff_client.post(record_url(license, "verify"), verify_data(license))
    assert response.status_code == 409
    assert "cannot become verified" in response.content.decode()


def test_a_recheck_date_in_the_past_is_a_field_error(staff_client):
    license = pending_license()
    data = verify_data(license, **{"verify-recheck_on": "2001-01-01"})
    response = staff_client.post(record_url(license, "verify"), data)
    assert response.status_code == 400
    assert "cannot be in the past" in response.content.decode()


def test_decisions_on_unclaimed_profiles_email_nobody(
    staff_client, django_capture_on_commit_callbacks
):
    license = pending_license()  # the factory's profile has a public email but no owner
    assert license.practitioner.owner is None and license.practitioner.email
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(record_url(license, "verify"), verify_data(license))
    license.refresh_from_db()
    assert license.verification_status == S.VERIFIED
    assert mail.outbox == []


# The proof document


def test_the_document_is_served_inline_with_locked_down_headers(staff_client):
    license = pending_license()
    response = staff_client.get(record_url(license, "document"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    csp = response["Content-Security-Policy"]
    assert csp.startswith("sandbox;") and "default-src 'none'" in csp
    assert "frame-ancestors 'self'" in csp
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_download_link_is_an_attachment(staff_client):
    license = pending_license()
    response = staff_client.get(record_url(license, "document") + "?download=1")
    assert response["Content-Disposition"].startswith("attachment")
    assert f'filename="license-{license.pk}-proof.pdf"' in response["Content-Disposition"]


def test_a_document_without_a_stored_type_is_typed_by_its_bytes(staff_client):
    license = pending_license()
    name = license.proof_document.storage.save("proofs/scan", file_content(PNG))
    License.objects.filter(pk=license.pk).update(proof_document=name, proof_content_type="")
    response = staff_client.get(record_url(license, "document"))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")


def test_an_unknown_file_is_never_shown_inline(staff_client):
    license = pending_license()
    name = license.proof_document.storage.save(
        "proofs/page", file_content(b"<html><script>alert(1)</script>")
    )
    License.objects.filter(pk=license.pk).update(
        proof_document=name, proof_content_type="text/html"
    )
    response = staff_client.get(record_url(license, "document"))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    page = staff_client.get(record_url(license))
    assert b"not a PDF or an image we can show safely" in page.content
    assert b"<iframe" not in page.content


def test_a_record_without_a_document_or_a_missing_file_is_a_404(staff_client):
    without = LicenseFactory()
    assert staff_client.get(record_url(without, "document")).status_code == 404
    missing = pending_license()
    missing.proof_document.storage.delete(missing.proof_document.name)
    assert staff_client.get(record_url(missing, "document")).status_code == 404


def test_decision_page_query_count_does_not_grow_with_the_history(staff_client, verifier):
    from verification import services as verification

    license = pending_license()

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(record_url(license)).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for _ in range(5):
        verification.request_changes(license, actor=verifier, note="Again.")
        verification.submit_for_verification(license, actor=None)
        other = LicenseFactory(practitioner=license.practitioner, pending=True)
        verification.reject(other, actor=verifier, reason="No.")
    assert queries() == few
    assert few <= 12
