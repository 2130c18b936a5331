"""State names of several domains, for pages that show them side by side (the log)."""

from django import template

from lifelong.attendance.models import AttendanceStatus
from lifelong.enrolment.models import ApplicationState

register = template.Library()


@register.filter
def state_label(value: str) -> str:
    """The translated name of an application or attendance state, as stored in the log."""
    if value in ApplicationState.values:
        return str(ApplicationState(value).label)
    if value in AttendanceStatus.values:
        return str(AttendanceStatus(value).label)
    return value
