"""Self check-in: a participant scans the room's QR code with their phone.

The code is checked the moment it is scanned. Someone not signed in yet is sent to sign in
first, which can take longer than the code lives (a code arrives by e-mail), so the scan is
remembered in their browser session with its time and completed right after sign-in.
"""

from datetime import datetime, timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from lifelong.accounts.access import signed_in_user
from lifelong.attendance.codes import room_code_read
from lifelong.attendance.days import CheckinDay, day_with_own_place
from lifelong.attendance.errors import AttendanceError
from lifelong.attendance.services import self_check_in

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


def self_checkin(request: HttpRequest, code: str) -> HttpResponse:
    now = timezone.now()
    room = room_code_read(code, at=now)
    if room is None:
        return _done(request, None, AttendanceError("code_invalid"))
    if not room.fresh:
        return _done(request, None, AttendanceError("code_expired"))
    if not request.user.is_authenticated:
        request.session[_PENDING] = {"session_id": room.session_id, "at": now.isoformat()}
        return redirect(f"{reverse('account_login')}?next={reverse('self_checkin_pending')}")
    return _check_in(request, room.session_id, now)


@login_required
def self_checkin_pending(request: HttpRequest) -> HttpResponse:
    """Completes a scan made before signing in, once."""
    pending = request.session.pop(_PENDING, None)
    scanned_at = parse_datetime(pending["at"]) if isinstance(pending, dict) else None
    if scanned_at is None or timezone.now() - scanned_at > PENDING_SCAN_LIFETIME:
        return _done(request, None, AttendanceError("code_expired"))
    return _check_in(request, int(pending["session_id"]), scanned_at)
