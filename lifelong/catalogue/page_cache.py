"""Whole-page cache for the public catalogue pages.

A page is cached per process under the catalogue revision, the language and the full path.
Any catalogue write bumps the revision in its own transaction, so no app server serves a page
older than the last change; the short timeout covers what changes with the clock alone
(a deadline passing). Visitors with a session (signed-in people) always get a fresh page.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from lifelong.catalogue.revision import catalogue_revision

# Per process on purpose, keyed by what decides the page (settings.py, CACHES["local"]):
# a hit costs no round trip to a shared cache.
_PAGES = caches["local"]

View = Callable[..., HttpResponse]


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def public_page(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{catalogue_revision()}:{get_language()}:{path}"
        cached = _PAGES.get(key)
        if cached is not None:
            content, content_type, status = cached
            return HttpResponse(content, content_type=content_type, status=status)
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 404) and not response.streaming:
            _PAGES.set(
                key,
                (response.content, response["Content-Type"], response.status_code),
                settings.PUBLIC_PAGE_CACHE_SECONDS,
            )
        return response

    return wrapper
