"""The kinds of log events accounts write: the institutions' staff (audit/events.py)."""

from django.utils.translation import gettext_lazy as _

from lifelong.accounts.models import Role
from lifelong.audit.events import EventKind, choice_label, event_kinds_declare

_role = choice_label(Role)
_EMAIL = {"email": "kim@example.org"}

event_kinds_declare(
    EventKind("staff.invited", _("%(email)s invited as %(to)s"), data=_EMAIL, states=_role),
    EventKind(
        "staff.joined",
        _("%(email)s joined as %(to)s"),
        data={**_EMAIL, "invitation": 1},
        states=_role,
    ),
    EventKind("staff.invitation_withdrawn", _("invitation of %(email)s withdrawn"), data=_EMAIL),
    EventKind(
        "staff.role_changed", _("role of %(email)s: %(from)s → %(to)s"), data=_EMAIL, states=_role
    ),
    EventKind(
        "staff.removed",
        _("%(email)s removed from the staff (was %(from)s)"),
        data=_EMAIL,
        states=_role,
    ),
    # The subject is the helper's membership; the data names the edition.
    EventKind(
        "staff.checkin_assigned", _("made check-in helper of an edition"), data={"edition": 1}
    ),
    EventKind(
        "staff.checkin_unassigned",
        _("no longer check-in helper of an edition"),
        data={"edition": 1},
    ),
)
