"""Template filters over lifelong.lib.display, plus URL helpers for the pages."""

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django import template
from django.http import HttpRequest
from django.urls import translate_url

from lifelong.lib import display
from lifelong.lib.i18n import Translated, active_language

register = template.Library()

register.filter("day_label", display.day_label)
register.filter("deadline", display.deadline)
register.filter("money", display.money)
register.filter("file_size", display.file_size)
register.filter("points", display.points)
register.filter("plural_number", display.plural_number)


@register.simple_tag
def time_range(start: datetime, end: datetime) -> str:
    return display.time_range(start, end)


@register.simple_tag
def date_range(start: datetime | None, end: datetime | None) -> str:
    return display.date_range(start, end) if start and end else ""


@register.simple_tag
def lang_of(obj: Any, field: str) -> str:
    """The language a translated field is shown in, for the lang attribute."""
    descriptor = getattr(type(obj), field)
    if isinstance(descriptor, Translated):
        return descriptor.language_of(obj)
    return active_language()


@register.simple_tag(takes_context=True)
def page_in_language(context: dict[str, Any], code: str) -> str:
    request: HttpRequest = context["request"]
    path = translate_url(request.get_full_path(), code)
    return f"/language/{code}/?" + urlencode({"next": path})
