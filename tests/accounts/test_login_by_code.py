"""Participants sign up and sign in with a code sent by e-mail; no password anywhere."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from lifelong.accounts.models import User

pytestmark = pytest.mark.django_db
CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)


def _code() -> str:
    match = CODE.search(str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_it_signs_up_a_new_person_by_code_and_returns_to_where_they_were(client):
    next_url = "/en/editions/7/apply/"
    client.post("/en/accounts/signup/", {"email": "New.Person@Example.org", "next": next_url})
    response = client.post("/en/accounts/confirm-email/", {"code": _code()})
    assert response["Location"] == next_url
    person = User.objects.get(email="new.person@example.org")
    assert person.preferred_language == "en"
    assert not person.has_usable_password()
    assert client.get("/en/my/").status_code == 200


def test_it_signs_in_a_known_person_by_code(client):
    known = User.objects.create_user(email="known@example.org")
    EmailAddress.objects.create(user=known, email=known.email, verified=True, primary=True)
    response = client.post("/de/accounts/login/", {"login": "known@example.org"})
    assert response["Location"].startswith("/de/accounts/login/code/confirm/")
    response = client.post("/de/accounts/login/code/confirm/", {"code": _code()})
    assert response.status_code == 302
    assert client.get("/de/my/").status_code == 200


def test_it_refuses_a_wrong_code(client):
    client.post("/en/accounts/signup/", {"email": "w@example.org"})
    response = client.post("/en/accounts/confirm-email/", {"code": "AAAA-AAAA"})
    assert response.status_code == 200
    assert client.get("/en/my/").status_code == 302
