"""allauth hooks: where people land after logging in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        """Send practitioners to their dashboard, everyone else where allauth would."""
        user = request.user
        if user.is_authenticated and hasattr(user, "practitioner"):
            return reverse("dashboard:home")
        return super().get_login_redirect_url(request)
