"""The kinds of events in the log, each declared once: its code (stored as
`AuditEvent.action`), how it reads in the reader's language, and the data it carries. The
reasons the system gives are declared the same way and stored as codes
(`AuditEvent.reason_code`); a reason a person typed stays free text (`AuditEvent.reason`).

Each domain app declares the kinds its services write in its own `events.py`; audit sits
below them and imports none of them by name: `AuditConfig.ready` loads every such module,
so the registry is complete whenever Django is set up. Writing an event of an undeclared
kind or reason raises (`audit.services.audit_event`).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Choices
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from lifelong.audit.models import AuditEvent

Data = Mapping[str, Any]


class UnknownKind(LookupError):
    """An event or reason code that no `events.py` declares."""


def _no_values(data: Data) -> Data:
    return {}


@dataclass(frozen=True)
class EventKind:
    """A kind of event. `sentence` has %(name)s placeholders, filled from the event: `from`
    and `to` (its states as `states` reads them, "–" when empty), `actor` (an e-mail
    address or "the system"), every key of its data, and what `values` computes from the
    data. A sentence with a number in it is `ngettext_lazy(singular, plural, "<key>")`."""

    code: str
    sentence: StrOrPromise
    # The keys every event of this kind has in its data, each with an example value (the
    # example is what tests/audit renders every kind with).
    data: Data = field(default_factory=dict)
    states: Callable[[str], str] = str
    values: Callable[[Data], Data] = _no_values

    def placeholders(self, event: AuditEvent) -> dict[str, Any]:
        return {
            **event.data,
            "from": self.states(event.from_state) if event.from_state else "–",
            "to": self.states(event.to_state) if event.to_state else "–",
            "actor": actor_label(event),
            **self.values(event.data),
        }

    def sentence_of(self, event: AuditEvent) -> str:
        """The event in words; KeyError if the event lacks a placeholder's value."""
        return str(self.sentence % self.placeholders(event))


@dataclass(frozen=True)
class ReasonKind:
    """A reason the system gives. Its placeholders are filled from the event's data, where
    `audit_event` puts the `Reason`'s values; `data` names them, with an example each."""

    code: str
    sentence: StrOrPromise
    data: Data = field(default_factory=dict)

    def sentence_of(self, event: AuditEvent) -> str:
        return str(self.sentence % dict(event.data))


@dataclass(frozen=True)
class Reason:
    """A reason the system gives, as a service writes it: the code of a declared
    `ReasonKind` and its values (`Reason("lottery_drawn", {"number": 3, "count": 40})`).
    A reason a person typed is passed as a plain `str`."""

    code: str
    values: Data = field(default_factory=dict)


_kinds: dict[str, EventKind] = {}
_reasons: dict[str, ReasonKind] = {}


def event_kinds_declare(*kinds: EventKind) -> None:
    for kind in kinds:
        if _kinds.setdefault(kind.code, kind) != kind:
            raise ValueError(f"the event kind {kind.code!r} is declared twice")


def reason_kinds_declare(*reasons: ReasonKind) -> None:
    for reason in reasons:
        if _reasons.setdefault(reason.code, reason) != reason:
            raise ValueError(f"the reason {reason.code!r} is declared twice")


def event_kind(code: str) -> EventKind:
    try:
        return _kinds[code]
    except KeyError:
        raise UnknownKind(f"no events.py declares the event kind {code!r}") from None


def reason_kind(code: str) -> ReasonKind:
    try:
        return _reasons[code]
    except KeyError:
        raise UnknownKind(f"no events.py declares the reason {code!r}") from None


def event_kinds() -> list[EventKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.code)


def reason_kinds() -> list[ReasonKind]:
    return sorted(_reasons.values(), key=lambda reason: reason.code)


# --- helpers for the declarations ------------------------------------------------------


def actor_label(event: AuditEvent) -> str:
    if event.actor_pseudonym:
        return event.actor_pseudonym
    return event.actor.email if event.actor_id and event.actor else str(_("the system"))


def choice_label(choices: type[Choices]) -> Callable[[str], str]:
    """Reads a stored state as its label ("accepted" → "Angenommen"); unknown ones as they are."""

    def label(value: str) -> str:
        return str(choices(value).label) if value in choices.values else value

    return label


def day(iso_datetime: str) -> str:
    """The day of a moment stored as ISO text, as the log has always shown it (2030-04-02)."""
    return iso_datetime[:10]
