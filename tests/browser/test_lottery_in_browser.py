"""An organiser opens the applications of a lottery edition before its draw: no button
accepts anyone, the page says that the draw gives the places and when, and leads to the
selection mode; once the mode is changed, the buttons are there."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.enrolment.helpers import apply, make_open_edition, make_organiser, make_user
from tests.factories import make_programme

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def signed_in(browser, live_server, transactional_db):
    now = timezone.now()
    edition = make_open_edition(
        programme=make_programme(title_en="Climate Lab", title_de="Klimalabor"),
        capacity=2,
        selection_mode="lottery",
        applications_close_at=now + timedelta(days=10),
        lottery_at=now + timedelta(days=11),
    )
    for name in ("Ana Alves", "Ben Bauer", "Cem Çelik"):
        apply(edition, make_user(preferred_language="en"), full_name=name)
    client = Client()
    client.force_login(make_organiser(edition))
    context = browser.new_context(locale="en-GB", viewport=DESKTOP)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    yield context, edition, live_server.url
    context.close()


def test_before_the_draw_no_button_accepts_anyone(signed_in):
    context, edition, site = signed_in
    page = context.new_page()
    page.goto(f"{site}/en/staff/editions/{edition.pk}/applications/")
    assert page.get_by_role("heading", name="3 applications").is_visible()
    assert page.get_by_role("button", name="Accept", exact=True).count() == 0
    assert page.get_by_role("button", name="Waiting list", exact=True).count() == 0
    assert page.get_by_role("button", name="Reject", exact=True).is_visible()
    assert page.get_by_text("Places in this lottery edition are given by the draw on").is_visible()
    page.set_viewport_size(PHONE)
    assert page.get_by_role("link", name="Change the selection mode").is_visible()

    page.get_by_role("link", name="Change the selection mode").click()
    page.get_by_role("radio", name="Reviewed by the organisers").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved.").wait_for()
    page.goto(f"{site}/en/staff/editions/{edition.pk}/applications/")
    assert page.get_by_role("button", name="Accept", exact=True).is_visible()
