"""allauth hooks: where people land after logging in, and how its emails leave."""

from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.models import Site
from django.urls import reverse

from core.email import queue_email
from core.sites import absolute_url


def on_site(url: str) -> str:
    """Move an absolute URL allauth built from the request host onto the site's address."""
    bits = urlsplit(url)
    return absolute_url(bits.path + (f"?{bits.query}" if bits.query else ""))


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        """Send practitioners to their dashboard, everyone else where allauth would."""
        user = request.user
        if user.is_authenticated and hasattr(user, "practitioner"):
            return reverse("dashboard:home")
        return super().get_login_redirect_url(request)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """Link the confirmation on the site's address, whatever host the sign-up came on."""
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        """Link the password reset on the site's address."""
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Queue allauth's emails (sign-up, password reset...) like every other, retries and all."""
        # The context allauth's own send_mail builds, with SITE_DOMAIN rather
        # than the request's host. Links allauth builds in
        # its flows without an adapter hook (signup_url, password_reset_url)
        # are moved onto the site's address too. Only the plain text is
        # queued: neither allauth nor this site ships HTML versions.
        ctx = {
            "request": allauth_context.request,
            "email": email,
            # SITE_DOMAIN itself, not the Site row: that follows it only after a migrate.
            "current_site": Site(domain=settings.SITE_DOMAIN, name=settings.SITE_NAME),
        }
        links = {
            key: on_site(value)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str) and urlsplit(value).netloc
        }
        message = self.render_mail(template_prefix, email, {**ctx, **context, **links})
        queue_email(subject=message.subject, body=message.body, to=message.to)
