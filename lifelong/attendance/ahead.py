"""Days still ahead. Nobody can have been present (or late) on a programme day that has not
come, so the services refuse those statuses for it (excused, said in advance, stays
possible), and what was recorded before they did is read as not recorded wherever
attendance is counted: the matrix, the dashboard, the certificate rule."""

from datetime import date, datetime

from django.utils import timezone

from lifelong.attendance.models import AttendanceStatus

# What counts as having attended a day (the certificate rule may count "excused" too).
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


def day_ahead(starts_at: datetime, *, today: date) -> bool:
    """The programme day falls after `today`, both in the site's time zone (Europe/Berlin)."""
    return timezone.localdate(starts_at) > today


def status_as_read(status: str | None, *, starts_at: datetime, today: date) -> str | None:
    """The recorded status as it counts on `today`: present or late on a day still ahead
    was never true, and counts as nothing recorded (None)."""
    if status in ATTENDED and day_ahead(starts_at, today=today):
        return None
    return status
