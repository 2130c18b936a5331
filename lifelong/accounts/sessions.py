"""Sessions in the database that name their signed-in person, so that a request reads its
session and its person with one statement.

Every request of a signed-in person needs both. Django's own store reads the session, and
then the authentication backend reads the user: two round trips to the database, each built
by the ORM (about 0.3 ms of Python apiece, more than the database takes to answer). Here the
session row carries the user's id (set whenever the session is saved), the read joins the
user's row, and the backends (`accounts/backends.py`) take that row instead of asking again.
Django still checks the session against the user's password hash, as always.
docs/decisions.md, "Sessions and users read in one statement".

Idle time: a staff or check-in session carries its idle limit as its expiry age
(`session_idle_limit_set`); each request that finds more than a minute of it used pushes the
end on by saving the session again, so an idle session ends and a busy one pays at most one
write a minute. Participants' sessions keep their fixed age (SESSION_COOKIE_AGE).
"""

from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, cast

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from lifelong.accounts.models import User, UserSession
from lifelong.lib.sql import row_reader

# The person read with this request's session, until a backend takes them (once).
_read_with_session: ContextVar[User | None] = ContextVar("read_with_session", default=None)
# A session with an idle limit is saved again (its end pushed on) once this much of the limit
# is used: at most one write a minute per session, however busy (the check-in desk).
IDLE_REFRESH_SECONDS = 60


def session_idle_limit_set(session: SessionBase, *, minutes: int | None) -> None:
    """Ends the session after `minutes` without a request (None: its full age)."""
    if minutes is not None:
        session.set_expiry(minutes * 60)


class SessionStore(DatabaseSessionStore):
    _expire_date_read: datetime | None = None

    @classmethod
    def get_model_class(cls) -> type[UserSession]:
        return UserSession

    def create_model_instance(self, data: dict[str, Any]) -> UserSession:
        session = cast(UserSession, super().create_model_instance(data))
        session.user_id = _user_id(data.get(SESSION_KEY))
        return session

    def _get_session_from_db(self) -> UserSession | None:
        _read_with_session.set(None)
        if self.session_key is None:  # no cookie, or one that is not a session key
            return None
        database = router.db_for_read(UserSession)
        connection = connections[database]
        with connection.cursor() as cursor:
            cursor.execute(
                _SESSION_AND_USER,
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django does: a new session gets a new key
            return None
        session_data, expire_date, *user_row = row
        self._expire_date_read = _aware(expire_date)
        if user_row[0] is not None:
            _read_with_session.set(_USERS.instance(database, user_row))
        return UserSession(
            session_key=self.session_key, session_data=session_data, expire_date=expire_date
        )

    def load(self) -> dict[str, Any]:
        data = super().load()
        idle = data.get("_session_expiry")
        if isinstance(idle, int) and idle > 0 and self._expire_date_read is not None:
            left = (self._expire_date_read - timezone.now()).total_seconds()
            if left < idle - IDLE_REFRESH_SECONDS:
                self.modified = True  # SessionMiddleware saves it: the end is now + idle
        return data


def _aware(value: datetime | str) -> datetime:
    """The expiry date as the plain statement returns it (SQLite: text in UTC)."""
    parsed = parse_datetime(value) if isinstance(value, str) else value
    if parsed is None:
        raise ValueError(f"not a date: {value!r}")
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


def taken_user_read_with_session(user_id: int) -> User | None:
    """The person this request's session named, if they are `user_id`; once only."""
    user = _read_with_session.get()
    if user is None or user.pk != user_id:
        return None
    _read_with_session.set(None)
    return user


def _user_id(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


_USERS = row_reader(User)
_SESSION_AND_USER = (
    f"SELECT s.session_data, s.expire_date, {_USERS.columns('u')} "  # noqa: S608
    f"FROM {UserSession._meta.db_table} s "
    f"LEFT JOIN {User._meta.db_table} u ON u.id = s.user_id "
    "WHERE s.session_key = %s AND s.expire_date > %s"
)
