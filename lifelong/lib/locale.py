"""Django's LocaleMiddleware, except that an address without a language prefix whose own
view answered "not found" keeps its 404.

Django answers every 404 of an unprefixed address with a redirect to /de/… or /en/… when
that address exists there. Where a page lives both ways (the verification page: short in a
certificate's QR code, and under /de/ and /en/), an unknown certificate code would then
be sent on to the prefixed page instead of being told "unknown" where it was asked (and
counted twice against the guessing limit). Only an address that matched nothing is tried
with a prefix.
"""

from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        answered_by_its_view = getattr(request, "resolver_match", None) is not None
        unprefixed = not translation.get_language_from_path(request.path_info)
        if response.status_code == 404 and answered_by_its_view and unprefixed:
            # What Django adds to an unprefixed answer, without the redirect.
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
