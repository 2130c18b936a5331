"""Writing to the event log. Called inside the transaction of the change it records."""

from datetime import datetime
from typing import Any

from django.db import models

from lifelong.accounts.models import User
from lifelong.audit.models import AuditEvent


def audit_log(
    *,
    subject: models.Model,
    action: str,
    at: datetime,
    actor: User | None = None,
    institution_id: int | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        at=at,
        actor=actor,
        action=action,
        subject_type=subject._meta.label_lower,
        subject_id=subject.pk,
        institution_id=institution_id,
        from_state=from_state,
        to_state=to_state,
        reason=reason[:500],
        data=data or {},
    )
