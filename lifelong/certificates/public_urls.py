"""Certificates in the public part of the site, without a language prefix: the short address
a certificate's QR code holds (the verification pages, `verify_urls`), and the documents
verifiers fetch (keys, revocation lists)."""

from django.urls import path

from lifelong.certificates import verify_urls, views

app_name = "verify"
urlpatterns = [
    *verify_urls.urlpatterns,
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path(".well-known/did.json", views.did_json, name="did"),
    path("credentials/status/<id:number>", views.status_list, name="status_list"),
]
