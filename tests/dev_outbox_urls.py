"""The site's addresses with the development pages mounted, as `lifelong/urls.py` mounts them
with DEBUG on (tests read it with DEBUG off: tests/conftest.py)."""

from django.urls import include, path

from lifelong.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("dev/", include("lifelong.dev_urls")), *site_urlpatterns]
