"""Deadlines are shown in German time: a visitor whose browser keeps another time zone is told
so, with the deadline in their own time; one in Germany reads the page as it is. And an
organiser who types a deadline in the night the clocks go back chooses which 02:30 is meant."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from lifelong.catalogue.models import Edition
from tests.enrolment.helpers import make_open_edition, make_organiser, make_user
from tests.factories import BERLIN, berlin, make_edition

pytestmark = pytest.mark.browser

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def edition(transactional_db):
    """Open now; applications close at 02:30 German time in about three weeks."""
    day = (timezone.localtime() + timedelta(days=20)).date()
    return make_open_edition(
        applications_close_at=datetime(day.year, day.month, day.day, 2, 30, tzinfo=BERLIN)
    )


def _context(browser, live_server, zone, client=None, language="en-GB"):
    context = browser.new_context(locale=language, timezone_id=zone)
    if client is not None:
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    return context


def test_it_tells_a_visitor_in_new_york_that_the_deadline_is_german_time(
    browser, live_server, edition
):
    client = Client()
    client.force_login(make_user())
    context = _context(browser, live_server, "America/New_York", client)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/editions/{edition.pk}/apply/")
    note = page.get_by_text("German time, CET/CEST")
    expect(note).to_be_visible()
    there = edition.applications_close_at.astimezone(NEW_YORK)
    expect(note).to_contain_text(f"{there.day} {there:%B %Y}")
    expect(note).to_contain_text(f"{there:%H:%M} where you are")

    page.goto(f"{live_server.url}/en/programmes/{edition.programme.slug}/")
    expect(page.get_by_text("German time, CET/CEST")).to_be_visible()
    context.close()


def test_it_adds_nothing_for_a_visitor_in_germany(browser, live_server, edition):
    client = Client()
    client.force_login(make_user())
    context = _context(browser, live_server, "Europe/Berlin", client, language="de-DE")
    page = context.new_page()
    page.goto(f"{live_server.url}/de/editions/{edition.pk}/apply/")
    expect(page.get_by_text(re.compile(r"Bewerbungsschluss: .*02:30 Uhr"))).to_be_visible()
    page.wait_for_load_state("load")
    expect(page.get_by_text("deutsche Zeit, MEZ/MESZ")).to_be_hidden()
    context.close()


def test_it_lets_an_organiser_choose_which_of_two_half_past_twos(
    browser, live_server, transactional_db
):
    draft = make_edition(
        label="2027/28",
        status=Edition.Status.DRAFT,
        first_session=berlin(2027, 11, 20, 18),
        applications_open_at=berlin(2027, 1, 5, 9),
        applications_close_at=berlin(2027, 11, 1, 12),
    )
    client = Client()
    client.force_login(make_organiser(draft))
    context = _context(browser, live_server, "Europe/Berlin", client)
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/en/staff/editions/{draft.pk}/edit/")
    page.get_by_label("Application deadline").fill("2027-10-31")
    page.get_by_label("Time of the deadline").fill("02:30")
    page.get_by_role("button", name="Save").first.click()

    expect(
        page.get_by_text("02:30 on 31 October 2027 happens twice in German time.").first
    ).to_be_visible()
    choice = page.get_by_role("group", name="Which 02:30 on 31 October 2027?")
    expect(choice).to_be_visible()
    choice.get_by_label("The later, already in winter time (CET)").check()
    page.get_by_role("button", name="Save").first.click()

    expect(page.get_by_text("02:30 on 31 October 2027 happens twice")).to_have_count(0)
    draft.refresh_from_db()
    assert draft.applications_close_at == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # CET
    context.close()
