"""Response headers that keep personal pages out of caches and switch off browser features the
site never uses.

`Cache-Control: no-store` goes on every page that may show a person's data: the back office,
"My …" pages, sign-in and account pages, links sent by e-mail (offers, invitations), check-in,
the admin, and any page answered to someone with a session. Public pages keep their own
caching (the catalogue's whole-page cache sends nothing private: it serves only visitors
without a session).
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# Addresses whose pages are about one person or one institution's people, whoever asks.
PRIVATE_PATH = re.compile(
    r"^/(?:[a-z]{2}/(?:staff|my|accounts|offer|invitations|editions/\d+/apply)/|admin/|checkin/)"
)

# The site uses no camera, microphone, location, payment or sensors: a script that should
# not be there cannot use them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
)


def is_private(request: HttpRequest) -> bool:
    return bool(
        PRIVATE_PATH.match(request.path_info) or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


class PrivacyHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_private(request):
            # no-store: neither a shared proxy nor the browser's history keeps a copy.
            patch_cache_control(response, private=True, no_store=True)
        return response
