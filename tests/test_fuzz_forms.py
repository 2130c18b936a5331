"""Odd input at every form of the site: no answer is a server error.

Every address of the authorization matrix is opened by each person allowed there (in the
world of tests/site_world.py); every form on the page is read from its HTML (the stdlib's
html.parser) and sent back with odd values: empty, 1 MB, NUL, control characters, CR/LF,
invalid UTF-8, emoji and right-to-left text, dates out of range, huge and negative numbers,
duplicated parameters. Addresses the table reaches by POST are posted to as well, and every
address is asked for with ids beyond 64 bits. Any answer of 500 or more fails, with what
was sent.

The values are sampled per field (a fixed seed, so a failure comes back), not crossed:
one person sends the full sample, every other person allowed there a few. Each request
runs in a savepoint that is undone, as in the matrix, so the world stays the same.
"""

import os
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.site_world import ADMIN, ROLES, World, build_world
from tests.test_authorization_matrix import MATRIX, Row, _undone_afterwards

pytestmark = pytest.mark.django_db

MEGABYTE = "x" * 1_000_000
INVALID_UTF8 = "%FF%FE%C3%28"  # already percent-encoded: bytes that are not UTF-8
ODD = [
    "",
    MEGABYTE,
    "a\x00b",
    "\x01\x08\x0b\x1b\x7f",
    "line\r\nBcc: x@example.org",
    INVALID_UTF8,
    "😀 \u202eRTL\u202c \u0645\u0631\u062d\u0628\u0627 e\u0301",
    "   ",
    "-1",
    "0",
    "99999999999999999999999",
    str(2**63),
    str(-(2**63) - 1),
    "1e400",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "2025-02-30",
    "31.12.9999",
]
DATES = ["0001-01-01", "9999-12-31", "1-1-1", "10000-01-01", "2025-02-30"]
MOMENTS = ["0001-01-01T00:00", "9999-12-31T23:59", "9999-12-31 23:59", "0001-01-01 00:00"]
NUMBERS = ["-1", str(2**63), "99999999999999999999999", "-99999999999999999999", "1e400"]
PER_FIELD = 4  # odd values per field for the person who sends the full sample
URL_IDS = (str(2**63), str(2**64), "9" * 30)


@dataclass
class Form:
    method: str
    action: str
    multipart: bool
    fields: list[tuple[str, str]] = field(default_factory=list)  # name, value as on the page
    kinds: dict[str, str] = field(default_factory=dict)  # name → input type
    files: list[str] = field(default_factory=list)


