"""Every documented limit holds for the whole site (finding M2 of the outside probe): two
production servers (gunicorn, 3 workers each) on one database, requests alternating between
them, count against one shared cache: the database cache (the default, CACHE_URL=db://) and
Redis (CACHE_URL=redis://…; Debian's redis-server, which `make test` installs; in CI a
missing one fails, never skips).

Each case builds, serves and drops its own SQLite file (bench/rush.py's machinery), so it
uses neither pytest-django's test database nor its `django_db` mark and runs on an xdist
worker beside the rest of the suite.
"""

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path

import pyotp
import pytest

from bench.harness import PYTHON, bench_env, production_server
from bench.rush import free_port, run_checked
from lifelong.certificates.codes import certificate_code_new

TOO_MANY = "Too many failed login attempts"
TOO_MANY_CODES = "You asked for too many sign-in codes"
CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)
SECRET = "LIMITSACROSSSERVERSLIMITSACROSSS"
E_MAILED = "mailed@uni.example"  # asks for codes
SIGNING_IN = "signing-in@uni.example"  # tries app codes
SEED = f"""
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from lifelong.accounts.models import Membership, User
from tests.factories import make_institution
institution = make_institution()
for email in ({E_MAILED!r}, {SIGNING_IN!r}):
    user = User.objects.create_user(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Membership.objects.create(user=user, institution=institution, role="organiser")
    TOTP.activate(user, {SECRET!r})
"""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass(frozen=True)
class Answer:
    status: int
    location: str
    text: str


class Browser:
    """One visitor's cookies, sent to whichever server it asks (cookies ignore the port)."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def get(self, url: str) -> Answer:
        return self._open(urllib.request.Request(url))

    def post(self, url: str, data: dict[str, str]) -> Answer:
        """The form at `url`, sent with its CSRF token (the cookie's value)."""
        self.get(url)
        token = next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token or ""}).encode()
        return self._open(urllib.request.Request(url, data=body, method="POST"))

    def _open(self, request: urllib.request.Request) -> Answer:
        try:
            with self.opener.open(request, timeout=30) as response:
                return Answer(response.status, "", response.read().decode())
        except urllib.error.HTTPError as error:  # redirects and 4xx arrive here
            return Answer(error.code, error.headers.get("Location", ""), error.read().decode())


@dataclass(frozen=True)
class Site:
    servers: list[str]
    logs: list[Path]

    def alternating(self) -> Iterator[str]:
        return cycle(self.servers)

    def log_sizes(self) -> list[int]:
        return [log.stat().st_size for log in self.logs]

    def code_e_mailed_since(self, sizes: list[int]) -> str:
        """The sign-in code e-mailed since the logs had `sizes` (the console backend writes
        e-mails to the servers' logs)."""
        found = [
            match
            for log, size in zip(self.logs, sizes, strict=True)
            for match in CODE.findall(log.read_bytes()[size:].decode())
        ]
        assert len(found) == 1, found
        return str(found[0])


@contextmanager
def _redis() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is missing (Debian package 'redis-server'; `make test` installs it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def two_servers(cache_url: str) -> Iterator[Site]:
    with tempfile.TemporaryDirectory(prefix="lifelong-limits-") as directory, ExitStack() as stack:
        env = bench_env(
            f"sqlite:///{Path(directory) / 'site.sqlite3'}",
            ROOT_URLCONF="lifelong.urls",
            CACHE_URL=cache_url,
            # Plain static files (no collected manifest) and e-mails to the log, to read codes.
            TESTING="true",
            EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        )
        run_checked([PYTHON, "manage.py", "migrate", "-v0"], env)
        run_checked([PYTHON, "manage.py", "shell", "-c", SEED], env)
        servers, logs = [], []
        for n in range(2):
            log = Path(directory) / f"server{n}.log"
            server_env = {**env, "GUNICORN_CMD_ARGS": f"--capture-output --error-logfile {log}"}
            servers.append(stack.enter_context(production_server(server_env, free_port(), 3)))
            logs.append(log)
        yield Site(servers=servers, logs=logs)


@pytest.fixture(params=["db", "redis"])
def site(request: pytest.FixtureRequest) -> Iterator[Site]:
    with ExitStack() as stack:
        cache_url = "db://" if request.param == "db" else stack.enter_context(_redis())
        yield stack.enter_context(two_servers(cache_url))


def test_it_holds_every_sign_in_and_verification_limit_across_servers(site: Site):
    _three_code_e_mails_a_minute_to_one_address(site)
    _five_wrong_app_codes_per_person(site)
    _twenty_unknown_verification_codes_an_hour(site)


def _three_code_e_mails_a_minute_to_one_address(site: Site) -> None:
    sent = 0
    for server, _request in zip(site.alternating(), range(12), strict=False):
        answer = Browser().post(f"{server}/en/accounts/login/", {"login": E_MAILED})
        if answer.location.startswith("/en/accounts/login/code/confirm/"):
            sent += 1
        else:
            assert TOO_MANY_CODES in answer.text
    assert sent == 3


def _five_wrong_app_codes_per_person(site: Site) -> None:
    first, second = site.servers
    browser = Browser()
    sizes = site.log_sizes()
    assert browser.post(f"{first}/en/accounts/login/", {"login": SIGNING_IN}).status == 302
    confirmed = browser.post(
        f"{second}/en/accounts/login/code/confirm/", {"code": site.code_e_mailed_since(sizes)}
    )
    assert confirmed.location == "/en/accounts/2fa/authenticate/"
    checked = 0
    for server, _attempt in zip(site.alternating(), range(10), strict=False):
        answer = browser.post(f"{server}/en/accounts/2fa/authenticate/", {"code": "000000"})
        checked += TOO_MANY not in answer.text
    assert checked == 5
    right = browser.post(
        f"{first}/en/accounts/2fa/authenticate/", {"code": pyotp.TOTP(SECRET).now()}
    )
    assert TOO_MANY in right.text  # locked, the right code too
    assert browser.get(f"{second}/en/staff/").status == 302


def _twenty_unknown_verification_codes_an_hour(site: Site) -> None:
    for _try in range(2):  # again if the hour's window turned during the first
        hour = int(time.time()) // 3600
        statuses = [
            Browser().get(f"{server}/verify/{certificate_code_new()}/").status
            for server, _request in zip(site.alternating(), range(26), strict=False)
        ]
        if int(time.time()) // 3600 == hour:
            break
    assert statuses == [404] * 20 + [429] * 6
