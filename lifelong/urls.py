from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from lifelong import site_views
from lifelong.attendance import views as attendance_views
from lifelong.lib import converters  # noqa: F401  (registers <id:…> before the apps' addresses)

# The admin's own login form would sign in with a password alone, with no second factor and
# no limit on attempts: it leads to the site's sign-in instead (a code by e-mail, then the
# authenticator app), and `accounts/middleware.py` lets only a session that passed it in.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", site_views.healthz, name="healthz"),
    path("readyz", site_views.readyz, name="readyz"),
    path("metrics", site_views.metrics, name="metrics"),
    path("language/<str:code>/", site_views.switch_language, name="switch_language"),
    path("admin/", admin.site.urls),
    # Self check-in stays outside the language prefix: the room's QR code stays short and
    # the page speaks the language of the phone that scanned it.
    path("checkin/", attendance_views.self_checkin_pending, name="self_checkin_pending"),
    path("checkin/<str:code>/", attendance_views.self_checkin, name="self_checkin"),
    # The address a certificate's QR code holds stays short and language-free, like check-in.
    path("", include("lifelong.certificates.public_urls")),
]
if settings.DEBUG:
    # Development pages (the e-mail outbox, dev_views.py): never on a site with DEBUG off.
    urlpatterns.append(path("dev/", include("lifelong.dev_urls")))
urlpatterns += i18n_patterns(
    path("", include("lifelong.catalogue.urls")),
    path("", include("lifelong.office.urls")),
    path("", include("lifelong.enrolment.urls")),
    path("", include("lifelong.attendance.urls")),
    path("", include("lifelong.certificates.urls")),
    # The verification pages in a chosen language too; the QR code keeps the short address.
    path("", include("lifelong.certificates.verify_urls", namespace="verify_in_language")),
    path("", include("lifelong.reports.urls")),
    path("", include("lifelong.accounts.urls")),
    path("privacy/", site_views.privacy, name="privacy"),
    path("imprint/", site_views.imprint, name="imprint"),
    path("accounts/", include("allauth.urls")),
)

handler400 = "lifelong.site_views.bad_request"
handler403 = "lifelong.site_views.permission_denied"
handler404 = "lifelong.site_views.page_not_found"
handler500 = "lifelong.site_views.server_error"
