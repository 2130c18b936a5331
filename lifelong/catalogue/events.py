"""The kinds of log events the catalogue writes (audit/events.py)."""

from collections.abc import Callable, Mapping

from django.db import models
from django.utils.translation import gettext_lazy as _

from lifelong.audit.events import Data, EventKind, choice_label, day, event_kinds_declare
from lifelong.catalogue.models import Edition, EditionStatus, Programme, Session

# Changes the log records under a name that is not a field of the model.
_CHANGED_EXTRA = {"audiences": _("audiences and quotas")}


def _changed_fields(model: type[models.Model]) -> Callable[[Data], Mapping[str, str]]:
    """The names of the fields an event's data records as changed, as the edit form calls
    them, in the model's order ("deadline, places"): the stored JSON keeps no order on
    PostgreSQL."""

    def values(data: Data) -> Mapping[str, str]:
        names = [
            str(getattr(field, "verbose_name", field.name))
            for field in model._meta.get_fields()
            if field.name in data and field.name not in ("session", *_CHANGED_EXTRA)
        ]
        names += [str(label) for key, label in _CHANGED_EXTRA.items() if key in data]
        return {"fields": ", ".join(names)}

    return values


def _day(data: Data) -> Mapping[str, str]:
    return {"date": day(data["starts_at"])}


_SESSION = {"session": 1, "starts_at": "2030-04-02T08:00:00+00:00"}

event_kinds_declare(
    EventKind("programme.created", _("programme created")),
    EventKind(
        "programme.changed",
        _("programme changed: %(fields)s"),
        values=_changed_fields(Programme),
    ),
    EventKind("edition.created", _("edition created")),
    EventKind(
        "edition.duplicated",
        _("created as a copy of an earlier edition"),
        data={"from_edition": 1, "shift": {"years": 1, "months": 0, "days": 0}},
    ),
    EventKind("edition.status", _("status: %(from)s → %(to)s"), states=choice_label(EditionStatus)),
    EventKind("edition.changed", _("changed: %(fields)s"), values=_changed_fields(Edition)),
    EventKind("session.added", _("programme day added: %(date)s"), data=_SESSION, values=_day),
    EventKind("session.removed", _("programme day removed: %(date)s"), data=_SESSION, values=_day),
    EventKind(
        "session.changed",
        _("programme day changed: %(fields)s"),
        data={"session": 1},
        values=_changed_fields(Session),
    ),
)
