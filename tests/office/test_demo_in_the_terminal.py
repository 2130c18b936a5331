"""`make run` loads the demo, whose worker then sends its e-mails (certificates with their
PDFs, acceptances with calendar files and check-in passes): the terminal shows one short line
for each, not thousands of lines of base64, and the outbox keeps the messages whole."""

import pytest
from django.core.management import call_command

from lifelong.lib.outbox import outbox_entries
from tests.enrolment.helpers import run_tasks

pytestmark = pytest.mark.django_db


def test_it_prints_one_short_line_per_demo_e_mail(settings, tmp_path, capsys):
    settings.DEBUG = True  # as `make run` sets it
    settings.EMAIL_BACKEND = "lifelong.lib.outbox.OutboxEmailBackend"
    settings.EMAIL_OUTBOX_DIR = tmp_path / "outbox"
    call_command("load_demo")
    run_tasks()
    lines = capsys.readouterr().out.splitlines()
    entries = outbox_entries(directory=settings.EMAIL_OUTBOX_DIR)
    assert any(entry.attachments for entry in entries)
    mail_lines = [line for line in lines if line.startswith("e-mail to ")]
    assert len(mail_lines) == len(entries) >= 9
    assert len(lines) == len(entries) + 1  # and "Demo catalogue ready: …"
    assert len(lines) < 200
    assert max(len(line) for line in lines) < 200
    assert not any("base64" in line for line in lines)
