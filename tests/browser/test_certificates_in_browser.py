"""An organiser issues an edition's certificates with one button and watches the progress
bar; then an employer opens one certificate's verification page on a phone. Both pages pass
axe-core without serious or critical findings."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from lifelong.certificates.models import Certificate
from lifelong.certificates.services import certificate_issue
from tests.certificates.helpers import attended, make_certificate_edition, participant
from tests.enrolment.helpers import make_organiser, run_tasks

PHONE = {"width": 390, "height": 844}
NAMES = ["Zoë Łukasiewicz-Öztürk", "Nguyễn Thị Minh Khai", "Søren Madsen"]


@pytest.fixture(autouse=True)
def _signing_keys(settings, tmp_path):
    settings.CREDENTIAL_KEYS_FILE = str(tmp_path / "keys.json")


def serious(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_an_organiser_issues_all_and_a_verifier_checks_one(browser, live_server, transactional_db):
    edition = make_certificate_edition()
    for name in NAMES:
        attended(participant(edition, name), ["present"] * 5)
    client = Client()
    client.force_login(make_organiser(edition))
    context = browser.new_context(locale="en-GB")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/en/staff/editions/{edition.pk}/certificates/")
    assert serious(page) == []
    page.get_by_role("button", name="Issue 3 certificates to everyone who meets the rule").click()
    progress = page.get_by_role("progressbar")
    assert progress.is_visible()
    run_tasks()  # the worker; the page asks for the progress and reloads when it is done
    page.get_by_text("Everyone who meets the rule has their certificate.").wait_for()
    codes = page.get_by_role("link", name=re.compile(r"^LL-"))
    assert codes.count() == 3
    assert progress.get_attribute("value") == "100"
    context.close()

    code = Certificate.objects.values_list("code", flat=True)[0]
    phone = browser.new_context(locale="de-DE", viewport=PHONE, is_mobile=True, has_touch=True)
    verifier = phone.new_page()
    verifier.goto(f"{live_server.url}/verify/{code}/")
    assert verifier.get_by_role("heading", name="Gültig").is_visible()
    assert verifier.get_by_text(code).first.is_visible()
    width = verifier.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # no sideways scrolling on a phone
    assert serious(verifier) == []
    phone.close()


def test_a_verifier_reads_the_page_in_the_language_of_its_address_and_switches(
    browser, live_server, transactional_db
):
    """/en/verify/<code>/ is English on a German phone; the language switch leads to
    /de/verify/<code>/, and an unknown code says so in that language."""
    edition = make_certificate_edition()
    person = attended(participant(edition, NAMES[0]), ["present"] * 5)
    code = certificate_issue(application=person, actor=None).certificate.code
    phone = browser.new_context(locale="de-DE", viewport=PHONE, is_mobile=True, has_touch=True)
    verifier = phone.new_page()
    verifier.goto(f"{live_server.url}/en/verify/{code}/")
    assert verifier.get_by_role("heading", name="Check a certificate").is_visible()
    assert verifier.get_by_role("heading", name="Valid").is_visible()
    verifier.get_by_role("link", name="DE – Deutsch").click()
    verifier.wait_for_url(f"{live_server.url}/de/verify/{code}/")
    assert verifier.get_by_role("heading", name="Gültig").is_visible()
    assert serious(verifier) == []
    verifier.goto(f"{live_server.url}/de/verify/LL-2222-3333-4444/")
    assert verifier.get_by_role("heading", name="Unbekannt").is_visible()
    assert verifier.url == f"{live_server.url}/de/verify/LL-2222-3333-4444/"
    phone.close()
