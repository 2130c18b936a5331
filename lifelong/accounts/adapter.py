"""How allauth fits Lifelong: new people keep the language they signed up in, every e-mail
allauth sends (login codes, verification codes) speaks the recipient's language, and a
staff or check-in helper's session gets its shorter idle time as they sign in, when the
codes asked for their addresses stop counting (accounts/code_limits.py). In development, an
e-mail with a code names it in a header, so that the terminal shows it in the e-mail's one
line (lib/outbox.py)."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from lifelong.accounts.code_limits import code_requests_forget
from lifelong.accounts.middleware import session_idle_minutes
from lifelong.accounts.models import User
from lifelong.accounts.sessions import session_idle_limit_set
from lifelong.lib.i18n import LANGUAGE_CODES
from lifelong.lib.metrics import email_counted
from lifelong.lib.outbox import SIGN_IN_CODE_HEADER


def _login_url(language: str) -> str:
    """Where someone who already has an account signs in with a code (the e-mail "an account
    exists already" leads there, not to a password reset: nobody here has a password)."""
    with translation.override(language):
        return settings.SITE_URL.rstrip("/") + reverse("account_login")


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        language = translation.get_language()
        if language in LANGUAGE_CODES:
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def login(self, request: HttpRequest, user: Any) -> None:
        super().login(request, user)
        if isinstance(user, User):
            session_idle_limit_set(request.session, minutes=session_idle_minutes(user))
            # Signed in: the codes asked for their addresses were no attack on them.
            addresses = {
                user.email,
                *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
            }
            code_requests_forget(request, sorted(address for address in addresses if address))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        context = {**context, "site_name": settings.SITE_NAME, "login_url": _login_url(language)}
        # "account/email/login_code" counts as kind "login_code".
        with translation.override(language), email_counted(kind=template_prefix.rsplit("/")[-1]):
            super().send_mail(template_prefix, email, context)

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        code = context.get("code")
        if settings.DEBUG and code:
            headers = {**(headers or {}), SIGN_IN_CODE_HEADER: str(code)}
        message: EmailMessage = super().render_mail(template_prefix, email, context, headers)
        return message
