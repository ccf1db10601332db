"""What a record's badge and next step say, on the dashboard and on the staff pages."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import CredentialFactory
from verification.guidance import BADGES, record_guidance
from verification.models import VerificationStatus as S
from verification.templatetags.verification_tags import status_class

pytestmark = pytest.mark.django_db


def test_every_status_has_a_badge_and_the_staff_pages_colour_it_alike():
    assert set(BADGES) == set(S.values)
    for status, (tone, _label) in BADGES.items():
        assert status_class(status) == f"badge-{tone}"
    assert status_class("") == "badge-muted"


@pytest.mark.parametrize(("days", "can_submit"), [(-3, False), (400, True)])
def test_an_expired_record_can_be_resubmitted_once_its_date_is_renewed(days, can_submit):
    expires_on = timezone.localdate() + datetime.timedelta(days=days)
    record = CredentialFactory.build(
        with_proof=True, verification_status=S.EXPIRED, expires_on=expires_on
    )
    guidance = record_guidance(record)
    assert (guidance.tone, guidance.label) == ("bad", "Expired")
    assert guidance.can_submit is can_submit and guidance.can_edit
    assert "Once renewed" in guidance.next_step
