"""The limit on sign-in codes e-mailed to one address (settings.ACCOUNT_RATE_LIMITS,
"request_login_code"), said as what it is, and forgotten once the person has signed in.

allauth refuses a code beyond the limit with "Too many failed login attempts", although
nothing failed, and counts every code asked for, also those that signed the person in: an
organiser signing in on a laptop and a phone a few times in a few minutes was locked out.
Here the refusal says that too many codes were asked for and when to try again, and a
sign-in clears the address's count: whoever signs in holds the mailbox the limit protects.
The limit per client address stays, as allauth keeps it.

allauth keeps its counts in the default cache under keys of its own making; its internal
`ratelimit` module makes them (pinned in constraints.txt; tests/accounts cover it)."""

import math
import time
from collections.abc import Iterator

from allauth.core.internal import ratelimit
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import ngettext

_APP = "allauth.account"
_ACTION = "request_login_code"


def _counts(request: HttpRequest, email: str) -> Iterator[tuple[ratelimit.Rate, str]]:
    for rate in ratelimit.get_rates(app=_APP, action=_ACTION):
        key = ratelimit.get_cache_key(
            request, app=_APP, action=_ACTION, rate=rate, key=email.lower()
        )
        yield rate, key


def code_request_wait(request: HttpRequest, email: str) -> float:
    """Seconds until another code may be e-mailed to `email` from this client; 0 now."""
    now = time.time()
    wait = 0.0
    for rate, key in _counts(request, email):
        asked = sorted((at for at in cache.get(key, []) if at > now - rate.duration), reverse=True)
        if len(asked) >= rate.amount:
            # Free again once the oldest request that still fills the limit has aged out.
            wait = max(wait, asked[rate.amount - 1] + rate.duration - now)
    return wait


def code_request_refusal(wait: float) -> str:
    """The refusal, in the reader's language, with whole minutes to wait (at least one)."""
    minutes = max(1, math.ceil(wait / 60))
    return ngettext(
        "You asked for too many sign-in codes. Please try again in %(minutes)d minute.",
        "You asked for too many sign-in codes. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def code_requests_forget(request: HttpRequest, emails: list[str]) -> None:
    """The person signed in: the codes asked for their addresses no longer count (the limit
    per client address is left as it is)."""
    for email in emails:
        for rate, key in _counts(request, email):
            if rate.per == "key":
                cache.delete(key)
