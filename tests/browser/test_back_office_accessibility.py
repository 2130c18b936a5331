"""Every page of the back office, as an organiser sees it on a phone, and every "My …" page, as
a participant sees it: axe-core finds nothing serious or critical, nothing is wider than the
screen (tables scroll inside their frame), and nothing is refused by the
Content-Security-Policy.

The pages are the authorization matrix's rows the role may open, so a new page is scanned as
soon as it has its row there.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.urls import reverse

from tests.site_world import ADMIN, ORGANISER_A, PARTICIPANT, World, build_world
from tests.test_authorization_matrix import MATRIX

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def pages_of(role: str, part: str, world: World, client: Client) -> list[str]:
    """The addresses with `part` in them that answer `role` (signed in on `client`) with an
    HTML page."""
    pages = []
    for row in MATRIX:
        if row.method != "get" or role not in row.allowed:
            continue
        url = reverse(row.name, kwargs=row.kwargs(world))
        if part not in url:
            continue
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(url)
    return pages


def serious(page) -> list[str]:
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def wider_than_the_screen(page) -> list[str]:
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > innerWidth + 1
                  && !e.closest('.table-wrap') && !e.closest('.visually-hidden'))
          .map(e => `${e.tagName}.${e.className}: ${e.textContent.trim().slice(0, 50)}`)"""
    )
    return found


def dangling_descriptions(page) -> list[str]:
    """aria-describedby pointing to no element: the help a screen reader would not read."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(e =>
          e.getAttribute('aria-describedby').split(/\\s+/)
            .filter(id => id && !document.getElementById(id))
            .map(id => `${e.id || e.tagName} describedby missing #${id}`))"""
    )
    return found


def test_every_back_office_page_reads_out_well_and_fits_a_phone(
    browser, live_server, transactional_db
):
    world = build_world()
    client = signed_in(world, ORGANISER_A)
    pages = pages_of(ORGANISER_A, "/staff/", world, client)
    assert len(pages) >= 25  # the scan would be hollow if most pages fell out of it

    assert scan(browser, live_server, client, pages) == {}


def test_every_page_of_a_participant_and_the_administrators_pages_read_out_well(
    browser, live_server, transactional_db
):
    world = build_world()
    participant = signed_in(world, PARTICIPANT)
    pages = pages_of(PARTICIPANT, "/my/", world, participant)
    assert len(pages) >= 3  # "My programmes", "My account", the copy of one's data …
    administrator = signed_in(world, ADMIN)

    findings = scan(browser, live_server, participant, pages)
    admin_pages = [reverse("office:staff_erase"), reverse("office:task_failures")]
    findings |= scan(browser, live_server, administrator, admin_pages)

    assert findings == {}


def signed_in(world: World, role: str) -> Client:
    person = world.people[role]
    assert person is not None
    client = Client()
    client.force_login(person)
    return client


def scan(browser, live_server, client: Client, pages: list[str]) -> dict[str, list[str]]:
    """What is wrong with each page, on a phone, in German."""
    context = browser.new_context(locale="de-DE", viewport=PHONE)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    refused: list[str] = []
    # What the policy refuses shows as a console error; a missing resource by its address.
    page.on(
        "console",
        lambda m: (
            refused.append(m.text)
            if m.type == "error" and "Failed to load resource" not in m.text
            else None
        ),
    )
    page.on(
        "response",
        lambda r: refused.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    findings: dict[str, list[str]] = {}
    try:
        for path in pages:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            page.wait_for_load_state("networkidle")
            problems = (
                serious(page) + wider_than_the_screen(page) + dangling_descriptions(page) + refused
            )
            refused.clear()
            if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
                problems.append("the page scrolls sideways")
            if problems:
                findings[path] = problems
    finally:
        context.close()
    return findings
