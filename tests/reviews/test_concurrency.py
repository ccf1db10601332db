"""Concurrent moderation and submissions leave the stored rating exact (PostgreSQL threads).

SQLite serialises every write transaction anyway (one writer at a time), so
these run on PostgreSQL only, where row locks are what keep them apart.
"""

import threading
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection, connections

from reviews import services
from reviews.models import Review
from tests.factories import PatientFactory, PractitionerFactory, ReviewFactory, StaffFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite runs one write transaction at a time",
    ),
]

THREADS = 8


def run_together(jobs) -> list[BaseException]:
    """Run each job in its own thread, all released at once; return the errors raised."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def worker(job):
        try:
            barrier.wait(timeout=10)
            job()
        except BaseException as exc:  # reported to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return errors


def expected_average(ratings) -> Decimal:
    return (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_concurrent_publishes_leave_the_aggregates_exact():
    practitioner = PractitionerFactory()
    moderator = StaffFactory()
    ratings = [5, 4, 4, 3, 5, 2, 5, 1]
    reviews = [
        ReviewFactory(practitioner=practitioner, rating_overall=r, status=Review.Status.PENDING)
        for r in ratings
    ]
    errors = run_together(
        [
            (lambda review=review: services.publish_review(review=review, moderator=moderator))
            for review in reviews
        ]
    )
    assert errors == []
    practitioner.refresh_from_db()
    assert practitioner.review_count == THREADS
    assert practitioner.rating_average == expected_average(ratings)


def test_concurrent_publishes_rejections_and_edits_leave_the_aggregates_exact():
    practitioner = PractitionerFactory()
    moderator = StaffFactory()
    published = [
        ReviewFactory(practitioner=practitioner, rating_overall=r, author=PatientFactory())
        for r in (5, 1, 3, 4)
    ]
    services.recompute_rating_aggregates(practitioner_id=practitioner.pk)
    waiting = [
        ReviewFactory(practitioner=practitioner, rating_overall=r, status=Review.Status.PENDING)
        for r in (2, 2, 5, 4)
    ]
    edit_of = published[0]
    jobs = [
        *[
            (lambda review=review: services.publish_review(review=review, moderator=moderator))
            for review in waiting
        ],
        lambda: services.reject_review(review=published[1], moderator=moderator, reason="Spam."),
        lambda: services.reject_review(review=published[2], moderator=moderator, reason="Spam."),
        lambda: services.submit_review(
            author=edit_of.author,
            practitioner=practitioner,
            rating_overall=1,
            title="Changed my mind",
            body="Edited while moderators were working the queue.",
            display_name="Edited",
        ),
        lambda: services.publish_review(review=waiting[0], moderator=moderator),  # a duplicate
    ]
    errors = run_together(jobs)
    assert [str(e) for e in errors] == ["This review is already published."]
    practitioner.refresh_from_db()
    still_published = list(
        Review.objects.published()
        .filter(practitioner=practitioner)
        .values_list("rating_overall", flat=True)
    )
    assert sorted(still_published) == [2, 2, 4, 4, 5]
    assert practitioner.review_count == 5
    assert practitioner.rating_average == expected_average(still_published)


def test_concurrent_first_submissions_by_one_patient_make_one_review():
    practitioner = PractitionerFactory()
    patient = PatientFactory()

    def submit(n):
        return lambda: services.submit_review(
            author=patient,
            practitioner=practitioner,
            rating_overall=5,
            title=f"Tab {n}",
            body="Submitted from several tabs at the same moment.",
            display_name="Maria G.",
        )

    errors = run_together([submit(n) for n in range(4)])
    # The practitioner's row lock makes the others wait, then edit the first.
    assert errors == []
    assert Review.objects.filter(author=patient, practitioner=practitioner).count() == 1
