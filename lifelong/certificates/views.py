"""Public pages of certificates: verification by code or credential, the keys and the
revocation list that verifiers fetch; and the participant's own downloads.

The verification page is what a certificate's QR code opens (the short address, in the
language the browser asks for; /de/verify/… and /en/verify/… show it in theirs). It is
cached whole per address, language and revocation state (one short query decides), so it
stays fast when it is opened often; a revocation changes the key and shows at once.
"""

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from lifelong.accounts.access import signed_in_user
from lifelong.certificates.access import access_certificate_by_id_as_holder
from lifelong.certificates.codes import certificate_code_normalised
from lifelong.certificates.credentials import (
    MEDIA_TYPE,
    CredentialCheck,
    CredentialState,
    credential_check,
    status_list_credential,
)
from lifelong.certificates.errors import CertificateError
from lifelong.certificates.forms import MAX_CREDENTIAL_BYTES, CredentialForm, VerifyCodeForm
from lifelong.certificates.keys import did_document, public_key_set
from lifelong.certificates.models import Certificate
from lifelong.certificates.ratelimit import (
    seconds_left_in_window,
    unknown_code_counted,
    verification_refused,
)
from lifelong.certificates.selectors import Shown

# Per process on purpose, keyed by what decides the page (settings.py, CACHES["local"]):
# a hit costs no round trip to a shared cache.
_PAGES = caches["local"]

_STATE = "SELECT id, revoked_at FROM certificates_certificate WHERE code = %s"


def _state(code: str) -> tuple[int, str] | None:
    """The certificate's id and revocation moment (as text, for the cache key), in one
    plain statement: all a cached page needs to know."""
    with connection.cursor() as cursor:
        cursor.execute(_STATE, [code])
        row = cursor.fetchone()
    return (int(row[0]), str(row[1] or "")) if row else None


def _refused(request: HttpRequest) -> HttpResponse:
    minutes = -(-seconds_left_in_window() // 60)
    response = render(request, "certificates/verify_refused.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(seconds_left_in_window())
    return response


def _code_page(request: HttpRequest, code: str) -> str:
    """The address of a code's page beside the page asked for: short, or in its language."""
    match = request.resolver_match
    return reverse("verify:code", args=[code], current_app=match.namespace if match else None)


def verify_form(request: HttpRequest) -> HttpResponse:
    """Type a code (GET, to its page), or paste or upload a signed credential (POST)."""
    code_form = VerifyCodeForm(request.GET or None)
    if code_form.is_valid():
        return redirect(_code_page(request, code_form.cleaned_data["code"]))
    if request.method != "POST":
        return _verify_page(request, code_form, CredentialForm(), None)
    # Refused and too-big requests are answered before the body is read; every answer but
    # a valid or revoked credential counts against the address, malformed ones included.
    if verification_refused(request):
        return _refused(request)
    if _content_length(request) > MAX_CREDENTIAL_BYTES + _FORM_OVERHEAD_BYTES:
        unknown_code_counted(request)
        too_big = CredentialCheck(
            state=CredentialState.INVALID, problem=gettext("This is too large to be a credential.")
        )
        return _verify_page(request, code_form, CredentialForm(), too_big, status=413)
    credential_form = CredentialForm(request.POST, request.FILES)
    if not credential_form.is_valid():
        unknown_code_counted(request)
        return _verify_page(request, code_form, credential_form, None, status=422)
    check = credential_check(credential_form.token(), now=timezone.now())
    if check.state == CredentialState.INVALID:
        unknown_code_counted(request)
    return _verify_page(request, code_form, credential_form, check)


# Room for the multipart boundaries, the CSRF token and the field names around a credential.
_FORM_OVERHEAD_BYTES = 16 * 1024


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _verify_page(
    request: HttpRequest,
    code_form: VerifyCodeForm,
    credential_form: CredentialForm,
    check: CredentialCheck | None,
    *,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "certificates/verify.html",
        {
            "code_form": code_form,
            "credential_form": credential_form,
            "check": check,
            "shown": Shown(check.certificate) if check and check.certificate else None,
        },
        status=status,
    )


@require_safe
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    normalised = certificate_code_normalised(code)
    if normalised is not None and normalised != code:
        return redirect(_code_page(request, normalised), permanent=True)
    if verification_refused(request):
        return _refused(request)
    state = _state(normalised) if normalised else None
    if state is None:
        unknown_code_counted(request)
        return render(
            request,
            "certificates/verify.html",
            {"code_form": VerifyCodeForm(initial={"code": code}), "unknown_code": code},
            status=404,
        )
    cacheable = (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )
    # The path, not only the code: the short page and the /de/ and /en/ pages link differently.
    page = f"{request.path}|{state[1]}|{get_language()}"
    key = "verify:" + hashlib.sha256(page.encode()).hexdigest()
    cached = _PAGES.get(key) if cacheable else None
    if cached is not None:
        return HttpResponse(cached, content_type="text/html; charset=utf-8")
    certificate = Certificate.objects.get(pk=state[0])
    response = render(
        request,
        "certificates/verify.html",
        {
            "code_form": VerifyCodeForm(),
            "certificate": certificate,
            "shown": Shown(certificate),
        },
    )
    if cacheable:
        _PAGES.set(key, response.content, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return response


def _credential_response(certificate: Certificate) -> HttpResponse:
    return HttpResponse(
        certificate.document.credential,
        content_type=MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{certificate.code}.jwt"'},
    )


@require_safe
def verify_credential(request: HttpRequest, code: str) -> HttpResponse:
    """The signed credential of a certificate, for anyone who holds its code."""
    if verification_refused(request):
        return _refused(request)
    certificate = (
        Certificate.objects.select_related("document")
        .filter(code=code, document__isnull=False)  # a withdrawn one has none
        .first()
    )
    if certificate is None:
        unknown_code_counted(request)
        raise Http404
    return _credential_response(certificate)


@require_safe
def jwks(request: HttpRequest) -> JsonResponse:
    return JsonResponse(public_key_set(), headers={"Cache-Control": "max-age=300"})


@require_safe
def did_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        did_document(),
        content_type="application/did+json",
        headers={"Cache-Control": "max-age=300"},
    )


@require_safe
def status_list(request: HttpRequest, number: int) -> HttpResponse:
    """The signed revocation list, as it stands now (verifiers should not cache it long)."""
    if number < 1:
        raise Http404
    try:
        listing = status_list_credential(number, now=timezone.now())
    except CertificateError:  # no signing key: this site has issued nothing to revoke
        raise Http404 from None
    return HttpResponse(listing, content_type=MEDIA_TYPE, headers={"Cache-Control": "no-cache"})


# --- the participant's own -----------------------------------------------------------------


@login_required
@require_safe
def my_certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = access_certificate_by_id_as_holder(signed_in_user(request), certificate_id)
    return HttpResponse(
        bytes(certificate.document.pdf),
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{certificate.code}.pdf"'},
    )


@login_required
@require_safe
def my_certificate_credential(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = access_certificate_by_id_as_holder(signed_in_user(request), certificate_id)
    return _credential_response(certificate)
