"""The one family of attendance errors: a machine-readable code and a message in the
reader's language, like `lifelong.enrolment.errors`."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lifelong.lib.errors import DomainError

MESSAGES: dict[str, Promise] = {
    "pass_unknown": _("No pass has this code. Check the code and try again."),
    "pass_revoked": _("This pass has been replaced by a newer one. Ask for the current pass."),
    "pass_other_edition": _("This pass is for another programme or edition."),
    "not_accepted": _("{name} does not hold a confirmed place in this edition."),
    "not_a_participant": _("You do not hold a confirmed place in this edition."),
    "code_invalid": _("This check-in code is not valid. Scan the code on the screen again."),
    "code_expired": _(
        "This check-in code has expired. Scan the code on the screen in the room again."
    ),
    "too_early": _("Check-in opens at {at}."),
    "too_late": _("Check-in for this day closed at {at}."),
    "session_closed": _(
        "The attendance of this day has been closed. An organiser can still correct it."
    ),
    "reason_required": _("Please give a reason; it is kept in the log."),
    "status_unknown": _("Choose one of the attendance statuses."),
    "not_recorded": _("Nothing has been recorded for {name} on this day."),
    "day_ahead": _(
        "The programme day on {day} has not come yet: nobody can have been present or late "
        "on it. Before the day, only “Excused” or “Absent” can be entered."
    ),
}


class AttendanceError(DomainError):
    MESSAGES = MESSAGES
