"""A participant's check-in pass: a personal code that comes with an accepted place, shown as
a QR code on "My programmes" and in the acceptance e-mail, scanned or typed at the desk.

Pass codes are random, eight characters from an alphabet without look-alikes (no 0/O, 1/I/L),
shown as `ABCD-EFGH`: short enough to read out or type, far too many to guess (31^8).
"""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from lifelong.enrolment.models import Application, CheckinPass
from lifelong.lib.codes import READABLE_ALPHABET
from lifelong.lib.qr import qr_png, qr_svg

PASS_ALPHABET = READABLE_ALPHABET
PASS_LENGTH = 8
_NOT_PASS_CHARACTERS = re.compile(r"[^0-9A-Z]")


def pass_code_new() -> str:
    raw = "".join(secrets.choice(PASS_ALPHABET) for _ in range(PASS_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def pass_code_normalised(typed: str) -> str:
    """What a person typed or a scanner sent, in the stored form: case, spaces and dashes
    do not matter."""
    raw = _NOT_PASS_CHARACTERS.sub("", typed.upper())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == PASS_LENGTH else raw


def checkin_pass_of(application: Application) -> CheckinPass | None:
    """The participant's valid pass, if they have one (a read: it never makes one)."""
    return CheckinPass.objects.filter(application=application, revoked_at=None).first()


def checkin_pass_add(*, application: Application, now: datetime) -> CheckinPass:
    """A new valid pass; inside the transaction that accepts the place (or replaces a pass,
    once the old one is revoked)."""
    return CheckinPass.objects.create(application=application, code=pass_code_new(), created_at=now)


@dataclass(frozen=True)
class PassPicture:
    code: str
    svg: str


def pass_picture(checkin_pass: CheckinPass) -> PassPicture:
    # The QR code holds the bare code: a handheld scanner types it into the desk's field.
    return PassPicture(
        code=checkin_pass.code,
        svg=qr_svg(
            checkin_pass.code,
            title=_("QR code of your pass: %(code)s") % {"code": checkin_pass.code},
        ),
    )


def pass_png(checkin_pass: CheckinPass) -> bytes:
    return qr_png(checkin_pass.code)
