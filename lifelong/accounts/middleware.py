"""Two-factor authentication for the people who can change a programme: the back office
(/xx/staff/…) and the Django admin (/admin/) open to an owner, organiser or site
administrator only in a session that passed their authenticator app. Someone without an app
is sent to set one up; someone with one whose session did not use it (a session made by some
other way than allauth's sign-in) is asked for its code again (allauth's reauthentication).

The check costs one or two small queries once per session: that the session passed is kept
in it, so the check-in desk's scans pay nothing. Whether it passed comes from allauth's
record of the session's authentication steps (`get_authentication_records`), which only
allauth's sign-in and reauthentication write. A role that newly needs the second factor ends
the person's sessions (`accounts/services.py`), so the check runs again on the next sign-in.
The same once-per-session step gives a back-office session its shorter idle time.
"""

import re
from collections.abc import Callable
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from lifelong.accounts.models import Membership, Role, User
from lifelong.accounts.sessions import session_idle_limit_set

BACK_OFFICE_PATH = re.compile(r"^/(?:[a-z]{2}/staff|admin)/")
# The session passed the check (its value is the person's id). Renamed from the check that
# only asked whether an app existed, so that no session marked by that one is trusted.
SESSION_KEY = "lifelong_second_factor_passed"
SET_UP_SESSION_KEY = "lifelong_second_factor_set_up"
# Where the person was going when sent to set up their app (a path of this site).
NEXT_SESSION_KEY = "lifelong_after_second_factor"


def needs_second_factor(user: User) -> bool:
    """Whether the person's roles require an authenticator app: anyone who may open the
    Django admin (staff status) too."""
    if user.is_superuser or user.is_staff:
        return True
    return Membership.objects.filter(user=user, role__in=(Role.OWNER, Role.ORGANISER)).exists()


def session_idle_minutes(user: User, *, staff: bool | None = None) -> int | None:
    """How long a session of this person may stay idle: staff and check-in devices shorter
    than participants, who keep the session's full age (None). `staff`: needs_second_factor,
    if the caller knows it already."""
    if staff if staff is not None else needs_second_factor(user):
        return int(settings.STAFF_SESSION_IDLE_MINUTES)
    if Membership.objects.filter(user=user, role=Role.CHECKIN).exists():
        return int(settings.CHECKIN_SESSION_IDLE_MINUTES)
    return None


def has_second_factor(user: User) -> bool:
    found: bool = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return found


def passed_second_factor(request: HttpRequest, user: User) -> bool:
    """Whether this session's sign-in (or a later reauthentication) used the person's
    authenticator app, as allauth records each step of a session's authentication; or the
    app was set up in this session, which took a code from it."""
    if request.session.get(SET_UP_SESSION_KEY) == user.pk:
        return True
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def second_factor_set_up(request: HttpRequest) -> None:
    """Records that the person set up their app in this session (with a code from it)."""
    request.session[SET_UP_SESSION_KEY] = request.user.pk


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
            staff = needs_second_factor(user)
            if staff and not passed_second_factor(request, user):
                return _to_second_factor(request, user)
            # A role given during the session (an accepted invitation) shortens it from now.
            minutes = session_idle_minutes(user, staff=staff)
            session_idle_limit_set(request.session, minutes=minutes)
            request.session[SESSION_KEY] = user.pk
        return self.get_response(request)


def _to_second_factor(request: HttpRequest, user: User) -> HttpResponse:
    query = urlencode({"next": request.get_full_path()})
    if has_second_factor(user):
        messages.info(
            request, _("Please confirm it is you with a code from your authenticator app.")
        )
        return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
    messages.info(
        request,
        _(
            "The back office needs a second factor. Set up an authenticator app "
            "(for example FreeOTP, Aegis or Google Authenticator) to go on."
        ),
    )
    request.session[NEXT_SESSION_KEY] = request.get_full_path()
    return redirect(f"{reverse('mfa_activate_totp')}?{query}")
