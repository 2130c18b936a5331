from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from lifelong.catalogue.models import Programme
from lifelong.catalogue.selectors import CatalogueFilters, FilterOptions, Sort
from lifelong.lib.forms import GuardedForm


class CatalogueFilterForm(GuardedForm):
    """The catalogue's search and filters. Unknown values are dropped, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    institution = forms.ChoiceField(label=_("Institution"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    language = forms.ChoiceField(label=_("Language of instruction"), required=False)
    price = forms.ChoiceField(
        label=_("Price"),
        required=False,
        choices=[("", _("Any price")), ("free", _("Free of charge")), ("paid", _("With a fee"))],
    )
    month = forms.ChoiceField(label=_("Starts in"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Best match / next start")),
            (Sort.START, _("Next start")),
            (Sort.DEADLINE, _("Application deadline")),
            (Sort.TITLE, _("Title")),
        ],
    )

    def __init__(self, data: Any, *, options: FilterOptions) -> None:
        super().__init__(data)
        any_ = ("", _("Any"))
        self._set_choices("institution", [any_] + [(i.slug, i.name) for i in options.institutions])
        self._set_choices("audience", [any_] + [(a.slug, a.name) for a in options.audiences])
        self._set_choices("topic", [any_] + [(t.slug, t.name) for t in options.topics])
        self._set_choices("format", [any_, *Programme.Format.choices])
        self._set_choices("language", [any_, *settings.LANGUAGES])
        self._set_choices(
            "month", [any_] + [(m.strftime("%Y-%m"), date_format(m, "F Y")) for m in options.months]
        )

    def _set_choices(self, name: str, choices: list[Any]) -> None:
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField):
            field.choices = choices

    def filters(self) -> CatalogueFilters:
        """The valid part of what was asked: an invalid field is ignored, not fatal."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) or "" for name in self.fields}
        month = data.pop("month")
        return CatalogueFilters(**data, month=date.fromisoformat(f"{month}-01") if month else None)

    @property
    def active_count(self) -> int:
        self.is_valid()
        return sum(
            1 for name in self.fields if name not in ("q", "sort") and self.cleaned_data.get(name)
        )
