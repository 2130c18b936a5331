"""Self check-in: a participant scans the room's QR code with their phone.

The code is checked the moment it is scanned, and the page it opens asks for one tap: a GET
records nothing, the button's POST does. The button carries the scan (day, moment, person)
signed with the site's key for a short while, so the moment of the scan is what counts.
Someone not signed in yet is sent to sign in first, which can take longer than the code
lives (a code arrives by e-mail), so the scan is remembered in their browser session with its
time and offered again right after sign-in.
"""

from datetime import datetime, timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from lifelong.accounts.access import signed_in_user
from lifelong.attendance.codes import Scan, room_code_read, scan_token, scan_token_read
from lifelong.attendance.days import CheckinDay, day_with_own_place
from lifelong.attendance.errors import AttendanceError
from lifelong.attendance.services import self_check_in, self_check_in_problem

_PENDING = "attendance.pending_scan"
# How long a scan made before signing in may be completed by signing in.
PENDING_SCAN_LIFETIME = timedelta(minutes=15)


def _done(
    request: HttpRequest,
    day: CheckinDay | None,
    error: AttendanceError | None,
    already: bool = False,
) -> HttpResponse:
    return render(
        request,
        "attendance/checked_in.html",
        {"day": day, "error": error, "already": already},
        status=200 if error is None else 400,
    )


def _check_in(request: HttpRequest, session_id: int, scanned_at: datetime) -> HttpResponse:
    user = signed_in_user(request)
    scanned = day_with_own_place(session_id=session_id, user_id=user.pk)
    if scanned is None:
        return _done(request, None, AttendanceError("code_invalid"))
    try:
        check_in = self_check_in(scanned=scanned, user=user, scanned_at=scanned_at)
    except AttendanceError as error:
        return _done(request, scanned.day, error)
    return _done(request, scanned.day, None, already=check_in.already)


def _confirm(request: HttpRequest, session_id: int, scanned_at: datetime) -> HttpResponse:
    """The page a scan opens: the day, and a button that checks in. Reads only."""
    user = signed_in_user(request)
    scanned = day_with_own_place(session_id=session_id, user_id=user.pk)
    if scanned is None:
        return _done(request, None, AttendanceError("code_invalid"))
    problem = self_check_in_problem(scanned=scanned, scanned_at=scanned_at)
    if problem is not None:
        return _done(request, scanned.day, problem)
    scan = scan_token(Scan(session_id=session_id, at=scanned_at, user_id=user.pk))
    return render(request, "attendance/confirm_checkin.html", {"day": scanned.day, "scan": scan})


def _check_in_posted(request: HttpRequest) -> HttpResponse:
    """The button of the page above: checks in as of the moment of the scan."""
    scan = scan_token_read(request.POST.get("scan", ""))
    if scan is None:
        return _done(request, None, AttendanceError("code_expired"))
    if scan.user_id != request.user.pk:
        return _done(request, None, AttendanceError("code_invalid"))
    return _check_in(request, scan.session_id, scan.at)


def self_checkin(request: HttpRequest, code: str) -> HttpResponse:
    if request.method == "POST" and request.user.is_authenticated:
        return _check_in_posted(request)
    now = timezone.now()
    room = room_code_read(code, at=now)
    if room is None:
        return _done(request, None, AttendanceError("code_invalid"))
    if not room.fresh:
        return _done(request, None, AttendanceError("code_expired"))
    if not request.user.is_authenticated:
        request.session[_PENDING] = {"session_id": room.session_id, "at": now.isoformat()}
        return redirect(f"{reverse('account_login')}?next={reverse('self_checkin_pending')}")
    return _confirm(request, room.session_id, now)


@login_required
def self_checkin_pending(request: HttpRequest) -> HttpResponse:
    """Offers a scan made before signing in; its button checks in."""
    if request.method == "POST":
        request.session.pop(_PENDING, None)
        return _check_in_posted(request)
    pending = request.session.get(_PENDING)
    if not isinstance(pending, dict):
        return _done(request, None, AttendanceError("code_expired"))
    scanned_at = parse_datetime(pending["at"])
    if scanned_at is None or timezone.now() - scanned_at > PENDING_SCAN_LIFETIME:
        return _done(request, None, AttendanceError("code_expired"))
    return _confirm(request, int(pending["session_id"]), scanned_at)
