from typing import Any

from django import template

from lifelong.enrolment.models import Application, Question

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")


@register.filter
def answer_of(question: Question, application: Application) -> str:
    return question.answer_text(application.answers.get(question.key))
