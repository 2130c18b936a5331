"""Certificates in the public part of the site, without a language prefix: the short address
a certificate's QR code holds, and the documents verifiers fetch (keys, revocation lists)."""

from django.urls import path

from lifelong.certificates import views

app_name = "verify"
urlpatterns = [
    path("verify/", views.verify_form, name="form"),
    path("verify/<str:code>/", views.verify_code, name="code"),
    path("verify/<str:code>/credential.jwt", views.verify_credential, name="credential"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path(".well-known/did.json", views.did_json, name="did"),
    path("credentials/status/<id:number>", views.status_list, name="status_list"),
]
