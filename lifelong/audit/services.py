"""Writing to the event log. Called inside the transaction of the change it records."""

import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, ParamSpec

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from lifelong.audit.events import Reason, event_kind, reason_kind
from lifelong.audit.models import AuditEvent

P = ParamSpec("P")


def audit_event(
    *,
    subject: models.Model | None,
    action: str,
    at: datetime,
    actor: AbstractBaseUser | None = None,
    institution_id: int | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str | Reason = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """An unsaved event; `AuditEvent.objects.bulk_create` writes several in one statement.

    `action` is the code of a declared event kind, and `data` holds at least the keys the
    kind declares; `reason` is what a person typed, or a `Reason` the system gives. An
    undeclared kind or reason raises `UnknownKind`, missing data `ValueError`."""
    data = _checked(event_kind(action).data, data or {}, action)
    reason_code = ""
    if isinstance(reason, Reason):
        _checked(reason_kind(reason.code).data, reason.values, reason.code)
        if reason.values.keys() & data.keys():
            raise ValueError(f"the values of the reason {reason.code!r} clash with the data")
        data = {**data, **reason.values}
        reason_code, reason = reason.code, ""
    return AuditEvent(
        at=at,
        actor_id=None if actor is None else actor.pk,
        action=action,
        # No subject: the event concerns the whole site (a retention run).
        subject_type="site" if subject is None else subject._meta.label_lower,
        subject_id=0 if subject is None else subject.pk,
        institution_id=institution_id,
        from_state=from_state,
        to_state=to_state,
        reason=reason[:500],
        reason_code=reason_code,
        data=data,
    )


def _checked(declared: Mapping[str, Any], given: Mapping[str, Any], code: str) -> dict[str, Any]:
    missing = declared.keys() - given.keys()
    if missing:
        raise ValueError(f"{code!r} needs {', '.join(sorted(missing))} in its data")
    return dict(given)


def _saved(build: Callable[P, AuditEvent]) -> Callable[P, AuditEvent]:
    def write(*args: P.args, **kwargs: P.kwargs) -> AuditEvent:
        event = build(*args, **kwargs)
        event.save()
        return event

    return write


# Write one event now; takes the same arguments as `audit_event`.
audit_log = _saved(audit_event)


def audit_pseudonymise(
    *,
    subjects: Mapping[str, Iterable[int]],
    names: Iterable[str],
    words: Iterable[str],
    pseudonym: str,
    elsewhere: bool = True,
) -> int:
    """Pseudonymise the log about a person being erased: every occurrence of the `names`
    (full names, e-mail addresses) and of the `words` (the parts of their names) becomes
    `pseudonym`, as whole words only (a name inside another word, "Lee" in "fleet", is not
    theirs), in the entries about `subjects` ("app.model" → ids) and, with `elsewhere`, in
    any other entry that names them. That pass reads the whole log; without it only the
    entries about `subjects` are read (by index). The one edit the log allows. Returns how
    many entries changed."""
    names = sorted({name for name in names if len(name) > 2}, key=len, reverse=True)
    words = sorted({word for word in words if len(word) > 1}, key=len, reverse=True)
    about = Q(pk__in=[])
    for subject_type, ids in subjects.items():
        about |= Q(subject_type=subject_type, subject_id__in=list(ids))
    naming = Q(pk__in=[])
    for name in names if elsewhere else []:
        escaped = json.dumps(name)[1:-1]  # as JSON stores it (non-ASCII escaped)
        naming |= Q(reason__icontains=name) | Q(data_text__icontains=name)
        naming |= Q(data_text__icontains=escaped)
    pattern = _whole_words(names + words)
    if pattern is None:
        return 0
    changed = []
    events = AuditEvent.objects.annotate(data_text=Cast("data", TextField()))
    for event in events.filter(about | naming):
        reason = pattern.sub(pseudonym, event.reason)
        data = _replaced(event.data, pattern, pseudonym)
        if (reason, data) != (event.reason, event.data):
            event.reason, event.data = reason[:500], data
            changed.append(event)
    AuditEvent.objects.bulk_update(changed, ["reason", "data"], batch_size=500)
    return len(changed)


def audit_actor_pseudonymise(*, actor_id: int, pseudonym: str) -> int:
    """Entries a person made themselves keep being theirs under `pseudonym` once their
    account is gone (it would otherwise read as the site's own doing)."""
    return AuditEvent.objects.filter(actor_id=actor_id).update(actor_pseudonym=pseudonym)


def _whole_words(texts: list[str]) -> re.Pattern[str] | None:
    if not texts:
        return None
    alternatives = "|".join(re.escape(text) for text in texts)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def _replaced(value: Any, pattern: re.Pattern[str], pseudonym: str) -> Any:
    if isinstance(value, str):
        return pattern.sub(pseudonym, value)
    if isinstance(value, list):
        return [_replaced(item, pattern, pseudonym) for item in value]
    if isinstance(value, dict):
        return {key: _replaced(item, pattern, pseudonym) for key, item in value.items()}
    return value


# Keys of an event's data that may hold what identifies a person (an invited e-mail address).
PERSONAL_DATA_KEYS = frozenset({"email", "full_name", "name"})


def pseudonymise_person_entries(
    *, events: QuerySet[AuditEvent], at: datetime, pseudonym: str | None = None
) -> int:
    """Make `events` no longer name people, keeping what happened and when: the actor
    becomes a pseudonym (`pseudonym`, e.g. "erased person #12", or "person #<id>"), a
    reason a person typed is removed, and personal values in the data are replaced.
    Entries already pseudonymised are left alone, so it is safe to run again; returns how
    many entries changed."""
    changed = 0
    for event in (
        entries_naming_people(events)
        .only("pk", "actor_id", "reason", "data")
        .iterator(chunk_size=500)
    ):
        label = pseudonym or (f"person #{event.actor_id}" if event.actor_id else "")
        data = {
            key: (label or "–") if key in PERSONAL_DATA_KEYS else value
            for key, value in event.data.items()
        }
        changed += AuditEvent.objects.filter(pk=event.pk, pseudonymised_at__isnull=True).update(
            actor=None, actor_pseudonym=label, reason="", data=data, pseudonymised_at=at
        )
    return changed


def entries_naming_people(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """Those of `events` that may name a person: what `pseudonymise_person_entries` changes."""
    return events.filter(pseudonymised_at__isnull=True).filter(
        Q(actor__isnull=False) | ~Q(reason="") | Q(data__has_any_keys=list(PERSONAL_DATA_KEYS))
    )
