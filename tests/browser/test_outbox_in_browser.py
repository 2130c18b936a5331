"""A newcomer signs in during development: the code is on one line in the terminal, and the
e-mail itself, attachments included, is readable in the outbox at /dev/outbox/."""

import re

import pytest
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from django.core.mail import EmailMessage, EmailMultiAlternatives

from lifelong.accounts.models import User

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40
LINE = re.compile(r'e-mail to ada@example\.org: "[^"]+" — sign-in code: (\S+) — (http://\S+/)')


@pytest.fixture
def development(settings, tmp_path, live_server, transactional_db):
    settings.DEBUG = True
    settings.ROOT_URLCONF = "tests.dev_outbox_urls"
    settings.EMAIL_BACKEND = "lifelong.lib.outbox.OutboxEmailBackend"
    settings.EMAIL_OUTBOX_DIR = tmp_path / "outbox"
    settings.SITE_URL = live_server.url
    person = User.objects.create_user(email="ada@example.org", preferred_language="de")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return live_server.url


def _serious_violations(page) -> list[tuple[str, str]]:
    return [
        (violation["id"], violation["help"])
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_it_signs_in_with_the_code_from_the_terminal_line_and_the_outbox(page, development, capsys):
    page.goto(development + "/en/accounts/login/")
    page.get_by_label(re.compile("^e-?mail", re.IGNORECASE)).fill("ada@example.org")
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url(re.compile("/login/code/confirm/"))
    (line,) = capsys.readouterr().out.splitlines()
    match = LINE.fullmatch(line)
    assert match, line
    code, address = match.groups()

    outbox = page.context.new_page()
    outbox.goto(development + "/dev/outbox/")
    outbox.get_by_role("link", name=re.compile("Anmeldecode|sign-in code", re.IGNORECASE)).click()
    assert outbox.url == address
    assert code in outbox.locator("pre").inner_text()

    page.get_by_label("Code").fill(code)
    page.locator("form button[type=submit]").first.click()
    page.get_by_role("link", name="My programmes").wait_for()


def test_it_lists_a_message_whose_attachment_downloads(page, development, capsys):
    message = EmailMessage(
        subject="Ihr Zertifikat: Wissen gemeinsam gestalten",
        body="Guten Tag Ada Lovelace,\n\nanbei Ihr Zertifikat.\n",
        to=["ada@example.org"],
    )
    message.attach("K7Q2-M9XD.pdf", PDF, "application/pdf")
    message.send()

    page.goto(development + "/dev/outbox/")
    assert page.get_by_role("heading", level=1, name="Postausgang").is_visible()
    row = page.get_by_role("row", name=re.compile("Ihr Zertifikat"))
    assert row.get_by_role("cell", name="ada@example.org").is_visible()
    assert row.get_by_role("cell", name="1", exact=True).is_visible()
    assert _serious_violations(page) == []

    row.get_by_role("link", name="Ihr Zertifikat: Wissen gemeinsam gestalten").click()
    assert page.get_by_role("heading", level=1, name=re.compile("Ihr Zertifikat")).is_visible()
    assert "anbei Ihr Zertifikat." in page.locator("pre").inner_text()
    assert _serious_violations(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="K7Q2-M9XD.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "K7Q2-M9XD.pdf"
    with open(download.path(), "rb") as file:
        assert file.read() == PDF


def test_it_fits_a_phone_screen_without_sideways_scrolling(browser, development):
    message = EmailMessage(
        subject="Ihre Bewerbung ist eingegangen: Zertifikatsprogramm „Wissen gemeinsam gestalten“",
        body="Guten Tag,\n\n" + "https://example.org/" + "a" * 120 + "\n",
        to=["a.very.long.address.of.somebody@an-institution-with-a-long-name.example.org"],
    )
    message.send()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    phone = context.new_page()
    phone.goto(development + "/dev/outbox/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("link", name=re.compile("Ihre Bewerbung")).click()
    phone.get_by_role("heading", level=1).wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_it_shows_an_html_e_mail_in_a_frame_that_runs_no_script(page, development):
    message = EmailMultiAlternatives(subject="HTML", body="Text part", to=["ada@example.org"])
    message.attach_alternative(
        "<h2>Willkommen</h2><script>document.body.textContent = 'script ran'</script>",
        "text/html",
    )
    message.send()
    page.goto(development + "/dev/outbox/")
    page.get_by_role("link", name="HTML", exact=True).click()
    frame = page.frame_locator("iframe.outbox__html")
    assert frame.get_by_role("heading", name="Willkommen").is_visible()
    assert frame.get_by_text("script ran").count() == 0
