"""The request id: one token per request, on every log line the request writes and on the
tasks it queues (`jobs/backend.py`), so the lines of one request can be found together, the
worker's included.

nginx sends its `$request_id` (32 hex characters) as `X-Request-ID`; an id that is not a
plain token is replaced, so that nothing a client sends lands in the logs unchecked. The
response says the id back in the same header. Django's lines about error answers (4xx as
warnings, 5xx as errors, with the exception) carry it too.
"""

import re
import uuid
from collections.abc import Callable

import structlog
from django.http import HttpRequest, HttpResponse
from django.utils.log import log_response

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id_from(sent: str | None) -> str:
    """The id a proxy sent if it is a plain token, otherwise a new one."""
    if sent is not None and _SANE.fullmatch(sent):
        return sent
    return uuid.uuid4().hex


def log_context_id() -> str | None:
    """The id that work queued now should carry: the request's, or, in a task run by the
    worker, the one the task carries (its request's, or the task's own when it has none)."""
    bound = structlog.contextvars.get_contextvars()
    origin = bound.get("request_id") or bound.get("task_id")
    return str(origin) if origin else None


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # META, not request.headers: that would build a dict of every header per request.
        request_id = request_id_from(request.META.get("HTTP_X_REQUEST_ID"))
        # Cleared at both ends: a process serves one request after another, and nothing of
        # the last one may stick to the next.
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            response = self.get_response(request)
            if response.status_code >= 400:
                # Django logs an error answer after the last middleware has returned, outside
                # the request's context; logged here (once: it marks the response) the line
                # carries the id.
                log_response(
                    "%s: %s",
                    response.reason_phrase,
                    request.path,
                    response=response,
                    request=request,
                )
        finally:
            structlog.contextvars.clear_contextvars()
        response[HEADER] = request_id
        return response
