"""allauth's two forms that e-mail a sign-in code (settings.ACCOUNT_FORMS), with the
refusal of `code_limits` instead of allauth's "Too many failed login attempts"."""

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import LoginForm, RequestLoginCodeForm
from allauth.core import context
from django import forms

from lifelong.accounts.code_limits import code_request_refusal, code_request_wait


def _allauths_refusal() -> str:
    return str(get_adapter().error_messages["too_many_login_attempts"])


class SignInForm(LoginForm):
    def _clean_without_password(self, email: str | None, phone: str | None) -> Any:
        if email:
            wait = code_request_wait(context.request, email)
            if wait:
                self.add_error("login", code_request_refusal(wait))
                return self.cleaned_data
        cleaned = super()._clean_without_password(email, phone)
        errors = self.errors.get("login")
        if email and errors and _allauths_refusal() in errors:
            # Refused between our look and allauth's count (another request came first).
            self.errors["login"] = self.error_class(
                [code_request_refusal(code_request_wait(context.request, email))]
            )
        return cleaned


class CodeRequestForm(RequestLoginCodeForm):
    def clean_email(self) -> Any:
        email = self.cleaned_data["email"]
        wait = code_request_wait(context.request, email) if email else 0
        if wait:
            raise forms.ValidationError(code_request_refusal(wait), code="too_many_codes")
        try:
            return super().clean_email()
        except forms.ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            wait = code_request_wait(context.request, email)
            raise forms.ValidationError(
                code_request_refusal(wait), code="too_many_codes"
            ) from error
