"""The practitioner's own profile and clinics, mounted at /dashboard/."""

from django.urls import include, path

from . import dashboard_views as views

app_name = "dashboard"

clinic_patterns = [
    path("", views.clinic_list, name="clinics"),
    path("new/", views.clinic_add, name="clinic_add"),
    path("<int:pk>/", views.clinic_edit, name="clinic_edit"),
    path("<int:pk>/delete/", views.clinic_delete, name="clinic_delete"),
]
urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile_edit, name="profile"),
    path("profile/new/", views.profile_create, name="profile_create"),
    path("publication/", views.publication, name="publication"),
    path("clinics/", include(clinic_patterns)),
]
