"""Links in e-mails name the site's own address: `SITE_URL` in production, and in
development the HOST and PORT that `make run` serves on (Makefile), unless SITE_URL is set."""

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings

from tests.enrolment.helpers import apply, make_open_edition, make_user, run_tasks

ROOT = Path(__file__).resolve().parent.parent


def _make_run(*arguments: str, site_url: str | None = None) -> list[str]:
    """The commands `make run` would run (make -n runs none of them), with SITE_URL set in
    the environment or not."""
    environment = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    if site_url is not None:
        environment["SITE_URL"] = site_url
    printed = subprocess.run(
        ["make", "-n", "--no-print-directory", "run", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in printed.splitlines() if "manage.py" in line]


def _site_urls(lines: list[str], command: str) -> set[str]:
    return {
        match
        for line in lines
        if command in line
        for match in re.findall(r"SITE_URL='([^']*)'", line)
    }


def test_it_gives_the_server_and_the_worker_the_address_make_run_serves_on():
    lines = _make_run("PORT=8300")
    assert any("runserver 127.0.0.1:8300" in line for line in lines)
    for command in ("runserver", "db_worker", "load_demo"):
        assert _site_urls(lines, command) == {"http://127.0.0.1:8300"}, command


def test_it_follows_the_host_too():
    lines = _make_run("HOST=192.168.1.20", "PORT=8001")
    assert _site_urls(lines, "db_worker") == {"http://192.168.1.20:8001"}


@pytest.mark.parametrize("every_address", ["0.0.0.0", "[::]"])  # noqa: S104 (given to make, not bound)
def test_a_server_on_every_address_links_to_this_machine(every_address):
    """0.0.0.0 is where a server listens, not an address a browser can open."""
    lines = _make_run(f"HOST={every_address}", "PORT=8300")
    assert any(f"runserver {every_address}:8300" in line for line in lines)
    assert _site_urls(lines, "db_worker") == {"http://127.0.0.1:8300"}


def test_it_keeps_a_site_url_that_is_set():
    lines = _make_run("PORT=8300", site_url="https://lifelong.example.org")
    assert _site_urls(lines, "db_worker") == {"https://lifelong.example.org"}
    assert _site_urls(lines, "runserver") == {"https://lifelong.example.org"}


@pytest.mark.django_db
@override_settings(SITE_URL="http://127.0.0.1:8300")
def test_it_points_every_link_of_an_e_mail_at_the_site_url():
    edition = make_open_edition(selection_mode="reviewed")
    apply(edition, make_user(preferred_language="en"))
    run_tasks()
    (message,) = mail.outbox
    links = re.findall(r"https?://[^\s]+", str(message.body))
    assert links
    assert all(link.startswith("http://127.0.0.1:8300/") for link in links), links
