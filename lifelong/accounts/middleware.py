"""Two-factor authentication for the people who can change a programme: before any
back-office page, an owner, organiser or site administrator without an authenticator app is
sent to set one up. Signing in then asks for its code after the e-mail code (allauth MFA).

The check costs two small queries once per session: its result is kept in the session,
so the check-in desk's scans pay nothing. A role that newly needs the second factor ends
the person's sessions (`accounts/services.py`), so the check runs again on the next sign-in.
"""

import re
from collections.abc import Callable
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from lifelong.accounts.models import Membership, Role, User

BACK_OFFICE_PATH = re.compile(r"^/[a-z]{2}/staff/")
SESSION_KEY = "lifelong_second_factor_checked"
# Where the person was going when sent to set up their app (a path of this site).
NEXT_SESSION_KEY = "lifelong_after_second_factor"


def needs_second_factor(user: User) -> bool:
    """Whether the person's roles require an authenticator app."""
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role__in=(Role.OWNER, Role.ORGANISER)).exists()


def has_second_factor(user: User) -> bool:
    found: bool = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return found


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            isinstance(user, User)
            and BACK_OFFICE_PATH.match(request.path_info)
            and request.session.get(SESSION_KEY) != user.pk
        ):
            if needs_second_factor(user) and not has_second_factor(user):
                messages.info(
                    request,
                    _(
                        "The back office needs a second factor. Set up an authenticator app "
                        "(for example FreeOTP, Aegis or Google Authenticator) to go on."
                    ),
                )
                request.session[NEXT_SESSION_KEY] = request.get_full_path()
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
            request.session[SESSION_KEY] = user.pk
        return self.get_response(request)
