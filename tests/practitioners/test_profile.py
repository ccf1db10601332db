"""`practitioners.profile`: the checklist says who vouches for each fact, never "checked" unchecked."""

import pytest

from practitioners.profile import (
    ChecklistItem,
    Evidence,
    EvidenceLine,
    build_profile,
    profile_queryset,
)
from tests.factories import LicenseFactory, PractitionerFactory

pytestmark = pytest.mark.django_db


def profile_of(practitioner):
    return build_profile(profile_queryset().get(pk=practitioner.pk))


def point(profile, key: str) -> ChecklistItem:
    return next(item for item in profile.checklist if item.key == key)


@pytest.mark.parametrize(
    ("kind", "status", "label", "icon", "badge"),
    [
        (Evidence.VERIFIED, "met", "Verified", "✓", "badge-ok"),
        (Evidence.VERIFIED, "partial", "Not yet verified", "!", "badge-warn"),
        (Evidence.STATED, "met", "Stated by the practitioner", "i", "badge-stated"),
        (Evidence.STATED, "missing", "Not stated", "–", "badge-muted"),
        (Evidence.REVIEWS, "met", "From 2 moderated reviews", "★", "badge-reviews"),
        (Evidence.REVIEWS, "missing", "No published reviews yet", "–", "badge-muted"),
    ],
)
def test_each_evidence_kind_has_its_own_words_mark_and_look(kind, status, label, icon, badge):
    item = ChecklistItem("k", "Title", status, "", kind=kind, count=2)
    assert (item.status_label, item.icon, item.badge_class) == (label, icon, badge)


def test_only_a_verifier_s_check_wears_the_check_mark():
    marks = {kind: ChecklistItem("k", "T", "met", "", kind=kind, count=1).icon for kind in Evidence}
    assert [kind for kind, mark in marks.items() if mark == "✓"] == [Evidence.VERIFIED]


def test_evidence_lines_name_who_vouches_with_the_review_count():
    assert EvidenceLine("x", Evidence.VERIFIED).label == "Verified"
    assert EvidenceLine("x", Evidence.STATED).label == "Stated by the practitioner"
    assert EvidenceLine("x", Evidence.REVIEWS, count=1).label == "From 1 moderated review"
    assert EvidenceLine("x", Evidence.REVIEWS, count=3).label == "From 3 moderated reviews"


def test_experience_is_stated_by_the_practitioner_never_checked():
    p = PractitionerFactory(conditions=["migraine"])
    experience = point(profile_of(p), "experience")

    assert experience.kind == Evidence.STATED
    assert experience.status_label == "Stated by the practitioner"
    assert "check" not in experience.status_label.lower()
    assert {line.kind for line in experience.evidence} == {Evidence.STATED}
    assert "8 years treating chronic pain" in [line.text for line in experience.evidence]


def test_reviews_point_keeps_reviews_and_referrals_as_separate_kinds():
    p = PractitionerFactory(review_count=2, rating_average=4.5, accepts_physician_referrals=True)
    reviews = point(profile_of(p), "reviews")

    assert reviews.status_label == "From 2 moderated reviews"
    kinds = [(line.kind, line.label) for line in reviews.evidence]
    assert kinds[0] == (Evidence.REVIEWS, "From 2 moderated reviews")
    assert {kind for kind, _ in kinds[1:]} == {Evidence.STATED}
    assert "Accepts referrals from your physician" in [line.text for line in reviews.evidence]


def test_without_reviews_the_reviews_point_says_so_and_has_no_review_line():
    reviews = point(profile_of(PractitionerFactory()), "reviews")
    assert reviews.status_label == "No published reviews yet"
    assert Evidence.REVIEWS not in {line.kind for line in reviews.evidence}


def test_the_page_never_says_checked_and_shows_the_three_kinds_apart(client):
    p = PractitionerFactory(
        slug="three-kinds", conditions=["migraine"], review_count=2, rating_average=4.0
    )
    LicenseFactory(practitioner=p, verified=True)
    html = client.get(p.get_absolute_url()).text

    assert ">Checked<" not in html and "Partly checked" not in html
    assert 'class="checklist-item checklist-stated checklist-met" id="check-experience"' in html
    assert 'class="checklist-item checklist-verified checklist-met" id="check-licensure"' in html
    assert 'class="checklist-item checklist-reviews checklist-met" id="check-reviews"' in html
    assert html.count('class="evidence-line evidence-stated"') >= 3
    assert 'class="evidence-line evidence-reviews"' in html
    assert 'class="evidence-line evidence-verified"' in html
