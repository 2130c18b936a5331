"""The verification pages: under the short address a certificate's QR code holds (included by
`public_urls`, namespace "verify"), and under /de/ and /en/ like every other page (included
by lifelong/urls.py as "verify_in_language"). A page reverses its own links into the
instance it was opened in, so it stays in its language."""

from django.urls import path

from lifelong.certificates import views

app_name = "verify"
urlpatterns = [
    path("verify/", views.verify_form, name="form"),
    path("verify/<str:code>/", views.verify_code, name="code"),
    path("verify/<str:code>/credential.jwt", views.verify_credential, name="credential"),
]
