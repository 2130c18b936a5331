"""A check-in helper at the desk on a phone: three people found by name and checked in with
one tap each, one by a pass code typed into the scanner field; no page reload needed."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from lifelong.attendance.models import Attendance
from tests.attendance.helpers import make_day, make_helper, make_participant, valid_pass

PHONE = {"width": 390, "height": 844}
NAMES = [
    "Ada Lovelace",
    "Grace Hopper",
    "Zoë Łukasiewicz-Öztürk",
    "Nguyễn Thị Minh Khai",
    "Alan Turing",
    "Katherine Johnson",
]


@pytest.fixture
def desk(browser, live_server, transactional_db):
    day = make_day()
    people = {name: make_participant(day, name) for name in NAMES}
    helper = make_helper(day.edition)
    client = Client()
    client.force_login(helper)
    context = browser.new_context(locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True)
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
    page.goto(f"{live_server.url}/en/staff/sessions/{day.pk}/desk/")
    yield page, day, people
    context.close()


def _row(page, name):
    return page.locator("[data-row]", has_text=name)


def test_a_helper_checks_in_by_name_and_by_pass_code_on_a_phone(desk):
    page, day, people = desk
    url_before = page.url

    for search, name, button in (
        ("lovel", "Ada Lovelace", "Present"),
        ("hopper", "Grace Hopper", "Late"),
        ("ozturk", "Zoë Łukasiewicz-Öztürk", "Present"),
    ):
        page.fill("#roster-search", search)
        assert page.locator("[data-row]:visible").count() == 1
        row = _row(page, name)
        # The button's name says whom it is for, to a screen reader too ("Present: Ada …").
        row.get_by_role("button", name=re.compile(rf"^{button}\W+{re.escape(name)}$")).tap()
        page.wait_for_function(
            "row => row.dataset.status !== ''", arg=row.element_handle(), timeout=5000
        )
        assert row.locator("[data-status-label]").inner_text() == button

    page.fill("#roster-search", "")
    code = valid_pass(people["Alan Turing"]).code
    page.fill("#pass-code", code.replace("-", "").lower())
    page.keyboard.press("Enter")
    status = page.locator("[data-desk-status]")
    status.filter(has_text="Alan Turing").wait_for(timeout=5000)
    assert status.inner_text() == "Checked in: Alan Turing (Present)"
    assert page.locator("#pass-code").input_value() == ""  # ready for the next scan
    assert page.locator("[data-checked-in]").inner_text() == "4"
    assert page.url == url_before  # all of it without a page load

    recorded = dict(
        Attendance.objects.filter(session=day).values_list("application__full_name", "status")
    )
    assert recorded == {
        "Ada Lovelace": "present",
        "Grace Hopper": "late",
        "Zoë Łukasiewicz-Öztürk": "present",
        "Alan Turing": "present",
    }
    # Fits the phone: nothing scrolls sideways; and no serious accessibility problem.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = [
        (v["id"], v["help"])
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert violations == []


def test_a_wrong_code_is_explained_and_records_nothing(desk):
    page, day, _people = desk
    page.fill("#pass-code", "ZZZZ-ZZZ2")
    page.keyboard.press("Enter")
    status = page.locator("[data-desk-status]")
    status.filter(has_text="No pass").wait_for(timeout=5000)
    assert "desk-status--error" in (status.get_attribute("class") or "")
    assert not Attendance.objects.filter(session=day).exists()
