"""Site-wide middleware."""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer 503 with a plain explanation when the database cannot be reached.

    Without this, a database restart shows visitors a generic 500 page. The
    page is rendered without touching the database (no user, no session).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable: %s", exception)
        wants_json = request.path.startswith(("/api/", "/fhir/")) or "json" in request.headers.get(
            "Accept", ""
        )
        if wants_json:
            response = HttpResponse(
                '{"detail": "The service is briefly unavailable. Please retry shortly."}',
                status=503,
                content_type="application/json",
            )
        else:
            response = HttpResponse(render_to_string("errors/503.html"), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response


# Browser features the site never uses, denied to it and to anything it embeds.
# Search takes a typed ZIP code and never asks for the browser's position, so
# geolocation is off too. (Chromium on Linux logs a warning for "bluetooth",
# which it builds without; other browsers enforce it.)
DENIED_FEATURES = (
    "accelerometer", "autoplay", "bluetooth", "browsing-topics",
    "camera", "display-capture", "encrypted-media", "gamepad", "geolocation", "gyroscope",
    "hid", "idle-detection", "interest-cohort", "local-fonts", "magnetometer", "microphone",
    "midi", "payment", "picture-in-picture", "screen-wake-lock", "serial", "usb",
    "xr-spatial-tracking",
)  # fmt: skip
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


class PrivacyHeadersMiddleware:
    """Send Permissions-Policy everywhere and keep signed-in pages out of every cache.

    A page shown to a signed-in user is theirs alone: `private, no-store` keeps
    it out of shared proxies and the browser's disk (the back button after
    logging out on a shared computer). Anonymous pages are left as they are, so
    the public page cache and CDNs keep working. Placed above WhiteNoise so
    static files get the Permissions-Policy too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if _signed_in(request) and "no-store" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)  # absent for static files (WhiteNoise answered)
    try:
        return bool(user and user.is_authenticated)
    except DatabaseError:
        # The session could not be read: the response may still be personal.
        return True
