"""The completeness meter and the plain-words status of each license and credential."""

import datetime

import pytest
from django.utils import timezone

from practitioners import extensions
from practitioners.dashboard_selectors import (
    in_default_search,
    profile_completeness,
    publication_message,
)
from practitioners.models import Practitioner
from tests.factories import (
    ClinicFactory,
    CredentialFactory,
    LicenseFactory,
    PractitionerFactory,
)
from verification.guidance import record_guidance
from verification.models import VerificationStatus

pytestmark = pytest.mark.django_db
S = VerificationStatus


def completeness_of(practitioner):
    context = {}
    for extension in extensions.registered():
        context.update(extension.dashboard_context(practitioner))
    return profile_completeness(
        practitioner,
        clinics=list(practitioner.clinics.all()),
        condition_count=practitioner.conditions.count(),
        context=context,
    )


def point(completeness, key):
    return next(p for p in completeness.points if p.key == key)


def missing_labels(completeness, key) -> list[str]:
    return [step.label for step in point(completeness, key).missing]


def test_an_empty_profile_lists_what_is_missing_for_every_checklist_point():
    practitioner = PractitionerFactory(
        bio="", email="", years_in_practice=None, years_treating_chronic_pain=None
    )
    completeness = completeness_of(practitioner)
    assert [p.key for p in completeness.points] == [
        "basics", "credentials", "licensure", "experience", "reviews",
    ]  # fmt: skip
    assert missing_labels(completeness, "licensure") == [
        "Add your state license with its proof document",
        "Get a license verified (add it first)",
    ]
    assert missing_labels(completeness, "experience") == [
        "Years in practice",
        "Years treating chronic pain",
        "The chronic-pain conditions you treat",
    ]
    assert "A clinic with its address" in missing_labels(completeness, "basics")
    assert completeness.percent == 0


def test_a_fully_checked_profile_is_complete_except_for_reviews_it_cannot_write():
    practitioner = PractitionerFactory(
        conditions=["migraine"], accepts_physician_referrals=True, photo="photos/x.jpg",
        review_count=3, rating_average=4.5,
    )  # fmt: skip
    ClinicFactory(practitioner=practitioner)
    LicenseFactory(practitioner=practitioner, verified=True)
    CredentialFactory(practitioner=practitioner, verified=True)
    completeness = completeness_of(practitioner)
    assert all(p.is_complete for p in completeness.points), [
        (p.key, [s.label for s in p.missing]) for p in completeness.points
    ]
    assert completeness.percent == 100


def test_a_verified_lac_license_counts_for_the_credentials_point():
    practitioner = PractitionerFactory()
    LicenseFactory(practitioner=practitioner, verified=True, title="lac")
    assert point(completeness_of(practitioner), "credentials").is_complete


def test_the_verification_step_says_what_stands_in_the_way():
    practitioner = PractitionerFactory()
    record = LicenseFactory(practitioner=practitioner, state="OR", number="AC1")
    assert missing_labels(completeness_of(practitioner), "licensure") == [
        "Attach proof to L.Ac. OR #AC1 and submit it"
    ]
    record.proof_document = "proofs/x"
    record.save()
    assert missing_labels(completeness_of(practitioner), "licensure") == [
        "Submit L.Ac. OR #AC1 for verification"
    ]
    record.verification_status = S.PENDING
    record.save()
    assert missing_labels(completeness_of(practitioner), "licensure") == [
        "Waiting for a verifier to check L.Ac. OR #AC1"
    ]


def test_a_verified_license_about_to_expire_adds_a_renewal_step():
    practitioner = PractitionerFactory()
    soon = timezone.localdate() + datetime.timedelta(days=10)
    LicenseFactory(practitioner=practitioner, verified=True, number="AC9", expires_on=soon)
    labels = missing_labels(completeness_of(practitioner), "licensure")
    assert len(labels) == 1 and labels[0].startswith("Renew L.Ac. OR #AC9")


@pytest.mark.parametrize(
    ("fields", "label", "can_submit", "can_edit", "words"),
    [
        ({}, "Not submitted", False, True, "Upload a proof document"),
        ({"with_proof": True}, "Not submitted", True, True, "Submit it for verification"),
        ({"pending": True}, "Pending review", False, False, "nothing for you to do"),
        ({"verified": True}, "Verified", False, True, "Nothing to do now"),
        (
            {"with_proof": True, "verification_status": S.REJECTED, "rejection_reason": "Blurry"},
            "Rejected",
            True,
            True,
            "submit it again",
        ),
        (
            {"with_proof": True, "verification_status": S.NEEDS_REVIEW},
            "Needs review",
            False,
            True,
            "doesn't count as verified",
        ),
    ],
)
def test_each_status_says_what_to_do_next(fields, label, can_submit, can_edit, words):
    guidance = record_guidance(LicenseFactory(**fields))
    assert (guidance.label, guidance.can_submit, guidance.can_edit) == (label, can_submit, can_edit)
    assert words in guidance.next_step


def test_a_verified_record_past_its_expiry_shows_as_expired():
    past = timezone.localdate() - datetime.timedelta(days=1)
    record = LicenseFactory(
        verified=True, issued_on=past - datetime.timedelta(days=900), expires_on=past
    )
    guidance = record_guidance(record)
    assert guidance.label == "Expired" and guidance.tone == "bad"
    assert guidance.expiry_note.startswith("Expired ")


def test_a_published_profile_is_no_longer_told_it_can_be_reviewed_once_published():
    published = PractitionerFactory(review_count=0)
    labels = missing_labels(completeness_of(published), "reviews")
    assert labels[-1] == "No published reviews yet: patients can review you on your profile"
    assert not any("once your profile is published" in label for label in labels)


def test_a_draft_is_told_reviews_come_once_it_is_published():
    draft = PractitionerFactory(publication_status=Practitioner.Publication.DRAFT)
    assert (
        "Patient reviews: patients can review you once your profile is published"
        in missing_labels(completeness_of(draft), "reviews")
    )


def test_published_reviews_are_done_not_pending():
    reviewed = PractitionerFactory(review_count=2, rating_average=4.0)
    reviews = point(completeness_of(reviewed), "reviews")
    assert "Published patient reviews (2)" in [s.label for s in reviews.steps if s.done]


@pytest.mark.parametrize(
    ("verified", "expected"),
    [
        (True, "Your profile is published: patients find it in search and at its address."),
        (False, "it appears in the default search once a license is verified."),
    ],
)
def test_the_publication_message_says_whether_the_default_search_shows_the_profile(
    verified, expected
):
    p = PractitionerFactory()
    if verified:
        LicenseFactory(practitioner=p, verified=True)
    p.refresh_from_db()
    assert in_default_search(p) is verified
    assert publication_message(p).endswith(expected)
