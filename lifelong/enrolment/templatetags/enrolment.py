from typing import Any

from django import template

from lifelong.attendance.models import AttendanceStatus
from lifelong.enrolment.models import Application, ApplicationState, Question

register = template.Library()


@register.filter
def state_label(value: str) -> str:
    """The translated name of an application or attendance state."""
    if value in ApplicationState.values:
        return str(ApplicationState(value).label)
    if value in AttendanceStatus.values:
        return str(AttendanceStatus(value).label)
    return value


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")


@register.filter
def answer_of(question: Question, application: Application) -> str:
    return question.answer_text(application.answers.get(question.key))
