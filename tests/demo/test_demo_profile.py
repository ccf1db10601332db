"""`demo.demo_profile`: the profile practitioner@example.com owns."""

import pytest

from demo.accounts import PRACTITIONER_EMAIL
from practitioners.models import Practitioner
from reviews.models import Review
from tests.demo.seeding import seed
from verification.models import VerificationStatus

pytestmark = pytest.mark.django_db


def test_the_demo_practitioner_owns_a_verified_profile_in_portland():
    seed()

    profile = Practitioner.objects.get(owner__email=PRACTITIONER_EMAIL)
    assert profile.slug == "mei-lin-chen"
    assert Practitioner.objects.listed().verified().filter(pk=profile.pk).exists()
    assert sorted(profile.clinics.values_list("zip_code", "state")) == [
        ("97209", "OR"),
        ("97214", "OR"),
    ]
    assert profile.credentials.filter(verification_status=VerificationStatus.VERIFIED).exists()
    assert profile.reviews.filter(status=Review.Status.PUBLISHED).count() >= 5
