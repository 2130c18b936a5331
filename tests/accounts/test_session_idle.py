"""Staff sessions and check-in devices end after a shorter idle time than participants'
(STAFF_SESSION_IDLE_MINUTES, CHECKIN_SESSION_IDLE_MINUTES); a busy session goes on, saved
again at most once a minute."""

import re
from datetime import timedelta

import pyotp
import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from lifelong.accounts.models import Membership, Role, UserSession
from tests.attendance.helpers import make_helper
from tests.enrolment.helpers import (
    give_authenticator,
    make_open_edition,
    make_organiser,
    make_user,
)

pytestmark = pytest.mark.django_db
CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)


def _signed_in(client, user, path: str) -> None:
    client.force_login(user)
    assert client.get(path).status_code == 200


def _expires_in(client) -> timedelta:
    session = UserSession.objects.get(session_key=client.session.session_key)
    return session.expire_date - timezone.now()


def test_it_ends_a_staff_session_after_the_staff_idle_time(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    organiser = make_organiser(make_open_edition())
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _signed_in(client, organiser, "/en/staff/")
        assert timedelta(minutes=29) < _expires_in(client) <= timedelta(minutes=30)
        clock.shift(timedelta(minutes=31))
        assert client.get("/en/staff/")["Location"].startswith("/en/accounts/login/")


def test_it_keeps_a_busy_staff_session_going(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    organiser = make_organiser(make_open_edition())
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _signed_in(client, organiser, "/en/staff/")
        for _step in range(3):
            clock.shift(timedelta(minutes=20))
            assert client.get("/en/staff/").status_code == 200


def test_it_saves_a_busy_session_at_most_once_a_minute(client):
    organiser = make_organiser(make_open_edition())
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _signed_in(client, organiser, "/en/staff/")
        saved = UserSession.objects.get().expire_date
        clock.shift(timedelta(seconds=30))
        client.get("/en/staff/")
        assert UserSession.objects.get().expire_date == saved
        clock.shift(timedelta(seconds=31))
        client.get("/en/staff/")
        assert UserSession.objects.get().expire_date == saved + timedelta(seconds=61)


def test_it_ends_a_check_in_device_after_the_check_in_idle_time(client, settings):
    settings.CHECKIN_SESSION_IDLE_MINUTES = 120
    helper = make_helper(make_open_edition())
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _signed_in(client, helper, "/en/staff/checkin/")
        clock.shift(timedelta(minutes=100))
        assert client.get("/en/staff/checkin/").status_code == 200  # a busy desk goes on
        clock.shift(timedelta(minutes=121))
        assert client.get("/en/staff/checkin/")["Location"].startswith("/en/accounts/login/")


def test_it_keeps_a_participants_session_for_its_full_age(client, settings):
    person = make_user()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _signed_in(client, person, "/en/my/")
        clock.shift(timedelta(days=3))
        assert client.get("/en/my/").status_code == 200
        assert _expires_in(client) > timedelta(days=10)


def test_it_gives_a_staff_session_its_idle_time_as_they_sign_in(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    edition = make_open_edition()
    organiser = make_user("organiser@uni.example")
    Membership.objects.create(
        user=organiser, institution=edition.programme.institution, role=Role.ORGANISER
    )
    secret = pyotp.TOTP(give_authenticator(organiser))
    EmailAddress.objects.create(user=organiser, email=organiser.email, verified=True, primary=True)
    client.post("/en/accounts/login/", {"login": organiser.email})
    code = CODE.search(str(mail.outbox[-1].body))
    assert code
    client.post("/en/accounts/login/code/confirm/", {"code": code.group(1)})
    client.post("/en/accounts/2fa/authenticate/", {"code": secret.now()})
    assert client.session.get_expiry_age() == 30 * 60
