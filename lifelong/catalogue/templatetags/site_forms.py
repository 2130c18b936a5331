"""Template filters for the site's forms (templates/forms/): the error summary of any form,
and the length of a text as its counter counts it."""

from typing import Any

from django import forms, template

from lifelong.lib.forms import ErrorSummary, text_length
from lifelong.lib.forms import error_summary as any_form_summary

register = template.Library()


@register.filter
def error_summary(form: object) -> ErrorSummary:
    """The form's own summary (`InputGuard.error_summary`, which a form with sub-forms
    extends) or, for a form of a library such as allauth's, the one every form has. Where
    there is no form (allauth's sign-out page passes none: ""), there is nothing to say."""
    if not isinstance(form, forms.BaseForm) or not form.is_bound:
        return []
    own = getattr(form, "error_summary", None)
    return own() if callable(own) else any_form_summary(form)


@register.filter
def characters(value: Any) -> int:
    return text_length(str(value)) if value else 0
