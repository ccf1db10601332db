import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError, transaction

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_accounts_sign_in_with_email_not_username():
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(User(), "username") or User().username is None


def test_create_user_normalises_the_email_and_hashes_the_password():
    user = User.objects.create_user("Someone@Example.ORG", "s3cret-pass")
    assert user.email == "someone@example.org"
    assert user.password != "s3cret-pass"
    assert authenticate(email="someone@example.org", password="s3cret-pass") == user


def test_emails_are_unique_whatever_their_case():
    User.objects.create_user("a@example.org", "x")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="A@example.org")


def test_create_user_requires_an_email():
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user("", "x")


def test_create_superuser_is_staff_and_superuser():
    admin = User.objects.create_superuser("admin@example.org", "x")
    assert admin.is_staff and admin.is_superuser
    with pytest.raises(ValueError):
        User.objects.create_superuser("b@example.org", "x", is_staff=False)
