"""Accounts through django-allauth: sign up, verify, log in and out, reset, change email."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from core.sites import absolute_url
from tests.factories import AccountFactory, PractitionerFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "correct-horse-battery"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def link_in(mail) -> str:
    """The path of the account link in an email, which names the site's one address."""
    return re.search(re.escape(absolute_url("")) + r"(/accounts/[^\s]+)", mail.body).group(1)


def test_sign_up_then_verify_the_email_then_use_the_dashboard(client, mailoutbox, on_commit):
    with on_commit(execute=True):  # allauth's emails are queued with their transaction
        response = client.post(
            "/accounts/signup/",
            {"email": "New.Person@Example.org", "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"},
        )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="new.person@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    # Unverified: not logged in yet (mandatory verification).
    assert "_auth_user_id" not in client.session

    (mail,) = mailoutbox
    assert mail.to == ["new.person@example.org"]
    confirm_url = link_in(mail)
    assert "Confirm" in client.get(confirm_url).content.decode()
    response = client.post(confirm_url)
    assert EmailAddress.objects.get(user=user).verified
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert b"Create your profile" in response.content


def test_logging_in_with_an_unverified_email_sends_a_new_verification_link(
    client, mailoutbox, on_commit
):
    user = UserFactory(email="pending@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    with on_commit(execute=True):
        response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert len(mailoutbox) == 1


def test_a_practitioner_lands_on_the_dashboard_after_logging_in(client):
    owner = AccountFactory()
    PractitionerFactory(owner=owner)
    response = client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert response["Location"] == "/dashboard/"


def test_a_patient_lands_on_the_home_page_after_logging_in(client):
    patient = AccountFactory()
    response = client.post("/accounts/login/", {"login": patient.email, "password": PASSWORD})
    assert response["Location"] == "/"


def test_repeated_failed_logins_are_throttled(client):
    user = AccountFactory(email="target@example.org")
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
        assert response.status_code == 200
        assert b"Too many failed login attempts" not in response.content
    # The sixth try within five minutes is refused even with the right password.
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_failed_logins_from_one_address_are_throttled_across_accounts(client):
    for n in range(10):
        client.post("/accounts/login/", {"login": f"nobody{n}@example.org", "password": "x"})
    response = client.post("/accounts/login/", {"login": "other@example.org", "password": "x"})
    assert b"Too many failed login attempts" in response.content


def test_logging_out_takes_a_post(client):
    client.force_login(AccountFactory())
    response = client.get("/accounts/logout/")
    assert response.status_code == 200  # a confirmation page, not a logout
    assert "_auth_user_id" in client.session
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client, mailoutbox, on_commit):
    user = AccountFactory(email="forgot@example.org")
    with on_commit(execute=True):
        client.post("/accounts/password/reset/", {"email": "forgot@example.org"})
    (mail,) = mailoutbox
    url = link_in(mail)
    response = client.get(url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else url
    response = client.post(
        form_url, {"password1": "brand-new-pass-phrase", "password2": "brand-new-pass-phrase"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-pass-phrase")


def test_password_reset_does_not_reveal_whether_an_account_exists(client, mailoutbox, on_commit):
    with on_commit(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert "nobody@example.org" not in "".join(
        m.body for m in mailoutbox if m.to != ["nobody@example.org"]
    )


def test_changing_email_takes_effect_once_the_new_address_is_verified(
    client, mailoutbox, on_commit
):
    user = AccountFactory(email="old@example.org")
    client.force_login(user)
    with on_commit(execute=True):
        response = client.post("/accounts/email/", {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "old@example.org"
    confirm_url = link_in(mailoutbox[-1])
    client.post(confirm_url)
    user.refresh_from_db()
    assert user.email == "new@example.org"
    assert not EmailAddress.objects.filter(user=user, email="old@example.org").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/confirm-email/",
    ],
)
def test_account_pages_use_the_site_layout_without_inline_styles_or_scripts(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html and "Skip to main content" in html
    assert "style=" not in html
    assert "<script>" not in html and "<script " not in html.replace('<script src="', "")
    assert 'class="account-block' in html


def test_account_forms_label_every_field_and_link_errors_to_them(client):
    response = client.post("/accounts/signup/", {"email": "not-an-email", "password1": "x"})
    html = response.content.decode()
    assert '<label for="id_email">' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_error"' in html or "id_email_error" in html
    assert 'value="not-an-email"' in html


def test_the_change_email_page_renders_without_inline_styles(client):
    user = AccountFactory()
    client.force_login(user)
    client.post("/accounts/email/", {"action_add": "", "email": "pending-change@example.org"})
    html = client.get("/accounts/email/").content.decode()
    assert "pending-change@example.org" in html
    assert "style=" not in html
    assert 'id="pending-email"' in html and "hidden" in html
