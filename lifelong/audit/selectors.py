from django.db import models
from django.db.models import QuerySet

from lifelong.audit.models import AuditEvent


def audit_events_for(*, subject: models.Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=subject.pk
    ).select_related("actor")
