"""allauth hooks: where people land after logging in, and how its emails leave."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse

from core.email import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        """Send practitioners to their dashboard, everyone else where allauth would."""
        user = request.user
        if user.is_authenticated and hasattr(user, "practitioner"):
            return reverse("dashboard:home")
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Queue allauth's emails (sign-up, password reset...) like every other, retries and all."""
        # The context allauth's own send_mail builds. Only the plain text is
        # queued: neither allauth nor this site ships HTML versions.
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        message = self.render_mail(template_prefix, email, {**ctx, **context})
        queue_email(subject=message.subject, body=message.body, to=message.to)
