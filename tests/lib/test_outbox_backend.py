"""In development every e-mail is kept in the outbox directory and announced by exactly one
line in the terminal: to, subject, the sign-in code if there is one, and where to read it."""

import io
import re

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from lifelong.lib.outbox import (
    OUTBOX_KEEP,
    SIGN_IN_CODE_HEADER,
    OutboxEmailBackend,
    outbox_entries,
    outbox_prune,
)

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 400  # 100 kB, which base64 would make 1,800 lines
CALENDAR = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
LINE = re.compile(
    r'e-mail to ada@example\.org: "Ihr Zertifikat: Wissen gemeinsam gestalten" — '
    r"http://127\.0\.0\.1:8000/dev/outbox/([0-9a-f]{12})/"
)


@pytest.fixture
def outbox_dir(settings, tmp_path):
    settings.EMAIL_OUTBOX_DIR = tmp_path / "outbox"
    settings.SITE_URL = "http://127.0.0.1:8000"
    return settings.EMAIL_OUTBOX_DIR


def _send(*messages: EmailMessage) -> list[str]:
    stream = io.StringIO()
    connection = mail.get_connection("lifelong.lib.outbox.OutboxEmailBackend", stream=stream)
    assert connection.send_messages(list(messages)) == len(messages)
    return stream.getvalue().splitlines()


def _certificate_mail() -> EmailMessage:
    message = EmailMessage(
        subject="Ihr Zertifikat: Wissen gemeinsam gestalten",
        body="Guten Tag,\n\nanbei Ihr Zertifikat.\n",
        to=["ada@example.org"],
    )
    message.attach("K7Q2-M9XD.pdf", PDF, "application/pdf")
    message.attach("programme.ics", CALENDAR, "text/calendar")
    return message


def test_it_prints_one_line_per_message_and_never_base64(outbox_dir):
    lines = _send(_certificate_mail(), _certificate_mail())
    assert len(lines) == 2
    assert all(LINE.fullmatch(line) for line in lines), lines
    assert not any("base64" in line or "JVBERi" in line for line in lines)


def test_it_keeps_the_whole_message_where_its_line_points(outbox_dir):
    (line,) = _send(_certificate_mail())
    match = LINE.fullmatch(line)
    assert match
    (entry,) = outbox_entries(directory=outbox_dir)
    assert entry.key == match[1]
    assert entry.to == "ada@example.org"
    assert entry.subject == "Ihr Zertifikat: Wissen gemeinsam gestalten"
    assert [(a.name, a.content_type, a.size) for a in entry.attachments] == [
        ("K7Q2-M9XD.pdf", "application/pdf", len(PDF)),
        ("programme.ics", "text/calendar", len(CALENDAR)),
    ]
    assert sorted(path.suffix for path in outbox_dir.iterdir()) == [".eml", ".json"]


def test_it_shows_the_sign_in_code_the_adapter_names(outbox_dir):
    message = EmailMessage(
        subject="Ihr Anmeldecode",
        body="Ihr Code: ABCD-EFGH",
        to=["ada@example.org"],
        headers={SIGN_IN_CODE_HEADER: "ABCD-EFGH"},
    )
    (line,) = _send(message)
    assert re.fullmatch(
        r'e-mail to ada@example\.org: "Ihr Anmeldecode" — sign-in code: ABCD-EFGH — '
        r"http://127\.0\.0\.1:8000/dev/outbox/[0-9a-f]{12}/",
        line,
    )


def test_it_names_every_recipient_on_the_one_line(outbox_dir):
    message = EmailMessage(subject="Hallo", body="…", to=["a@example.org"], cc=["b@example.org"])
    (line,) = _send(message)
    assert line.startswith('e-mail to a@example.org, b@example.org: "Hallo" — ')


def test_it_keeps_only_the_newest_messages(outbox_dir):
    _send(*[EmailMessage(subject=f"Nr. {n}", body="…", to=["a@example.org"]) for n in range(5)])
    outbox_prune(directory=outbox_dir, keep=3)
    assert [entry.subject for entry in outbox_entries(directory=outbox_dir)] == [
        "Nr. 4",
        "Nr. 3",
        "Nr. 2",
    ]
    assert len(list(outbox_dir.iterdir())) == 3 * 2  # each message with its summary
    assert OUTBOX_KEEP == 500


def test_it_is_the_backend_django_builds_from_the_setting(outbox_dir, settings):
    settings.EMAIL_BACKEND = "lifelong.lib.outbox.OutboxEmailBackend"
    assert isinstance(mail.get_connection(), OutboxEmailBackend)
