"""How allauth fits Lifelong: new people keep the language they signed up in, and every
e-mail allauth sends (login codes, verification codes) speaks the recipient's language."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from lifelong.lib.i18n import LANGUAGE_CODES


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        language = translation.get_language()
        if language in LANGUAGE_CODES:
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        context = {**context, "site_name": settings.SITE_NAME}
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
