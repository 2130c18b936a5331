from collections.abc import Iterable, Mapping

from django import template

from lifelong.audit.models import AuditEvent
from lifelong.audit.selectors import LogRow, audit_rows

register = template.Library()


@register.filter
def log_rows(events: Iterable[AuditEvent], names: Mapping[int, str]) -> list[LogRow]:
    """`{% for row in log|log_rows:names %}`: the events in words (`audit_rows`)."""
    return audit_rows(events=events, names=names)
