"""Signing up in German on a phone: every sentence says "Sie", the e-mail names the site, and
the code it brings confirms the address."""

import re

from django.conf import settings
from django.core import mail

CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)
INFORMAL = re.compile(r"\b(du|dein|deine|deinen|deinem|deiner|deines|dich|dir)\b", re.IGNORECASE)


def test_it_signs_up_in_german_saying_sie_throughout(page, live_server, transactional_db):
    mail.outbox.clear()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/de/accounts/signup/")
    main = page.get_by_role("main")
    assert "Sie haben schon ein Konto? Dann melden Sie sich an." in main.inner_text()
    assert page.get_by_role("link", name="melden Sie sich an").is_visible()
    seen = [main.inner_text()]

    page.get_by_label("E-Mail-Adresse").fill("neu@example.org")
    page.get_by_role("button", name="Registrieren").click()
    page.get_by_role("heading", name="Geben Sie den E-Mail-Bestätigungscode ein").wait_for()
    seen.append(main.inner_text())

    (message,) = mail.outbox
    assert message.subject == "Bitte bestätigen Sie Ihre E-Mail-Adresse"
    assert f"Ihre E-Mail-Adresse bei {settings.SITE_NAME}." in message.body
    assert "127.0.0.1" not in message.body and "localhost" not in message.body
    code = CODE.search(str(message.body))
    assert code
    page.get_by_label("Code").fill(code.group(1))
    page.get_by_role("button", name="Bestätigen").click()
    page.get_by_role("heading", name="Meine Programme").wait_for()
    seen.append(main.inner_text())
    assert "Die E-Mail-Adresse neu@example.org ist bestätigt." in page.inner_text("body")

    page.goto(live_server.url + "/de/accounts/logout/")
    assert "Möchten Sie sich wirklich abmelden?" in main.inner_text()
    seen.append(main.inner_text())
    assert [INFORMAL.findall(text) for text in seen] == [[]] * len(seen)
