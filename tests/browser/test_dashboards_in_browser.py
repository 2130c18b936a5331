"""The dashboards in a real browser, under the site's Content-Security-Policy: the charts
are drawn with our stylesheet (nothing blocked, no script), fit a phone's width, and the
pages pass axe-core without serious or critical findings.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.utils import timezone

from lifelong.accounts.models import Membership
from tests.enrolment.helpers import make_staff
from tests.reports.helpers import make_busy_institution

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def signed_in(browser, live_server, transactional_db):
    busy = make_busy_institution(timezone.now())
    client = Client()
    client.force_login(make_staff(busy.institution, Membership.Role.ORGANISER))
    contexts = []

    def open_page(path: str, viewport: dict[str, int], language: str = "en"):
        context = browser.new_context(locale=f"{language}-GB", viewport=viewport)
        contexts.append(context)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda message: _console(message, problems))
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("response", lambda response: _response(response, problems))
        response = page.goto(f"{live_server.url}/{language}{path}")
        assert response is not None and response.status == 200
        page.wait_for_load_state("networkidle")
        return page, problems

    yield busy, open_page
    for context in contexts:
        context.close()


def _console(message, problems: list[str]) -> None:
    # A refused resource is reported by _response with its address; the console only says
    # "Failed to load resource". Anything the policy refuses inline is an error here.
    if message.type in ("error", "warning") and "Failed to load resource" not in message.text:
        problems.append(message.text)


def _response(response, problems: list[str]) -> None:
    if response.status >= 400 and not response.url.endswith("/favicon.ico"):
        problems.append(f"{response.status} {response.url}")


def paths(busy) -> dict[str, str]:
    return {
        "dashboard-edition": f"/staff/editions/{busy.running.pk}/dashboard/",
        "dashboard-institution": f"/staff/institutions/{busy.institution.pk}/dashboard/",
    }


def pages(busy) -> list[str]:
    """The dashboards and the downloads page."""
    return [*paths(busy).values(), f"/staff/editions/{busy.running.pk}/exports/"]


def serious(page) -> list[str]:
    return [
        f"{v['id']}: {v['help']}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_dashboards_draw_their_charts_under_the_security_policy(signed_in):
    busy, open_page = signed_in
    for path in pages(busy):
        page, problems = open_page(path, DESKTOP)
        assert problems == []  # nothing refused by the Content-Security-Policy, no error
        # The charts are drawn by the server: the only script is the site's form helper.
        sources = page.eval_on_selector_all("script", "scripts => scripts.map(s => s.src)")
        assert [source.rsplit("/", 1)[-1].split(".")[0] for source in sources] == ["forms"]
        if "/exports/" in path:
            continue
        assert page.locator("svg[role=img]").count() >= 3
        # Our stylesheet colours the bars and lines (without it SVG fills them black).
        fills = page.eval_on_selector_all(
            ".report-chart__svg .series .color-0, .report-chart__svg .series.color-0",
            "nodes => nodes.map(node => getComputedStyle(node).fill)",
        )
        assert fills and "rgb(0, 0, 0)" not in fills


def test_the_dashboards_fit_a_phone_and_read_out_well(signed_in):
    busy, open_page = signed_in
    for language in ("en", "de"):
        for path in pages(busy):
            page, problems = open_page(path, PHONE, language)
            assert problems == []
            wide = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right > innerWidth + 1
                          && !e.parentElement.closest('.table-wrap'))
                  .map(e => `${e.tagName}: ${e.textContent.slice(0, 60)}`)"""
            )
            assert wide == []
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            for box in page.locator("svg[role=img]").all():
                assert box.bounding_box()["width"] <= PHONE["width"]
            if "/dashboard/" in path:
                page.locator("details.report__data summary").first.click()
                assert page.locator("details.report__data table").first.is_visible()
            assert serious(page) == []
