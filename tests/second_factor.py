"""Signing a test client in as a real sign-in does: someone with an authenticator app has
passed it in that session (allauth records the step), so the back office lets them in."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.test import Client

from lifelong.accounts.models import User

_force_login_without_second_factor = Client.force_login


def sign_in_without_second_factor(client: Client, user: User) -> None:
    """A session that skipped the app (as one made by some other way than allauth's)."""
    _force_login_without_second_factor(client, user)


def sign_in(client: Client, user: User, backend: str | None = None) -> None:
    """`client.force_login` in every test (tests/conftest.py): with the app's step recorded
    when the person has an app."""
    _force_login_without_second_factor(client, user, backend)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, user, "mfa", type=Authenticator.Type.TOTP)
    request.session.save()
