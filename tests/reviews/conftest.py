import pytest

from tests.factories import PatientFactory, PractitionerFactory, StaffFactory, UserFactory


@pytest.fixture(autouse=True)
def _staff_without_mfa(settings):
    # The accounts work makes staff pages require TOTP; these tests are about reviews.
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def owner():
    return PatientFactory(first_name="Mei", last_name="Chen")


@pytest.fixture
def practitioner(owner):
    return PractitionerFactory(
        first_name="Mei", last_name="Chen", slug="mei-chen", owner=owner, conditions=["migraine"]
    )


@pytest.fixture
def patient():
    return PatientFactory(first_name="Maria", last_name="Garcia", email="maria@example.org")


@pytest.fixture
def unverified():
    return UserFactory(email="new@example.org")


@pytest.fixture
def moderator():
    return StaffFactory(first_name="Sam", last_name="Moderator")


@pytest.fixture
def review_fields():
    """What a patient writes, as the submit_review service takes it."""
    return {
        "rating_overall": 4,
        "title": "Calm and careful",
        "body": "She listened to the whole history of my back pain and explained each step.",
        "display_name": "Maria G.",
    }
