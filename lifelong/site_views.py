"""Site-wide endpoints that belong to no domain: health, the language switch, the site
operator's privacy notice and imprint."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from lifelong.catalogue.models import Institution
from lifelong.catalogue.privacy import notice_of_operator, operator


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


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
