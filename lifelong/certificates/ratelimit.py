"""How many unknown codes the verification page answers per client address.

Certificate codes are far too many to guess (`codes.py`); this makes trying hopeless on top.
A valid code never counts, so an employer checking certificates is never stopped; an
address that asked for `VERIFY_UNKNOWN_CODES_PER_HOUR` unknown codes gets no answers, to any
code, until the hour is over. Counts live in the shared cache (CACHES["default"]: the
database or Redis, docs/deployment.md), so the limit holds across processes and servers.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 3600


def client_address(request: HttpRequest) -> str:
    """The client's address, as seen by the outermost of `TRUSTED_PROXY_COUNT` proxies."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return str(forwarded[-proxies])
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(request: HttpRequest) -> str:
    return f"verify-unknown:{client_address(request)}:{int(time.time()) // WINDOW_SECONDS}"


def seconds_left_in_window() -> int:
    return WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS


def verification_refused(request: HttpRequest) -> bool:
    return int(cache.get(_key(request), 0)) >= settings.VERIFY_UNKNOWN_CODES_PER_HOUR


def unknown_code_counted(request: HttpRequest) -> None:
    key = _key(request)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
