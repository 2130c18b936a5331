"""Each request reads its session and its signed-in person with one statement; what it
finds must be exactly what Django's own session store and backends would find."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lifelong.accounts.backends import EmailCodeBackend
from lifelong.accounts.models import User, UserSession
from lifelong.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db
EMAIL_CODE = "lifelong.accounts.backends.EmailCodeBackend"


def _signed_in(client, person: User) -> SessionStore:
    client.force_login(person, backend=EMAIL_CODE)
    return SessionStore(client.cookies["sessionid"].value)


def _request_with(session: SessionStore):
    request = RequestFactory().get("/")
    request.session = session
    return request


def test_it_keeps_what_a_session_holds():
    store = SessionStore()
    store["answer"] = 42
    store.create()
    store.save()
    assert SessionStore(store.session_key)["answer"] == 42


def test_it_names_the_signed_in_person_on_the_session_row(client):
    person = User.objects.create_user(email="named@example.org")
    session = _signed_in(client, person)
    assert UserSession.objects.get(pk=session.session_key).user_id == person.pk


def test_it_finds_session_and_person_with_one_statement(client):
    person = User.objects.create_user(email="one@example.org", preferred_language="en")
    session = _signed_in(client, person)  # sets last_login
    expected = User.objects.get(pk=person.pk)
    with CaptureQueriesContext(connection) as queries:
        found = get_user(_request_with(session))
    assert len(queries) == 1
    assert isinstance(found, User)
    for field in User._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    assert found.last_login is not None
    assert timezone.is_aware(found.last_login)
    assert timezone.is_aware(found.date_joined)
    assert found._state.adding is False


def test_it_treats_an_expired_session_as_signed_out(client):
    person = User.objects.create_user(email="late@example.org")
    session = _signed_in(client, person)
    UserSession.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    stale = SessionStore(session.session_key)
    assert get_user(_request_with(stale)).is_anonymous
    assert stale.session_key is None  # a new session would get a new key


def test_it_does_not_query_for_a_cookie_that_is_no_session_key():
    with CaptureQueriesContext(connection) as queries:
        assert SessionStore("short").get("answer") is None
    assert len(queries) == 0


def test_it_signs_out_everywhere_when_the_password_changes(client):
    person = User.objects.create_user(email="moved@example.org")
    session = _signed_in(client, person)
    person.set_password("changed-elsewhere")
    person.save()
    assert get_user(_request_with(SessionStore(session.session_key))).is_anonymous


def test_it_signs_out_a_person_made_inactive(client):
    person = User.objects.create_user(email="off@example.org")
    session = _signed_in(client, person)
    User.objects.filter(pk=person.pk).update(is_active=False)
    assert get_user(_request_with(SessionStore(session.session_key))).is_anonymous


def test_it_ends_the_sessions_of_a_deleted_person(client):
    person = User.objects.create_user(email="erased@example.org")
    session = _signed_in(client, person)
    person.delete()
    assert not UserSession.objects.filter(pk=session.session_key).exists()


def test_it_hands_the_person_read_with_a_session_to_that_person_only(client):
    """The person read with one session is never taken for another id, nor twice."""
    first = User.objects.create_user(email="first@example.org")
    second = User.objects.create_user(email="second@example.org")
    SessionStore(_signed_in(client, first).session_key).load()
    backend = EmailCodeBackend()
    with CaptureQueriesContext(connection) as queries:
        assert backend.get_user(str(second.pk)) == second
        assert backend.get_user(str(first.pk)) == first
    assert len(queries) == 1  # the second read came along with the session


@pytest.mark.parametrize("user_id", ["999999", "not-a-number", "", None])
def test_it_finds_nobody_for_an_unknown_or_malformed_id(user_id):
    assert EmailCodeBackend().get_user(user_id) is None
