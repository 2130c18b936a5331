from typing import Any

from django import template

from lifelong.enrolment.models import ApplicationState

register = template.Library()


@register.filter
def state_label(value: str) -> str:
    """The translated name of an application state, as stored in the log."""
    return str(ApplicationState(value).label) if value in ApplicationState.values else value


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")
