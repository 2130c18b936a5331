"""The site's URLs plus the baseline every page is measured against: a minimal Django view."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from lifelong.urls import urlpatterns as site_urlpatterns


def minimal_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal", minimal_view), *site_urlpatterns]
