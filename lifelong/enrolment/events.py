"""The kinds of log events and the system's reasons that enrolment writes (audit/events.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from lifelong.audit.events import (
    EventKind,
    ReasonKind,
    choice_label,
    event_kinds_declare,
    reason_kinds_declare,
)
from lifelong.catalogue.models import EditionSelectionMode
from lifelong.enrolment.models import ApplicationState

_application_state = choice_label(ApplicationState)

event_kinds_declare(
    EventKind("application.submitted", "%(from)s → %(to)s", states=_application_state),
    EventKind("application.state", "%(from)s → %(to)s", states=_application_state),
    EventKind(
        "waitlist.moved",
        _("waiting list: position %(from_position)s → %(to_position)s"),
        data={"from_position": 4, "to_position": 1},
    ),
    # from_state and to_state hold the old and the new number of places.
    EventKind("edition.capacity", _("places: %(from)s → %(to)s")),
    EventKind(
        "lottery.drawn",
        ngettext_lazy(
            "lottery drawn among %(candidates)s application",
            "lottery drawn among %(candidates)s applications",
            "candidates",
        ),
        data={"seed": "5f0c…", "candidates": 12},
    ),
    EventKind(
        "edition.selection",  # from_state and to_state hold the old and the new mode
        ngettext_lazy(
            "selection: %(from)s → %(to)s; %(told)s applicant told by e-mail",
            "selection: %(from)s → %(to)s; %(told)s applicants told by e-mail",
            "told",
        ),
        states=choice_label(EditionSelectionMode),
        data={"told": 12},
    ),
    EventKind(
        "edition.message_sent",  # the message's subject is the event's reason
        ngettext_lazy(
            "message to %(recipients)s person", "message to %(recipients)s people", "recipients"
        ),
        data={"message": 1, "recipients": 12},
    ),
)

reason_kinds_declare(
    ReasonKind("first_come", _("first come, first served")),
    # The two reasons a place is refused (`places.Places.problem_for`).
    ReasonKind("no_place_left", _("no place was left")),
    ReasonKind("quota_full", _("the group's places were taken")),
    ReasonKind("place_freed", _("a place was freed")),
    ReasonKind("offer_accepted", _("offer accepted")),
    ReasonKind("offer_declined", _("offer declined")),
    ReasonKind("offer_not_answered", _("offer not answered in time")),
    ReasonKind("cancelled_by_participant", _("cancelled by the participant")),
    ReasonKind("person_erased", _("the person's data was erased at their request")),
    ReasonKind(
        "lottery_drawn",
        _("lottery: drawn %(number)s of %(count)s"),
        data={"number": 3, "count": 40},
    ),
)