class _Forms(HTMLParser):
    """The forms of a page, with the values a browser would send as it stands."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text = ""

    def _current(self) -> Form | None:
        return self.forms[-1] if self.forms else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        form = self._current()
        if tag == "form":
            self.forms.append(
                Form(
                    method=a.get("method", "get").lower(),
                    action=a.get("action", ""),
                    multipart="multipart" in a.get("enctype", ""),
                )
            )
        elif form is None or "name" not in a:
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            form.kinds[a["name"]] = kind
            if kind == "file":
                form.files.append(a["name"])
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "image", "reset", "button"):
                form.fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("type", "submit") == "submit":
            if not any(name == a["name"] for name, _ in form.fields):
                form.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = a["name"], None, False
            form.kinds[a["name"]] = "select"
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""
            form.kinds[a["name"]] = "textarea"

    def _option(self, a: dict[str, str]) -> None:
        form = self._current()
        if form is None or self._select is None:
            return
        value = a.get("value", "")
        if self._select_first is None:
            self._select_first = value
        if "selected" in a:
            form.fields.append((self._select, value))
            self._select_chosen = True

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        form = self._current()
        if tag == "select" and self._select is not None and form is not None:
            if not self._select_chosen and self._select_first is not None:
                form.fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and form is not None:
            form.fields.append((self._textarea, self._text))
            self._textarea = None


_SIGNING_OUT = "/accounts/logout/"


def page_forms(html: str, page_url: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    forms = []
    for form in parser.forms:
        action = urljoin(page_url, form.action or page_url)
        if urlsplit(action).netloc not in ("", "testserver"):
            continue  # a form that leaves the site
        form.action = urlsplit(action)._replace(scheme="", netloc="").geturl()
        if form.action.endswith(_SIGNING_OUT):
            continue  # would sign the person out for the rest of the run; it has no fields
        forms.append(form)
    return forms


def _values_for(name: str, kind: str, rng: random.Random) -> list[str]:
    """A sample of odd values, with the ones that hurt a field of this kind most."""
    typed: list[str] = []
    if kind == "date" or name.endswith(("date", "_on", "birth")):
        typed = DATES
    elif kind == "datetime-local" or name.endswith(("_at", "starts", "ends")):
        typed = MOMENTS
    elif kind in ("number", "select", "radio", "checkbox", "hidden") or name.endswith("id"):
        typed = NUMBERS
    return [*rng.sample(typed, min(2, len(typed))), *rng.sample(ODD, PER_FIELD)]


def _variants(form: Form, rng: random.Random, full: bool) -> Iterator[list[tuple[str, str]]]:
    """The page's own values with one field made odd at a time; everything empty; every
    parameter twice; every field odd at once (a small value, so the body stays small)."""
    names = list(dict.fromkeys([name for name, _ in form.fields] + list(form.kinds)))
    names = [name for name in names if name != "csrfmiddlewaretoken"]
    base = [(name, value) for name, value in form.fields]
    yield [(name, "") for name, _ in base]
    yield [pair for pair in base for pair in (pair, (pair[0], rng.choice(ODD[2:])))]
    yield [(name, rng.choice(ODD[2:])) for name in names]
    if not full:
        return
    for name in names:
        for value in _values_for(name, form.kinds.get(name, "text"), rng):
            yield [(key, v) for key, v in base if key != name] + [(name, value)]


def _body(pairs: list[tuple[str, str]]) -> str:
    """A form body; the invalid-UTF-8 value goes in as raw bytes (already encoded)."""
    return "&".join(
        f"{quote(name)}={value if value == INVALID_UTF8 else quote(value)}" for name, value in pairs
    )


def _send(client: Client, form: Form, pairs: list[tuple[str, str]]) -> Any:
    if form.method != "post":
        path, _, query = form.action.partition("?")
        kept = [(k, v) for k, v in parse_qsl(query) if k not in {n for n, _ in pairs}]
        return client.get(f"{path}?{urlencode(kept)}&{_body(pairs)}".replace("?&", "?"))
    if form.multipart:
        data: dict[str, Any] = {}
        for name, value in pairs:
            raw = b"\xff\xfe\xc3\x28" if value == INVALID_UTF8 else value  # not UTF-8
            data.setdefault(name, []).append(raw)
        for name in form.files:
            data[name] = SimpleUploadedFile("x" * 300 + ".jwt", b"\xff\x00[" * 1000)
        return client.post(form.action, data)
    return client.post(form.action, _body(pairs), content_type="application/x-www-form-urlencoded")


@dataclass
class Findings:
    errors: list[str] = field(default_factory=list)
    requests: int = 0

    def request(self, what: str, send: Callable[[], Any]) -> Any:
        """One request in an undone savepoint; a server error or an exception is noted."""
        self.requests += 1
        try:
            with _undone_afterwards():
                response = send()
        except Exception as error:
            self.errors.append(f"{what}: {type(error).__name__}: {str(error)[:200]}")
            return None
        if response.status_code >= 500:
            self.errors.append(f"{what}: {response.status_code}")
        return response


def _client(world: World, role: str) -> Client:
    client = Client()
    person = world.people[role]
    if person is not None:
        client.force_login(person)
    return client


def _short(pairs: list[tuple[str, str]]) -> str:
    return repr([(name, value[:30]) for name, value in pairs])[:300]


def _fuzz_page(
    findings: Findings, client: Client, role: str, url: str, rng: random.Random, full: bool
) -> None:
    page = findings.request(f"{role} GET {url}", partial(client.get, url, follow=True))
    if page is None or "html" not in page.get("Content-Type", ""):
        return
    path = page.request["PATH_INFO"]
    for form in page_forms(page.content.decode(errors="replace"), path):
        for pairs in _variants(form, rng, full):
            findings.request(
                f"{role} {form.method.upper()} {form.action} {_short(pairs)}",
                partial(_send, client, form, pairs),
            )


def _allowed_in_order(row: Row) -> list[str]:
    """The persons allowed there, the one who sends the full sample first: the least
    powerful (what a stranger can reach matters most), the administrator last."""
    return [role for role in ROLES if role in row.allowed and role != ADMIN] + (
        [ADMIN] if ADMIN in row.allowed else []
    )


@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.name)
def test_odd_input_at_every_form_is_never_a_server_error(row: Row):
    world = build_world()
    url = reverse(row.name, kwargs=row.kwargs(world))
    findings = Findings()
    # A fixed sample per address (FUZZ_SEED draws another), so a failure comes back.
    rng = random.Random(os.environ.get("FUZZ_SEED", "") + row.name)  # noqa: S311
    for index, role in enumerate(_allowed_in_order(row)):
        client = _client(world, role)
        if row.method == "get":
            _fuzz_page(findings, client, role, url, rng, full=index == 0)
        else:  # posted to from other pages: here with generic odd fields too
            blind = Form(method="post", action=url, multipart=False)
            blind.kinds = {"action": "text", "reason": "text", "id": "hidden", "ids": "hidden"}
            for pairs in _variants(blind, rng, full=index == 0):
                findings.request(
                    f"{role} POST {url} {_short(pairs)}", partial(_send, client, blind, pairs)
                )
    assert findings.errors == [], "\n".join(findings.errors[:30])


def _with_huge_ids(url: str, huge: str) -> str:
    return re.sub(r"/\d+(?=[/.])", f"/{huge}", url)


def test_ids_beyond_64_bits_in_any_address_are_not_found():
    """Every address of the matrix with an id in it, asked for with ids no column can hold."""
    world = build_world()
    client = _client(world, ADMIN)
    findings = Findings()
    with_ids = 0
    for row in MATRIX:
        url = reverse(row.name, kwargs=row.kwargs(world))
        if not re.search(r"/\d+(?=[/.])", url):
            continue
        with_ids += 1
        for huge in URL_IDS:
            target = _with_huge_ids(url, huge)
            response = findings.request(
                f"{row.method.upper()} {target}", partial(getattr(client, row.method), target)
            )
            if response is not None and response.status_code not in (302, 400, 404):
                findings.errors.append(f"{target}: {response.status_code}, not 404")
    assert with_ids >= 40  # the test would be hollow if the addresses lost their ids
    assert findings.errors == [], "\n".join(findings.errors)


def test_it_reads_a_pages_forms_as_a_browser_would_send_them():
    """The fuzzing rests on this: every field found, with the value the page gives it."""
    html = """
      <form method="post" action="/de/accounts/logout/"><input name="csrfmiddlewaretoken"></form>
      <form method="post" enctype="multipart/form-data">
        <input name="title" value="Tag 1"><input type="datetime-local" name="starts_at">
        <input type="checkbox" name="on" checked><input type="checkbox" name="off">
        <select name="unit"><option value="days">d</option><option value="years" selected>y
        </option></select><textarea name="body">Hallo</textarea><input type="file" name="f">
        <button name="action" value="accept">Accept</button>
      </form>
      <form action="https://elsewhere.example/"><input name="q"></form>"""
    (form,) = page_forms(html, "/de/staff/editions/1/sessions/new/")
    assert (form.method, form.action, form.multipart) == (
        "post",
        "/de/staff/editions/1/sessions/new/",
        True,
    )
    assert form.fields == [
        ("title", "Tag 1"),
        ("starts_at", ""),
        ("on", "on"),
        ("unit", "years"),
        ("body", "Hallo"),
        ("action", "accept"),
    ]
    assert form.kinds["starts_at"] == "datetime-local" and form.files == ["f"]
