"""Staff must use two-factor authentication before any staff page."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

# Staff tools, the admin, and proof documents (which staff open for anyone).
STAFF_PATH_PREFIXES = ("/staff/", "/admin/", "/dashboard/documents/")
# The admin's own login and logout stay reachable: login sends people to allauth.
EXEMPT_PATHS = ("/admin/login/", "/admin/logout/")


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMFARequiredMiddleware:
    """Send a staff account without an authenticator app to set one up.

    Switched by settings.STAFF_MFA_REQUIRED (read per request, so tests and a
    local demo can turn it off).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            messages.warning(
                request,
                "Staff accounts must use two-factor authentication. Set up an "
                "authenticator app to continue to staff pages.",
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        if not getattr(settings, "STAFF_MFA_REQUIRED", True):
            return False
        path = request.path_info
        if not path.startswith(STAFF_PATH_PREFIXES) or path.startswith(EXEMPT_PATHS):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return False
        return not has_totp(user)
