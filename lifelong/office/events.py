"""The kinds of log events the office writes (audit/events.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from lifelong.audit.events import EventKind, event_kinds_declare

event_kinds_declare(
    EventKind("person.name_corrected", _("name corrected"), data={"applications": 2}),
    EventKind("person.data_requested", _("copy of their data requested"), data={"export": 1}),
    EventKind(
        "person.erased",
        ngettext_lazy(
            "personal data erased (%(applications)s application)",
            "personal data erased (%(applications)s applications)",
            "applications",
        ),
        data={"applications": 2, "certificates_withdrawn": 1, "by_administrator": False},
    ),
    # A night's retention run: how many of each kind went (office/retention.py).
    EventKind(
        "retention.applied",
        # Six numbers in one sentence: each after its name, so no noun needs a plural form.
        _(
            "retention: applications deleted: %(applications)s; dates of birth removed: "
            "%(dates_of_birth)s; attendance records deleted: %(attendance)s; log entries "
            "pseudonymised: %(log_entries)s; finished tasks deleted: %(tasks)s; expired "
            "sessions deleted: %(sessions)s"
        ),
        data={
            "applications": 2,
            "dates_of_birth": 1,
            "attendance": 10,
            "log_entries": 40,
            "tasks": 7,
            "sessions": 3,
        },
    ),
)
