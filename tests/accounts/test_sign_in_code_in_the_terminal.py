"""In development the sign-in code is on the e-mail's one line in the terminal: the account
adapter names it in a header of the e-mail (never with DEBUG off), which the development
outbox prints."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from lifelong.accounts.models import User
from lifelong.lib.outbox import SIGN_IN_CODE_HEADER, outbox_message

pytestmark = pytest.mark.django_db
LINE = re.compile(
    r'e-mail to (?P<to>\S+): "(?P<subject>[^"]+)" — sign-in code: (?P<code>[A-Z0-9]{4}-[A-Z0-9]{4})'
    r" — http://127\.0\.0\.1:8000/dev/outbox/(?P<key>[0-9a-f]{12})/"
)


@pytest.fixture
def development(settings, tmp_path):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "lifelong.lib.outbox.OutboxEmailBackend"
    settings.EMAIL_OUTBOX_DIR = tmp_path / "outbox"
    settings.SITE_URL = "http://127.0.0.1:8000"
    return settings.EMAIL_OUTBOX_DIR


def _known_person(email: str) -> User:
    person = User.objects.create_user(email=email)
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    return person


def _one_line(capsys) -> re.Match[str]:
    (line,) = capsys.readouterr().out.splitlines()
    match = LINE.fullmatch(line)
    assert match, line
    return match


def test_it_prints_the_sign_in_code_that_signs_in(client, capsys, development):
    _known_person("ada@example.org")
    client.post("/de/accounts/login/", {"login": "ada@example.org"})
    line = _one_line(capsys)
    assert line["to"] == "ada@example.org"
    message = outbox_message(directory=development, key=line["key"])
    assert message is not None
    assert line["subject"] == message.subject
    assert line["code"] in message.text
    response = client.post("/de/accounts/login/code/confirm/", {"code": line["code"]})
    assert response.status_code == 302
    assert client.get("/de/my/").status_code == 200


def test_it_prints_the_code_that_confirms_a_new_account(client, capsys, development):
    client.post("/en/accounts/signup/", {"email": "new@example.org"})
    line = _one_line(capsys)
    assert line["to"] == "new@example.org"
    client.post("/en/accounts/confirm-email/", {"code": line["code"]})
    assert client.get("/en/my/").status_code == 200


def test_it_adds_no_code_header_with_debug_off(client, settings):
    assert settings.DEBUG is False
    _known_person("ada@example.org")
    client.post("/de/accounts/login/", {"login": "ada@example.org"})
    (message,) = mail.outbox
    assert SIGN_IN_CODE_HEADER not in message.extra_headers
    assert SIGN_IN_CODE_HEADER not in message.message()
