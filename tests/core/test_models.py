"""The shared model pieces: timestamps, optional references and null-tolerant checks."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from core.models import TimeStamped, acting_user, optional_reference, unless_null
from tests.factories import PractitionerFactory


def test_timestamped_records_creation_and_every_save():
    created, updated = (TimeStamped._meta.get_field(n) for n in ("created_at", "updated_at"))
    assert TimeStamped._meta.abstract
    assert created.has_default() and not created.auto_now
    assert updated.auto_now and not updated.editable


def test_an_optional_reference_is_emptied_not_cascaded():
    kwargs = optional_reference("education.ArticleSection").deconstruct()[3]
    assert kwargs["to"] == "education.articlesection"
    assert kwargs["null"] and kwargs["blank"]
    assert kwargs["on_delete"] is models.SET_NULL
    assert kwargs["related_name"] == "+"
    named = optional_reference("practitioners.Condition", related_name="reviews", verbose_name="x")
    assert named.remote_field.related_name == "reviews" and named.verbose_name == "x"


def test_the_acting_user_is_an_optional_reference_to_an_account():
    kwargs = acting_user(help_text="Who.").deconstruct()[3]
    assert kwargs["to"] == settings.AUTH_USER_MODEL.lower()
    assert kwargs["on_delete"] is models.SET_NULL and kwargs["related_name"] == "+"
    assert kwargs["help_text"] == "Who."


def test_unless_null_is_the_condition_written_out():
    assert unless_null("a", then=Q(a__lte=70)) == Q(a__isnull=True) | Q(a__lte=70)
    assert unless_null("a", "b", then=Q(a__lte=F("b"))) == (
        Q(a__isnull=True) | Q(b__isnull=True) | Q(a__lte=F("b"))
    )


@pytest.mark.django_db
def test_a_check_built_with_unless_null_passes_empty_values_and_refuses_bad_ones():
    practitioner = PractitionerFactory.build(fee_min=None, fee_max=50)
    practitioner.validate_constraints()
    practitioner.fee_min = 80
    with pytest.raises(ValidationError):
        practitioner.validate_constraints()
