"""A participant's pass as people see it: the code and its QR code."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from lifelong.attendance.models import CheckinPass
from lifelong.lib.qr import qr_png, qr_svg


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
