"""Site-wide middleware."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

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
