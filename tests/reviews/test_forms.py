"""The review form's rules: ratings, display names, lengths, the confirmation."""

import pytest

from practitioners.models import Condition
from reviews.forms import ReportForm, ResolveReportForm, ReviewForm, suggested_display_name
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def data(**changes) -> dict:
    return {
        "rating_overall": "4",
        "title": "Calm and careful",
        "body": "She listened to the whole history of my back pain.",
        "display_name": "Maria G.",
        "confirm": "on",
    } | changes


def test_a_minimal_review_is_valid_and_dimensions_default_to_not_rated():
    form = ReviewForm(data())
    assert form.is_valid(), form.errors
    fields = form.review_fields()
    assert fields["rating_overall"] == 4
    assert fields["rating_pain_relief"] is None and fields["condition"] is None
    assert "confirm" not in fields


def test_dimensions_take_one_to_five():
    form = ReviewForm(data(rating_gentleness="2", rating_listening="5"))
    assert form.is_valid()
    assert (form.cleaned_data["rating_gentleness"], form.cleaned_data["rating_listening"]) == (2, 5)
    for bad in ("0", "6", "x"):
        assert "rating_gentleness" in ReviewForm(data(rating_gentleness=bad)).errors


@pytest.mark.parametrize("value", ["", "0", "6", "4.5"])
def test_the_overall_rating_is_required_and_one_to_five(value):
    assert "rating_overall" in ReviewForm(data(rating_overall=value)).errors


def test_condition_comes_from_the_fixed_list():
    migraine = Condition.objects.get(slug="migraine")
    form = ReviewForm(data(condition=str(migraine.pk)))
    assert form.is_valid() and form.cleaned_data["condition"] == migraine
    assert "condition" in ReviewForm(data(condition="999999")).errors


@pytest.mark.parametrize("value", ["9" * 25, "²", "unicode digits"])
def test_a_condition_id_that_no_row_can_have_is_not_a_valid_choice(value):
    migraine = Condition.objects.get(slug="migraine")
    if value == "unicode digits":  # "٣" must not choose condition 3
        value = "".join(chr(0x660 + int(d)) for d in str(migraine.pk))
    errors = ReviewForm(data(condition=value)).errors
    assert "Select a valid choice" in errors["condition"][0]


@pytest.mark.parametrize("sessions", ["0", "501", "-1", "many"])
def test_sessions_are_a_plausible_whole_number(sessions):
    assert "sessions" in ReviewForm(data(sessions=sessions)).errors


@pytest.mark.parametrize(
    "name", ["maria@example.org", "Maria <maria@example.org>", "me@home", "  a@b.co  "]
)
def test_a_display_name_cannot_be_an_email_address(name):
    form = ReviewForm(data(display_name=name))
    assert "not an email address" in str(form.errors["display_name"])


def test_a_display_name_cannot_be_the_email_local_part():
    user = UserFactory(email="maria.garcia@example.org")
    form = ReviewForm(data(display_name="Maria.Garcia"), user=user)
    assert "first part of your email address" in str(form.errors["display_name"])


def test_display_name_and_title_whitespace_is_tidied():
    form = ReviewForm(data(display_name="  Maria    G. ", title=" Calm   and careful "))
    assert form.is_valid()
    assert form.cleaned_data["display_name"] == "Maria G."
    assert form.cleaned_data["title"] == "Calm and careful"


def test_body_length_limits():
    assert "at least 20 characters" in str(ReviewForm(data(body="Too short")).errors["body"])
    assert "body" in ReviewForm(data(body="x" * 5001)).errors
    assert ReviewForm(data(body="x" * 5000)).is_valid()


def test_the_author_must_confirm_it_is_their_own_experience():
    assert "confirm" in ReviewForm(data(confirm="")).errors


def test_suggested_display_name_is_first_name_and_last_initial():
    assert suggested_display_name(UserFactory(first_name="Maria", last_name="garcia")) == "Maria G."
    assert suggested_display_name(UserFactory(first_name="Maria", last_name="")) == "Maria"
    assert suggested_display_name(UserFactory(first_name="", last_name="Garcia")) == ""


def test_a_report_of_something_else_needs_details():
    assert not ReportForm({"reason": "other", "details": ""}).is_valid()
    assert ReportForm({"reason": "other", "details": "Spam link"}).is_valid()
    assert ReportForm({"reason": "offensive"}).is_valid()
    assert "reason" in ReportForm({"reason": "made-up"}).errors


def test_unpublishing_a_reported_review_needs_a_note():
    assert "note" in ResolveReportForm({"decision": "remove", "note": " "}).errors
    assert ResolveReportForm({"decision": "keep"}).is_valid()
