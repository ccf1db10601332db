from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from practitioners.exports import practitioners_csv

from . import views
from .sitemaps import SITEMAPS

# Staff log in through allauth (with two-factor), never the admin's password-only form.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("learn/", include("education.urls")),
    # Review pages under /practitioners/<slug>/review/ go before the profiles' include.
    path("", include("reviews.urls")),
    path("practitioners/", include("practitioners.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/", include("directory.api_urls")),
    path("fhir/", include("practitioners.fhir_urls")),
    path("staff/exports/practitioners.csv", practitioners_csv, name="staff-practitioners-csv"),
    path("staff/reviews/", include("reviews.staff_urls")),
    path("staff/verification/", include("practitioners.staff_urls")),
    path("dashboard/reviews/", include("reviews.dashboard_urls")),
    path("dashboard/", include("practitioners.dashboard_urls")),
    path("staff/claims/", include("practitioners.claim_urls")),
    path("admin/", admin.site.urls),
]

handler404 = "directory.views.page_not_found"
handler500 = "directory.views.server_error"
