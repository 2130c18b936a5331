"""The kinds of log events the office writes (audit/events.py)."""

from django.utils.translation import gettext_lazy as _

from lifelong.audit.events import EventKind, event_kinds_declare

event_kinds_declare(
    EventKind("person.name_corrected", _("name corrected"), data={"applications": 2}),
    EventKind("person.data_requested", _("copy of their data requested"), data={"export": 1}),
    EventKind(
        "person.erased",
        _("personal data erased (%(applications)s applications)"),
        data={"applications": 2, "certificates_withdrawn": 1, "by_administrator": False},
    ),
    # A night's retention run: how many of each kind went (office/retention.py).
    EventKind(
        "retention.applied",
        _(
            "retention: %(applications)s applications deleted, %(dates_of_birth)s dates of "
            "birth removed, %(attendance)s attendance records deleted, %(log_entries)s log "
            "entries pseudonymised, %(tasks)s finished tasks and %(sessions)s expired "
            "sessions deleted"
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
