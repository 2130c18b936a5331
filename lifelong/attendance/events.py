"""The kinds of log events attendance writes (audit/events.py)."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from lifelong.attendance.models import AttendanceMethod, AttendanceStatus
from lifelong.audit.events import Data, EventKind, choice_label, day, event_kinds_declare


def _day(data: Data) -> Mapping[str, str]:
    return {"date": day(data["session_starts"])}


_SESSION = {"session_id": 1, "session_starts": "2030-04-02T08:00:00+00:00"}

event_kinds_declare(
    EventKind("pass.replaced", _("check-in pass replaced")),
    # One kind per way a record is made: "attendance.desk", "attendance.paper", … (closing a
    # day writes one "session.closed" instead of one per person).
    *(
        EventKind(
            f"attendance.{method}",
            _("attendance %(date)s: %(from)s → %(to)s"),
            data=_SESSION,
            states=choice_label(AttendanceStatus),
            values=_day,
        )
        for method in AttendanceMethod.values
        if method != AttendanceMethod.CLOSING
    ),
    EventKind(
        "session.closed",
        ngettext_lazy(
            "day %(date)s closed: %(absent)s absent",
            "day %(date)s closed: %(absent)s absent",
            "absent",
        ),
        data={**_SESSION, "absent": 3},
        values=_day,
    ),
)
