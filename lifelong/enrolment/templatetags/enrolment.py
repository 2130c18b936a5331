import re
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from lifelong.catalogue.models import Edition, Session
from lifelong.enrolment.models import Application, Question

register = template.Library()


# The reasons the system writes into the log, in the reader's language. Reasons typed by
# organisers are shown as they were written.
_SYSTEM_REASONS = {
    "first come, first served": _("first come, first served"),
    "no_place_left": _("no place was left"),
    "quota_full": _("the group's places were taken"),
    "place freed": _("a place was freed"),
    "offer accepted": _("offer accepted"),
    "offer declined": _("offer declined"),
    "offer not answered in time": _("offer not answered in time"),
    "cancelled by the participant": _("cancelled by the participant"),
}


_LOTTERY_REASON = re.compile(r"^lottery, drawn (\d+) of (\d+)$")


@register.filter
def reason_label(value: str) -> str:
    lottery = _LOTTERY_REASON.match(value)
    if lottery:
        number, count = lottery.groups()
        return _("lottery: drawn {number} of {count}").format(number=number, count=count)
    return str(_SYSTEM_REASONS.get(value, value))


_CHANGED_MODELS = {"edition": Edition, "session": Session}
_CHANGED_EXTRA = {"audiences": _("audiences and quotas")}


@register.filter
def changed_fields(data: dict[str, Any], model: str) -> str:
    """The names of the fields a log entry of `model` ("edition", "session") records as
    changed, as the edit form calls them, in the model's order ("deadline, places"): the
    stored JSON keeps no order on PostgreSQL."""
    names = [
        str(getattr(field, "verbose_name", field.name))
        for field in _CHANGED_MODELS[model]._meta.get_fields()
        if field.name in data and field.name not in ("session", *_CHANGED_EXTRA)
    ]
    names += [str(label) for key, label in _CHANGED_EXTRA.items() if key in data]
    return ", ".join(names)


@register.filter
def edition_status_label(value: str) -> str:
    return str(Edition.Status(value).label) if value in Edition.Status.values else value


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")


@register.filter
def answer_of(question: Question, application: Application) -> str:
    return question.answer_text(application.answers.get(question.key))
