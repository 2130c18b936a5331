"""Writing to the event log. Called inside the transaction of the change it records."""

from collections.abc import Callable
from datetime import datetime
from typing import Any, ParamSpec

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

from lifelong.audit.models import AuditEvent

P = ParamSpec("P")


def audit_event(
    *,
    subject: models.Model,
    action: str,
    at: datetime,
    actor: AbstractBaseUser | None = None,
    institution_id: int | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """An unsaved event; `AuditEvent.objects.bulk_create` writes several in one statement."""
    return AuditEvent(
        at=at,
        actor_id=actor.pk if actor is not None else None,
        action=action,
        subject_type=subject._meta.label_lower,
        subject_id=subject.pk,
        institution_id=institution_id,
        from_state=from_state,
        to_state=to_state,
        reason=reason[:500],
        data=data or {},
    )


def _saved(build: Callable[P, AuditEvent]) -> Callable[P, AuditEvent]:
    def write(*args: P.args, **kwargs: P.kwargs) -> AuditEvent:
        event = build(*args, **kwargs)
        event.save()
        return event

    return write


# Write one event now; takes the same arguments as `audit_event`.
audit_log = _saved(audit_event)
