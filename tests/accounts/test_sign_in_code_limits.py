"""Codes e-mailed to sign in are limited per address (settings.ACCOUNT_RATE_LIMITS), and the
refusal says what happened: too many codes asked for, and in how many minutes to try again,
not "too many failed login attempts". A sign-in clears the address's count, so an organiser
signing in on a laptop and a phone again and again is never locked out by signing in."""

import re
from datetime import timedelta

import pyotp
import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from lifelong.accounts.code_limits import code_request_refusal
from lifelong.accounts.models import Membership, User
from tests.enrolment.helpers import give_authenticator, make_open_edition, make_user

pytestmark = pytest.mark.django_db
CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)
TOO_MANY_FAILED = "Too many failed login attempts"


def _person(email: str = "participant@uni.example") -> User:
    person = make_user(email)
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    return person


def _organiser(email: str = "organiser@uni.example") -> tuple[User, pyotp.TOTP]:
    organiser = _person(email)
    Membership.objects.create(
        user=organiser, institution=make_open_edition().programme.institution, role="organiser"
    )
    return organiser, pyotp.TOTP(give_authenticator(organiser))


def _ask_for_code(device: Client, email: str, language: str = "en") -> str:
    return str(device.post(f"/{language}/accounts/login/", {"login": email}).content.decode())


def _enter_code(device: Client) -> str:
    code = CODE.search(str(mail.outbox[-1].body))
    assert code
    response = device.post("/en/accounts/login/code/confirm/", {"code": code.group(1)})
    return str(response["Location"])


@pytest.fixture
def app_codes_reusable(monkeypatch):
    """Two devices signing in within one 30-second step of the authenticator app would give
    the same app code, which allauth refuses as replayed; that is not what these tests are
    about."""
    monkeypatch.setattr(TOTP, "_mark_code_used", lambda self, code: True)


def test_it_says_too_many_codes_were_asked_for_and_when_to_try_again():
    person = _person()
    at = timezone.now()
    with time_machine.travel(at, tick=False):
        for _request in range(3):
            _ask_for_code(Client(), person.email)
    with time_machine.travel(at + timedelta(seconds=20), tick=False):
        refused = _ask_for_code(Client(), person.email)
    assert len(mail.outbox) == 3
    assert TOO_MANY_FAILED not in refused
    assert "You asked for too many sign-in codes. Please try again in 1 minute." in refused


def test_it_says_so_in_german():
    person = _person()
    for _request in range(3):
        _ask_for_code(Client(), person.email, "de")
    refused = _ask_for_code(Client(), person.email, "de")
    assert (
        "Sie haben zu viele Anmeldecodes angefordert. Bitte versuchen Sie es in 1 Minute erneut."
        in refused
    )


def test_the_code_page_says_so_too():
    person = _person()
    for _request in range(3):
        _ask_for_code(Client(), person.email)
    refused = Client().post("/en/accounts/login/code/", {"email": person.email})
    assert "You asked for too many sign-in codes" in refused.content.decode()
    assert len(mail.outbox) == 3


def test_a_participant_signs_in_again_and_again_within_a_minute():
    person = _person()
    for _sign_in in range(5):
        device = Client()
        _ask_for_code(device, person.email)
        assert _enter_code(device) == "/en/my/"
    assert len(mail.outbox) == 5


def test_an_organiser_on_two_devices_is_not_locked_out_by_signing_in(app_codes_reusable):
    organiser, app = _organiser()
    laptop, phone = Client(), Client()
    for device in (laptop, phone, laptop, phone, laptop, phone):
        page = _ask_for_code(device, organiser.email)
        assert "too many" not in page.lower()
        assert _enter_code(device) == "/en/accounts/2fa/authenticate/"
        response = device.post("/en/accounts/2fa/authenticate/", {"code": app.now()})
        assert response.status_code == 302
        assert device.get("/en/staff/").status_code == 200
        device.post("/en/accounts/logout/")  # or the session ends after its idle time
    assert len(mail.outbox) == 6


def test_codes_asked_for_without_signing_in_still_count():
    """Only a sign-in clears the count: someone asking for codes for another person's
    address is stopped after three a minute, as before."""
    person = _person()
    other = _person("other@uni.example")
    for _request in range(3):
        _ask_for_code(Client(), person.email)
    device = Client()
    _ask_for_code(device, other.email)
    _enter_code(device)  # someone else signs in: the first address's count stays
    assert "too many sign-in codes" in _ask_for_code(Client(), person.email)


def test_it_counts_the_minutes_up():
    with translation.override("en"):
        assert code_request_refusal(150.2).endswith("Please try again in 3 minutes.")
        assert code_request_refusal(0.5).endswith("Please try again in 1 minute.")
