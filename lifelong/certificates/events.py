"""The kinds of log events certificates write (audit/events.py)."""

from django.utils.translation import gettext_lazy as _

from lifelong.audit.events import EventKind, event_kinds_declare

_ASSESSMENT = {"assessment": 1, "name_de": "Projektarbeit", "name_en": "Project paper"}

event_kinds_declare(
    EventKind(
        "certificate.rule_changed",
        _("certificate rule changed"),
        data={"before": {}, "after": {"kind": "attendance"}, "mandatory_sessions": [1]},
    ),
    EventKind("assessment.added", _("assessed work changed"), data=_ASSESSMENT),
    EventKind("assessment.changed", _("assessed work changed"), data=_ASSESSMENT),
    EventKind("assessment.removed", _("assessed work changed"), data=_ASSESSMENT),
    # from_state and to_state hold the outcome before and after (passed, failed).
    EventKind(
        "assessment.result",
        _("assessed work changed"),
        data={"assessment": 1, "grade": "1,3", "grade_before": ""},
    ),
    EventKind(
        "certificate.issued", _("certificate %(code)s issued"), data={"code": "LL-ABCD-EFGH-JKMN"}
    ),
    EventKind("certificate.run_started", _("certificates issued in bulk"), data={"run": 1}),
    EventKind(
        "certificate.revoked",
        _("certificate %(code)s revoked"),
        data={"code": "LL-ABCD-EFGH-JKMN", "application": 1},
    ),
    EventKind(
        "certificate.reissued",
        _("certificate %(code)s re-issued in place of %(replaces)s"),
        data={"code": "LL-ABCD-EFGH-JKMN", "replaces": "LL-PQRS-TVWX-YZ23"},
    ),
)
