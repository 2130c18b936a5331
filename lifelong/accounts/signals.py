"""After someone sets up their authenticator app, allauth shows their recovery codes; a
message there leads on to the back-office page they were going to. Setting it up took a
code from the app, so this session has passed the second factor."""

from typing import Any

from allauth.mfa.signals import authenticator_added
from django.contrib import messages
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from lifelong.accounts.middleware import NEXT_SESSION_KEY, second_factor_set_up


@receiver(authenticator_added)
def lead_on_to_the_back_office(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    second_factor_set_up(request)
    target = request.session.pop(NEXT_SESSION_KEY, None) or reverse("office:home")
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            _("Your authenticator app is set up. Keep the recovery codes below somewhere safe."),
            target,
            _("On to the back office"),
        ),
    )
