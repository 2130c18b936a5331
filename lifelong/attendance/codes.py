"""The room screen's code, which changes every 30 seconds (a participant's personal pass
code is enrolment's: `enrolment/passes.py`).

A room code names a session and a 30-second window, signed with the site's secret key
(`django.core.signing`, salted for this purpose). It is accepted in its own window and the
next one, so a code scanned just before the screen changes still works, and never later:
a photo of the screen is useless after at most a minute. No state is stored, so any number
of app servers agree on it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing

ROOM_CODE_SECONDS = 30
_ROOM_CODE_SALT = "lifelong.attendance.room"


def room_window(at: datetime) -> int:
    return int(at.timestamp()) // ROOM_CODE_SECONDS


def room_code(*, session_id: int, at: datetime) -> str:
    return signing.Signer(salt=_ROOM_CODE_SALT).sign(f"{session_id}.{room_window(at)}")


@dataclass(frozen=True)
class RoomCode:
    session_id: int
    fresh: bool  # still inside its own or the following window


def room_code_read(code: str, *, at: datetime) -> RoomCode | None:
    """The session a room code names, and whether it is still fresh; None if forged."""
    try:
        value = signing.Signer(salt=_ROOM_CODE_SALT).unsign(code)
    except signing.BadSignature:
        return None
    session_id, _dot, window = value.partition(".")
    if not (session_id.isdigit() and window.isdigit()):
        return None
    age = room_window(at) - int(window)
    return RoomCode(session_id=int(session_id), fresh=0 <= age <= 1)


# --- the scan, between the page it opens and the tap on its button ----------------------

SCAN_TOKEN_LIFETIME = timedelta(minutes=2)
_SCAN_SALT = "lifelong.attendance.scan"


@dataclass(frozen=True)
class Scan:
    session_id: int
    at: datetime
    user_id: int


def scan_token(scan: Scan) -> str:
    """The scan, signed for the check-in button of the page it opened."""
    return signing.dumps(
        {"session_id": scan.session_id, "at": scan.at.isoformat(), "user_id": scan.user_id},
        salt=_SCAN_SALT,
    )


def scan_token_read(token: str) -> Scan | None:
    """The scan a button carries, if genuine and tapped within SCAN_TOKEN_LIFETIME."""
    try:
        value = signing.loads(token, salt=_SCAN_SALT, max_age=SCAN_TOKEN_LIFETIME)
    except signing.BadSignature:  # SignatureExpired included
        return None
    return Scan(
        session_id=int(value["session_id"]),
        at=datetime.fromisoformat(value["at"]),
        user_id=int(value["user_id"]),
    )
