"""How a signed-in person is found on each request: the one way of signing in (a code by
e-mail, then staff's authenticator app), taking the person that the session read brought
along (`accounts/sessions.py`) instead of reading them again. Signing in itself is allauth's,
unchanged. There is no password backend: the Django admin signs in through allauth too
(lifelong/urls.py), so no form anywhere checks a password without allauth's limits."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend

from lifelong.accounts.models import User
from lifelong.accounts.sessions import taken_user_read_with_session


class EmailCodeBackend(AuthenticationBackend):
    """A one-time code sent to the person's e-mail address (allauth)."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = taken_user_read_with_session(pk) or User.objects.filter(pk=pk).first()
        return user if user is not None and self.user_can_authenticate(user) else None
