"""Two verifiers deciding the same record at once: one wins, the other is told (PostgreSQL)."""

import threading
import time

import pytest
from django.db import connection, connections

from tests.factories import LicenseFactory, StaffFactory
from verification import services as verification
from verification.models import License, PrimarySource, VerificationEvent, VerificationStatus

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has no row locks (SELECT ... FOR UPDATE) and one writer at a time; "
        "run with DATABASE_URL=postgres://... to test concurrent decisions",
    ),
]
S = VerificationStatus
HOLD_SECONDS = 0.5


def race(monkeypatch, pk: int, decisions) -> list[tuple[str, float]]:
    """Run each decision in its own thread and connection; the first to lock holds the row."""
    real_lock = verification._lock
    first = threading.Lock()

    def slow_lock(record):
        locked = real_lock(record)
        if first.acquire(blocking=False):  # the winner keeps the row locked a moment
            time.sleep(HOLD_SECONDS)
        return locked

    monkeypatch.setattr(verification, "_lock", slow_lock)
    start = threading.Barrier(len(decisions))
    outcomes: list[tuple[str, float]] = []

    def run(decide):
        try:
            record = License.objects.get(pk=pk)  # each thread's own stale copy
            start.wait()
            began = time.monotonic()
            try:
                decide(record)
                outcomes.append(("won", time.monotonic() - began))
            except verification.VerificationError as exc:
                outcomes.append((type(exc).__name__, time.monotonic() - began))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(d,)) for d in decisions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.fixture
def license():
    return LicenseFactory(pending=True)


@pytest.fixture
def verifiers():
    return StaffFactory(email="ann@example.org"), StaffFactory(email="ben@example.org")


def test_without_a_version_the_row_lock_serialises_and_the_second_is_illegal(
    monkeypatch, license, verifiers
):
    ann, ben = verifiers
    outcomes = race(
        monkeypatch,
        license.pk,
        [
            lambda r: verification.verify(
                r,
                actor=ann,
                primary_source=PrimarySource.ISSUER_LETTER,
                reference="Board letter 2026-114",
            ),
            lambda r: verification.reject(r, actor=ben, reason="Not on the board's site."),
        ],
    )
    assert [name for name, _ in outcomes] == ["IllegalTransition", "won"]
    loser_waited = outcomes[0][1]
    assert loser_waited >= HOLD_SECONDS * 0.8  # it queued behind the winner's row lock
    events = VerificationEvent.objects.filter(license_id=license.pk)
    assert events.count() == 1
    license.refresh_from_db()
    assert license.verification_status == events.get().to_status
    assert license.version == 1


def test_with_the_same_version_the_second_decision_is_stale(monkeypatch, license, verifiers):
    ann, ben = verifiers
    seen = license.version
    outcomes = race(
        monkeypatch,
        license.pk,
        [
            lambda r: verification.reject(r, actor=ann, reason="Blurry.", expected_version=seen),
            lambda r: verification.reject(r, actor=ben, reason="Wrong.", expected_version=seen),
        ],
    )
    assert [name for name, _ in outcomes] == ["StaleRecord", "won"]
    [event] = VerificationEvent.objects.filter(license_id=license.pk)
    license.refresh_from_db()
    assert license.rejection_reason == event.note
    assert license.version == seen + 1
