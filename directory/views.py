"""Site-wide views: home, health check, robots.txt, error pages."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from education.models import Article, Topic, TopicLink
from practitioners.models import Condition

logger = logging.getLogger(__name__)


@require_GET
@require_GET
def list_your_practice(request):
    """For practitioners: how claiming, verification and the public profile work, then sign-up."""
    return render(request, "list_your_practice.html")


def home(request):
    return render(
        request,
        "home.html",
        {
            "conditions": Condition.objects.only("slug", "name"),
            "articles": Article.objects.published().only("slug", "title", "summary"),
            "topics": TopicLink.objects.filter(
                topic__in=[
                    Topic.CHECKLIST_CREDENTIALS,
                    Topic.CHECKLIST_LICENSURE,
                    Topic.CHECKLIST_EXPERIENCE,
                    Topic.CHECKLIST_REVIEWS,
                ]
            ).as_map(),
        },
    )


@never_cache
@require_GET
def healthz(request):
    """200 when the app and its database answer, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: database unavailable", exc_info=True)
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /dashboard/",
        "Disallow: /staff/",
        "Disallow: /admin/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def csrf_failure(request, reason=""):
    """A form was sent without a valid CSRF token: usually an expired page or session."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    kept = False
    if match and match.view_name == "reviews:write" and request.method == "POST":
        from reviews.views import keep_draft

        # Only a form this site served is kept; a cross-site POST changes nothing.
        kept = keep_draft(request, match.kwargs["slug"])
    return render(request, "errors/403_csrf.html", {"kept": kept}, status=403)


def page_not_found(request, exception):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # Rendered without a request context: nothing here may touch the database.
    return render(request, "errors/500.html", status=500)
