"""Two-factor authentication: available to everyone, required for staff pages."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.utils import timezone

from tests.factories import AccountFactory, StaffFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def staff():
    from allauth.account.models import EmailAddress

    user = StaffFactory(email="verifier@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.parametrize("url", ["/staff/claims/", "/admin/", "/staff/reviews/"])
def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, staff, url):
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_the_set_up_page_explains_why(client, staff):
    client.force_login(staff)
    response = client.get("/staff/claims/", follow=True)
    assert b"Staff accounts must use two-factor authentication" in response.content


def test_staff_with_an_authenticator_reach_staff_pages(client, staff):
    with_totp(staff)
    client.force_login(staff)
    assert client.get("/staff/claims/").status_code == 200


def test_staff_proof_document_access_also_needs_an_authenticator(client, staff):
    client.force_login(staff)
    response = client.get("/dashboard/documents/license/1/")
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_staff_may_use_their_own_dashboard_without_an_authenticator(client, staff):
    client.force_login(staff)
    assert client.get("/dashboard/").status_code == 200


def test_the_requirement_can_be_switched_off_for_a_local_demo(client, staff, settings):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(staff)
    assert client.get("/staff/claims/").status_code == 200


def test_practitioners_are_not_forced_to_use_an_authenticator(client):
    client.force_login(AccountFactory())
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200


def test_logging_in_with_an_authenticator_asks_for_its_code(client):
    user = AccountFactory(email="careful@example.org")
    secret = with_totp(user)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_practitioner_can_turn_on_an_authenticator_app(client):
    user = AccountFactory()
    client.force_login(user)
    # allauth asks for the password again before changing security settings.
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302 and "reauthenticate" in response["Location"]:
        client.post(response["Location"], {"password": PASSWORD})
        response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "style=" not in html
    secret = response.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_the_admin_login_form_sends_staff_through_allauth_and_two_factor(client):
    response = client.get("/admin/login/?next=/admin/practitioners/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpractitioners%2F"


def test_the_admin_login_redirect_never_sends_anyone_to_another_site(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"].startswith("/accounts/login/?next=%2Fadmin%2Flogin%2F")


def test_a_signed_in_non_staff_account_is_refused_the_admin_login(client):
    client.force_login(AccountFactory())
    assert client.get("/admin/login/").status_code == 403
