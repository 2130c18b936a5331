"""The development outbox at /dev/outbox/: every e-mail the site "sent", readable with its
attachments; never there with DEBUG off, neither mounted nor answering."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 40
pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings, tmp_path):
    """DEBUG on, the development pages mounted, the outbox in a directory of this test."""
    settings.DEBUG = True
    settings.ROOT_URLCONF = "tests.dev_outbox_urls"
    settings.EMAIL_OUTBOX_DIR = tmp_path / "outbox"
    settings.EMAIL_BACKEND = "lifelong.lib.outbox.OutboxEmailBackend"
    return settings.EMAIL_OUTBOX_DIR


def _send(message: EmailMessage) -> str:
    """Sends it through the outbox and returns the address its terminal line points to."""
    connection = mail.get_connection()
    connection.stream = _Discard()
    connection.send_messages([message])
    (entry,) = [p for p in Path(connection.directory).glob("*.eml")][-1:]
    return f"/dev/outbox/{entry.stem.rsplit('-', 1)[1]}/"


class _Discard:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def _certificate_mail() -> EmailMessage:
    message = EmailMessage(
        subject="Ihr Zertifikat: Wissen gemeinsam gestalten",
        body="Guten Tag Ada Lovelace,\n\nanbei Ihr Zertifikat.\n",
        to=["ada@example.org"],
    )
    message.attach("K7Q2-M9XD.pdf", PDF, "application/pdf")
    message.attach("programme.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    return message


def test_it_lists_each_message_with_its_time_recipient_subject_and_attachments(client, outbox):
    address = _send(_certificate_mail())
    page = client.get("/dev/outbox/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Outbox</h1>" in html
    assert (
        f'<td class="outbox__subject"><a href="{address}">'
        "Ihr Zertifikat: Wissen gemeinsam gestalten</a></td>"
    ) in html
    assert '<td class="outbox__to">ada@example.org</td>' in html
    assert "<td>2</td>" in html


def test_it_shows_a_message_readably_and_its_attachment_downloads(client, outbox):
    address = _send(_certificate_mail())
    page = client.get(address, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "<h1>Ihr Zertifikat: Wissen gemeinsam gestalten</h1>" in html
    assert "Guten Tag Ada Lovelace,\n\nanbei Ihr Zertifikat." in html
    assert f'<a href="{address}K7Q2-M9XD.pdf" download>K7Q2-M9XD.pdf</a>' in html
    download = client.get(f"{address}K7Q2-M9XD.pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="K7Q2-M9XD.pdf"'
    assert download.content == PDF
    calendar = client.get(f"{address}programme.ics")
    assert calendar.content == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert client.get(f"{address}other.pdf").status_code == 404


def test_it_shows_an_html_body_only_in_a_sandbox(client, outbox):
    message = EmailMultiAlternatives(subject="HTML", body="Text part", to=["ada@example.org"])
    message.attach_alternative('<p>Hi</p><script>alert("x")</script>', "text/html")
    html = client.get(_send(message)).content.decode()
    assert (
        '<iframe class="outbox__html" sandbox srcdoc="&lt;p&gt;Hi&lt;/p&gt;&lt;script&gt;'
        "alert(&quot;x&quot;)&lt;/script&gt;"
    ) in html
    assert "<script>" not in html


def test_it_answers_404_for_a_message_that_is_not_there(client, outbox):
    assert client.get("/dev/outbox/0123456789ab/").status_code == 404
    assert client.get("/dev/outbox/0123456789ab/x.pdf").status_code == 404


def test_it_says_when_there_is_no_e_mail_yet(client, outbox):
    page = client.get("/dev/outbox/", HTTP_ACCEPT_LANGUAGE="en")
    assert "No e-mail yet." in page.content.decode()


def test_it_refuses_with_debug_off_even_where_it_is_mounted(client, outbox, settings):
    address = _send(_certificate_mail())
    settings.DEBUG = False
    assert client.get("/dev/outbox/").status_code == 404
    assert client.get(address).status_code == 404
    assert client.get(f"{address}K7Q2-M9XD.pdf").status_code == 404


def test_it_is_not_mounted_with_debug_off(client, settings):
    assert settings.DEBUG is False
    with pytest.raises(Resolver404):
        resolve("/dev/outbox/")
    assert client.get("/dev/outbox/").status_code == 404


def _site_with(debug: str) -> list[str]:
    """What a fresh process of the site makes of DEBUG: its e-mail backend, and whether the
    outbox has an address."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.urls import Resolver404, resolve; print(settings.EMAIL_BACKEND)\n"
        "try: resolve('/dev/outbox/'); print('mounted')\n"
        "except Resolver404: print('not mounted')"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"EMAIL_BACKEND", "ROOT_URLCONF", "TESTING"}
    }
    env |= {"DEBUG": debug, "SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "lifelong.settings"}
    finished = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return finished.stdout.splitlines()


def test_it_is_the_default_in_development_and_never_in_production():
    assert _site_with("true") == ["lifelong.lib.outbox.OutboxEmailBackend", "mounted"]
    assert _site_with("false") == ["django.core.mail.backends.smtp.EmailBackend", "not mounted"]
