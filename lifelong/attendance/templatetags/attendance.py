from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

from lifelong.attendance.models import AttendanceStatus

register = template.Library()


def _letters() -> dict[str, str]:
    return {
        AttendanceStatus.PRESENT: pgettext("attendance letter", "P"),
        AttendanceStatus.LATE: pgettext("attendance letter", "L"),
        AttendanceStatus.EXCUSED: pgettext("attendance letter", "E"),
        AttendanceStatus.ABSENT: pgettext("attendance letter", "A"),
        "": "–",
    }


def _label(status: str) -> str:
    if status in AttendanceStatus.values:
        return str(AttendanceStatus(status).label)
    return pgettext("attendance", "not recorded")


@register.filter
def attendance_letter(status: str) -> SafeString:
    """A one-letter cell for the matrix that a screen reader reads as the whole word."""
    return format_html('<abbr title="{}">{}</abbr>', _label(status), _letters().get(status, "?"))


@register.simple_tag
def attendance_legend() -> SafeString:
    return format_html_join(
        " · ", "{} {}", ((letter, _label(status)) for status, letter in _letters().items())
    )
