"""Site-wide endpoints that belong to no domain: liveness and readiness, the metrics for
Prometheus, the language switch,
the site operator's privacy notice and imprint, and the error pages."""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from lifelong.catalogue.models import Institution
from lifelong.catalogue.privacy import notice_of_operator, operator
from lifelong.jobs.metrics import TaskQueueCollector
from lifelong.jobs.selectors import task_queue_state
from lifelong.lib.metrics import EXPOSITION_CONTENT_TYPE, access_metrics, metrics_exposition

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: 200 while this app server answers at all; it reads nothing, so a database or
    cache outage does not make a process manager restart healthy servers (docs/deployment.md,
    "Health and readiness")."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when this app server can serve (the database and the shared cache
    answer), 503 when it cannot. The task queue's age is reported too; workers that fall
    behind make the answer "degraded" but not unready, since the pages still work."""
    checks = {
        "database": _check(_database_answers),
        "cache": _check(_cache_answers),
        "task_queue": _task_queue_check(),
    }
    serving = checks["database"]["ok"] and checks["cache"]["ok"]
    status = "ok" if serving and checks["task_queue"]["ok"] else "degraded"
    return JsonResponse(
        {"status": status if serving else "unavailable", "checks": checks},
        status=200 if serving else 503,
    )


def _check(probe: Callable[[], None]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        probe()
    except Exception as error:  # any failure of the service means "not ready", said plainly
        logger.warning("readiness check failed: %s", type(error).__name__)
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "ms": round(1000 * (time.perf_counter() - started), 1)}


def _database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache_answers() -> None:
    """A read: it fails when the cache cannot be reached (a GET writes nothing, not even to
    the cache, which is a table of the database with CACHE_URL=db://)."""
    caches["default"].get("readyz:probe")


def _task_queue_check() -> dict[str, Any]:
    try:
        queue = task_queue_state()
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    return {
        "ok": queue.oldest_age_seconds <= settings.TASK_QUEUE_MAX_AGE_SECONDS,
        "waiting": queue.waiting,
        "oldest_age_seconds": round(queue.oldest_age_seconds, 1),
        "max_age_seconds": settings.TASK_QUEUE_MAX_AGE_SECONDS,
    }


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """The metrics in Prometheus's text format, for Prometheus only (its bearer token); to
    anyone else the address does not exist. The queue's gauges cost one query per scrape."""
    if not access_metrics(request):
        raise Http404
    return HttpResponse(
        metrics_exposition(TaskQueueCollector()), content_type=EXPOSITION_CONTENT_TYPE
    )


@require_safe
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Remember the chosen language in a cookie and go to the page in that language.

    A plain link (no form, no CSRF token) so that public pages stay cacheable.
    """
    target = request.GET.get("next", f"/{code}/")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    response = HttpResponseRedirect(target if safe else f"/{code}/")
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """The operator's notice: the site itself, and where each institution's notice is."""
    return render(
        request,
        "privacy/notice.html",
        {
            "notice": notice_of_operator(),
            "controller": operator(),
            "institutions": Institution.objects.order_by("slug"),
        },
    )


@require_safe
def imprint(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/imprint.html",
        {"party": operator(), "institutions": Institution.objects.order_by("slug")},
    )


# --- error pages ----------------------------------------------------------------------------
# They must work when nothing else does: no database, no session, no person. So they are
# rendered from a plain context (no context processors) by a template that extends nothing.


def _error_page(
    request: HttpRequest, status: int, heading: Promise, explanation: Promise
) -> HttpResponse:
    """The page, in the language of the address (the texts are lazy: translated here)."""
    language = translation.get_language_from_path(request.path_info) or (
        translation.get_language() or settings.LANGUAGE_CODE
    )
    with translation.override(language):
        others = [(code, name) for code, name in settings.LANGUAGES if code != language]
        context = {
            "language": language,
            "site_name": settings.SITE_NAME,
            "status": status,
            "heading": heading,
            "explanation": explanation,
            "other_language": (
                {"code": others[0][0], "label": _OTHER_LANGUAGE_LINK[others[0][0]]}
                if others
                else None
            ),
        }
        content = loader.get_template("errors/page.html").render(context)
    response = HttpResponse(content, status=status)
    response["Cache-Control"] = "no-store"
    return response


# The way back in the other language, written in that language.
_OTHER_LANGUAGE_LINK = {"de": "Zur deutschen Startseite", "en": "To the English home page"}


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        400,
        _("The request could not be understood"),
        _(
            "The address or the form sent was not complete or not valid. Please go back and try "
            "again."
        ),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        403,
        _("You may not open this page"),
        _(
            "Your account does not have access to this page. If you think it should, ask the "
            "organisers of the programme."
        ),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        404,
        _("Page not found"),
        _(
            "There is no page at this address, or it is not open to you. Perhaps the link is old "
            "or was typed with a mistake."
        ),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(
        request,
        500,
        _("Something went wrong on our side"),
        _(
            "The error has been recorded. Please try again in a few minutes; if it happens again, "
            "write to the organisers of your programme."
        ),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(
        request,
        403,
        _("The form has expired"),
        _(
            "For your security, a form can only be sent from this site and while your browser "
            "keeps its cookies. Please go back, reload the page and send the form again."
        ),
    )
