"""Every page and e-mail a person can reach speaks German with "Sie", allauth's included:
allauth's own German catalogue says "du", and our catalogue (LOCALE_PATHS) wins over it. The
e-mails name the site by its name, not by the host the request came to."""

import html
import re
from pathlib import Path
from typing import Any

import allauth
import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation
from django.utils.translation import trans_real

from lifelong.accounts.models import User

INFORMAL = re.compile(
    r"\b(du|dein|deine|deinen|deinem|deiner|deines|dich|dir"
    # the "du" forms of verbs, which need no pronoun: "Gib den Code ein", "Bist … sicher?"
    r"|hast|bist|kannst|musst|möchtest|willst|gib|klick|lass|wähle|kontaktiere"
    r"|erstelle|melde|überprüfe|verknüpfe)\b",
    re.IGNORECASE,
)
CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)
ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"


def _informal(text: str) -> list[str]:
    return [match.group(0) for match in INFORMAL.finditer(text)]


def _visible(content: bytes) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", content.decode(), flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _person(email: str = "known@example.org") -> User:
    person = User.objects.create_user(email=email, preferred_language="de")
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    return person


def _code() -> str:
    match = CODE.search(str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_it_speaks_formally_in_every_german_message_django_knows():
    """The catalogue Django uses: ours, every installed app's (allauth's) and Django's own,
    so that an allauth upgrade bringing a new "du" fails here."""
    informal = {}
    catalogue: Any = trans_real.translation("de")
    while catalogue is not None:
        messages = catalogue._catalog
        for key in set(messages.keys()):
            if found := _informal(messages[key]):
                informal[key] = found
        catalogue = catalogue._fallback
    assert informal == {}


@pytest.mark.django_db
def test_it_speaks_formally_on_every_sign_in_and_sign_up_page(client):
    _person()
    seen = {}

    def see(label, response):
        assert response.status_code == 200, label
        seen[label] = _visible(response.content)

    for path in (
        "login/",
        "signup/",
        "login/code/",
        "inactive/",
        "password/reset/",
        "password/reset/done/",
        "password/reset/key/1-wrong/",
        "password/reset/key/done/",
    ):
        see(path, client.get(f"/de/accounts/{path}"))
    signup = {"email": "new@example.org"}
    see("sign-up code", client.post("/de/accounts/signup/", signup, follow=True))
    see("wrong code", client.post("/de/accounts/confirm-email/", {"code": "AAAA-AAAA"}))
    see("confirmed", client.post("/de/accounts/confirm-email/", {"code": _code()}, follow=True))
    other = Client()
    login = {"login": "known@example.org"}
    see("sign-in code", other.post("/de/accounts/login/", login, follow=True))
    see("signed in", other.post("/de/accounts/login/code/confirm/", {"code": _code()}, follow=True))
    for path in (
        "email/",
        "password/set/",
        "logout/",
        "2fa/",
        "2fa/totp/activate/",
        "2fa/recovery-codes/generate/",
    ):
        see(path, other.get(f"/de/accounts/{path}"))
    see("signed out", other.post("/de/accounts/logout/", follow=True))

    assert "Sie haben schon ein Konto? Dann melden Sie sich an" in seen["signup/"]
    assert "Die E-Mail-Adresse new@example.org ist bestätigt." in seen["confirmed"]
    assert "Möchten Sie sich wirklich abmelden?" in seen["logout/"]
    assert "Sie sind abgemeldet." in seen["signed out"]
    assert {label: _informal(text) for label, text in seen.items() if _informal(text)} == {}


@pytest.mark.django_db
def test_it_speaks_formally_and_names_the_site_in_the_sign_up_and_sign_in_emails(client):
    _person()
    client.post("/de/accounts/signup/", {"email": "new@example.org"})
    Client().post("/de/accounts/login/", {"login": "known@example.org"})
    Client().post("/de/accounts/login/", {"login": "nobody@example.org"})
    Client().post("/de/accounts/signup/", {"email": "known@example.org"})
    Client().post("/de/accounts/password/reset/", {"email": "known@example.org"})

    confirmation, login_code, unknown, exists, reset = mail.outbox
    assert confirmation.subject == "Bitte bestätigen Sie Ihre E-Mail-Adresse"
    assert f"Ihre E-Mail-Adresse bei {settings.SITE_NAME}." in confirmation.body
    assert "Bitte geben Sie ihn in dem Browserfenster ein" in confirmation.body
    assert "Wenn Sie diesen Code nicht angefordert haben" in confirmation.body
    assert login_code.subject == "Anmeldecode"
    assert "Melden Sie sich mit einem Code an" in exists.body
    assert "/de/accounts/login/" in exists.body
    for message in mail.outbox:
        assert message.body.rstrip().endswith(settings.SITE_NAME)
        assert "testserver" not in re.sub(r"https?://\S+", "", str(message.body))
        assert _informal(f"{message.subject}\n{message.body}") == [], message.body
    assert unknown.subject == "Unbekanntes Konto"
    assert "das Zurücksetzen des Passworts für Ihr Konto" in reset.body


@pytest.mark.django_db
def test_it_speaks_formally_in_every_email_allauth_can_send():
    """Every e-mail template allauth has, rendered in German: one a newer allauth adds is
    scanned too."""
    person = _person()
    context = {
        "user": person,
        "email": person.email,
        "code": "ABCD-EFGH",
        "site_name": settings.SITE_NAME,
        "login_url": "https://example.org/de/accounts/login/",
        "signup_url": "https://example.org/de/accounts/signup/",
        "password_reset_url": "https://example.org/de/accounts/password/reset/",
        "activate_url": "https://example.org/de/accounts/confirm-email/key/",
        "from_email": "old@example.org",
        "to_email": "new@example.org",
        "deleted_email": "old@example.org",
        "provider": "Example",
        "ip": "192.0.2.1",
        "user_agent": "Firefox",
        "timestamp": "1 December 2026, 01:00",
    }
    templates = sorted(
        path.relative_to(ALLAUTH_TEMPLATES).as_posix()
        for path in ALLAUTH_TEMPLATES.glob("*/email/*.txt")
    )
    assert "account/email/email_confirmation_signup_subject.txt" in templates
    rendered = {}
    with translation.override("de"):
        for template in templates:
            rendered[template] = render_to_string(template, context)
    assert {name: _informal(text) for name, text in rendered.items() if _informal(text)} == {}
    assert "weil Benutzer" not in rendered["account/email/email_confirmation_message.txt"]
