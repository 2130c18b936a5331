"""Site-wide endpoints that belong to no domain: health, the language switch, the site
operator's privacy notice and imprint, and the error pages."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
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
