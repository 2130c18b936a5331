"""The one family of enrolment errors. Each carries a machine-readable code; the interfaces
turn it into a form error, an HTTP status or a message, always in the reader's language."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lifelong.lib.errors import DomainError

MESSAGES: dict[str, Promise] = {
    "not_published": _("This edition does not take applications."),
    "window_not_open": _("Applications for this edition have not opened yet."),
    "deadline_passed": _("The application deadline has passed."),
    "already_applied": _("You have already applied for this edition."),
    "edition_full": _("This edition is full and keeps no waiting list."),
    "no_place_left": _("No place is free: every place ({capacity}) is taken or offered."),
    "quota_full": _("All places for this audience are taken."),
    "audience_required": _("Please choose the group you belong to."),
    "audience_unknown": _("This group is not among the edition's audiences."),
    "email_domain": _("This group is open to e-mail addresses at {domains} only."),
    "too_young": _("This group is open to people aged {age} and over."),
    "date_of_birth_required": _("Please enter your date of birth: this group has an age limit."),
    "student_confirmation_required": _("Please confirm that you are an enrolled student."),
    "invalid_transition": _("This application cannot change from “{from_state}” to “{to}”."),
    "already_accepted": _("This person already has a place."),
    "already_waitlisted": _("This person is on the waiting list already."),
    "already_in_state": _("This application is “{state}” already."),
    "place_already_yours": _("You already have a place."),
    "offer_lapsed": _("This offer has lapsed."),
    "capacity_below_taken": _(
        "Places taken or offered: {taken}. The edition needs at least as many."
    ),
    "reason_required": _("Please give a reason; it is kept in the log."),
    "position_invalid": _("Choose a position between 1 and {count}."),
    "lottery_not_due": _("The lottery is not due until {at}."),
    "not_a_lottery": _("This edition does not select by lottery."),
    "lottery_decides": _(
        "Places in this lottery edition are given by the draw on {at}. To accept people by "
        "hand, change the selection mode first."
    ),
    "no_place": _("A check-in pass comes with a confirmed place."),
}


class EnrolmentError(DomainError):
    MESSAGES = MESSAGES
