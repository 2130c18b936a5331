from typing import Any

from django.db import models
from django.db.models import QuerySet

from lifelong.audit.models import AuditEvent


def audit_events_for(*, subject: models.Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=subject.pk
    ).select_related("actor")


def audit_events_for_subjects(
    *, subject_type: str, subject_ids: QuerySet[Any], limit: int = 100
) -> list[AuditEvent]:
    """The latest events about a set of subjects, e.g. all applications of one edition."""
    return list(
        AuditEvent.objects.filter(subject_type=subject_type, subject_id__in=subject_ids)
        .select_related("actor")
        .order_by("-at", "-pk")[:limit]
    )
