from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from lifelong import site_views
from lifelong.attendance import views as attendance_views
from lifelong.lib import converters  # noqa: F401  (registers <id:…> before the apps' addresses)

urlpatterns = [
    path("healthz", site_views.healthz, name="healthz"),
    path("language/<str:code>/", site_views.switch_language, name="switch_language"),
    path("admin/", admin.site.urls),
    # Self check-in stays outside the language prefix: the room's QR code stays short and
    # the page speaks the language of the phone that scanned it.
    path("checkin/", attendance_views.self_checkin_pending, name="self_checkin_pending"),
    path("checkin/<str:code>/", attendance_views.self_checkin, name="self_checkin"),
    # The address a certificate's QR code holds stays short and language-free, like check-in.
    path("", include("lifelong.certificates.public_urls")),
]
urlpatterns += i18n_patterns(
    path("", include("lifelong.catalogue.urls")),
    path("", include("lifelong.office.urls")),
    path("", include("lifelong.enrolment.urls")),
    path("", include("lifelong.attendance.urls")),
    path("", include("lifelong.certificates.urls")),
    path("", include("lifelong.reports.urls")),
    path("", include("lifelong.accounts.urls")),
    path("privacy/", site_views.privacy, name="privacy"),
    path("accounts/", include("allauth.urls")),
)
