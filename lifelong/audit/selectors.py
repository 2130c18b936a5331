from django.db import models
from django.db.models import Q, QuerySet

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
