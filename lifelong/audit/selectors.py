from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lifelong.audit.events import UnknownKind, actor_label, event_kind, reason_kind
from lifelong.audit.models import AuditEvent


def audit_events_of_edition(*, edition: models.Model, limit: int = 100) -> list[AuditEvent]:
    """The latest events of an edition: its own (places, lottery) and its applications'."""
    application_ids = edition.applications.values("pk")  # type: ignore[attr-defined]
    return list(
        AuditEvent.objects.filter(
            Q(subject_type=edition._meta.label_lower, subject_id=edition.pk)
            | Q(subject_type="enrolment.application", subject_id__in=application_ids)
        )
        .select_related("actor")
        .order_by("-at", "-pk")[:limit]
    )


def audit_events_of_edition_all(*, edition: models.Model) -> QuerySet[AuditEvent]:
    """Every event of an edition, newest first: its own, its applications' and its days'."""
    application_ids = edition.applications.values("pk")  # type: ignore[attr-defined]
    session_ids = edition.sessions.values("pk")  # type: ignore[attr-defined]
    return (
        AuditEvent.objects.filter(
            Q(subject_type=edition._meta.label_lower, subject_id=edition.pk)
            | Q(subject_type="enrolment.application", subject_id__in=application_ids)
            | Q(subject_type="catalogue.session", subject_id__in=session_ids)
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )


@dataclass(frozen=True)
class LogRow:
    """One line of a log as the reader sees it, in the active language."""

    at: datetime
    about: str  # the applicant's name, "a programme day", "the edition"
    change: str
    who: str
    why: str


# What an edition's log calls the subject of an event; applications go by their person's name.
_SUBJECTS = {"catalogue.edition": _("the edition"), "catalogue.session": _("a programme day")}


def audit_rows(*, events: Iterable[AuditEvent], names: Mapping[int, str]) -> list[LogRow]:
    """The events in words, from the registry (audit/events.py). `names` are the applicants'
    names by application id."""
    return [
        LogRow(
            at=event.at,
            about=str(
                names.get(event.subject_id, "")
                if event.subject_type == "enrolment.application"
                else _SUBJECTS.get(event.subject_type, "")
            ),
            change=_change(event),
            who=actor_label(event),
            why=_why(event),
        )
        for event in events
    ]


def _change(event: AuditEvent) -> str:
    try:
        return event_kind(event.action).sentence_of(event)
    except (UnknownKind, KeyError, TypeError, ValueError):
        # A row the registry cannot read (a kind since removed, data it lacks) still shows
        # what was stored rather than failing the page; tests/audit keeps new rows readable.
        states = f": {event.from_state or '–'} → {event.to_state or '–'}"
        return event.action + (states if event.from_state or event.to_state else "")


def _why(event: AuditEvent) -> str:
    if not event.reason_code:
        return event.reason
    try:
        return reason_kind(event.reason_code).sentence_of(event)
    except (UnknownKind, KeyError, TypeError, ValueError):
        return event.reason_code
