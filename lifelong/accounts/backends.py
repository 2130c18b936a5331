"""How a signed-in person is found on each request: the two ways of signing in (the site
administrator's password, everyone else's code by e-mail), each taking the person that the
session read brought along (`accounts/sessions.py`) instead of reading them again. Signing
in itself is Django's and allauth's, unchanged."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from lifelong.accounts.models import User
from lifelong.accounts.sessions import taken_user_read_with_session


def _user(backend: ModelBackend, user_id: Any) -> User | None:
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    user = taken_user_read_with_session(pk) or User.objects.filter(pk=pk).first()
    return user if user is not None and backend.user_can_authenticate(user) else None


class PasswordBackend(ModelBackend):
    """The site administrator's e-mail and password (the Django admin)."""

    def get_user(self, user_id: Any) -> User | None:
        return _user(self, user_id)


class EmailCodeBackend(AuthenticationBackend):
    """Everyone else: a one-time code sent to their e-mail address (allauth)."""

    def get_user(self, user_id: Any) -> User | None:
        return _user(self, user_id)
