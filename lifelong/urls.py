from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from lifelong import site_views

urlpatterns = [
    path("healthz", site_views.healthz, name="healthz"),
    path("language/<str:code>/", site_views.switch_language, name="switch_language"),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", include("lifelong.catalogue.urls")),
    path("", include("lifelong.enrolment.urls")),
    path("privacy/", site_views.privacy, name="privacy"),
    path("accounts/", include("allauth.urls")),
)
