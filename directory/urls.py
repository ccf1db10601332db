from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from opendata.exports import practitioners_csv

from . import views
from .sitemaps import SITEMAPS

# Staff log in through allauth (with two-factor), never the admin's password-only form.
admin.site.login = secure_admin_login(admin.site.login)

# Search engines: an index of sections, each paginated (100,000 profiles exceed
# one sitemap file).
sitemap_patterns = [
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
# Staff tools; each app checks its own permissions.
staff_patterns = [
    path("exports/practitioners.csv", practitioners_csv, name="staff-practitioners-csv"),
    path("reviews/", include("reviews.staff_urls")),
    path("verification/", include("verification.staff_urls")),
    path("claims/", include("claims.staff_urls")),
]
# The practitioner's dashboard, one part per app.
dashboard_patterns = [
    path("reviews/", include("reviews.dashboard_urls")),
    path("", include("practitioners.dashboard_urls")),
    path("", include("verification.dashboard_urls")),
    path("", include("claims.urls")),
]
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("list-your-practice/", views.list_your_practice, name="list_your_practice"),
    path("", include(sitemap_patterns)),
    path("learn/", include("education.urls")),
    # Review pages under /practitioners/<slug>/review/ go before the profiles' include.
    path("", include("reviews.urls")),
    path("practitioners/", include("practitioners.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/", include("opendata.api_urls")),
    path("fhir/", include("opendata.fhir_urls")),
    path("staff/", include(staff_patterns)),
    path("dashboard/", include(dashboard_patterns)),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Local development only: profile photos (public media). Proof documents are
    # never served this way; they live outside MEDIA_ROOT.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "directory.views.page_not_found"
handler500 = "directory.views.server_error"
