"""The back office and the catalogue measured in the browser, at desktop (1,280 px) and phone
(390 px) width, on the demo site: no column cut off, nothing off-screen, the applicant's name
above their smaller e-mail line, labels never broken inside a word without a hyphen, the sort
box wide enough for its longest choice, each programme day's place right under its title,
and the attendance links of an edition's days told apart by their names."""

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, Page

from lifelong.accounts.models import User
from lifelong.catalogue.models import Edition
from lifelong.lib.display import day_label

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BOCHUM = "/programmes/wissen-gemeinsam-gestalten/"


def open_bochum_edition() -> Edition:
    """The demo's upcoming Bochum edition: four groups with long names and quotas, three
    applications, five programme days."""
    editions = Edition.objects.filter(programme__slug="wissen-gemeinsam-gestalten")
    return editions.exclude(label="2025/26").get()


def organisers_page(browser: Browser, site: str, viewport: dict[str, int]) -> Page:
    """A page of the demo organiser, signed in (with the second factor) and in German."""
    client = Client()
    client.force_login(User.objects.get(email="organiser@lifelong.example"))
    context = browser.new_context(viewport=viewport, locale="de-DE")  # type: ignore[arg-type]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    return context.new_page()


def visitors_page(browser: Browser, viewport: dict[str, int]) -> Page:
    context = browser.new_context(viewport=viewport, locale="de-DE")  # type: ignore[arg-type]
    return context.new_page()


def applications(page: Page, site: str) -> None:
    page.goto(f"{site}/de/staff/editions/{open_bochum_edition().pk}/applications/")


def font_size(page_or_locator: Any) -> float:
    return float(page_or_locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def test_it_shows_every_column_of_the_places_per_group_at_desktop_width(browser, demo_site):
    page = organisers_page(browser, demo_site, DESKTOP)
    applications(page, demo_site)

    frame = page.get_by_role("region", name=re.compile("^Bewerbungen, belegte Plätze und Wartende"))
    width, room = frame.evaluate("f => [f.querySelector('table').scrollWidth, f.clientWidth]")
    assert width <= room  # nothing to scroll to: no column hidden behind the edge
    right_edge = frame.bounding_box()["x"] + room  # type: ignore[index]
    for column in ("Zielgruppe", "Bewerbungen", "Belegte Plätze", "Quote", "Warteliste"):
        header = frame.get_by_role("columnheader", name=column, exact=True)
        box = header.bounding_box()
        assert box is not None and box["x"] + box["width"] <= right_edge + 1, column
    page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_it_shows_the_applicants_name_at_least_as_large_as_their_e_mail(
    browser, demo_site, viewport
):
    page = organisers_page(browser, demo_site, viewport)
    applications(page, demo_site)

    header = page.get_by_role("rowheader", name=re.compile("Paula Teilnehmerin"))
    name = header.get_by_text("Paula Teilnehmerin", exact=True)
    e_mail = header.get_by_text(re.compile(r"participant@lifelong\.example"))
    assert e_mail.is_visible()
    assert font_size(name) >= font_size(e_mail)
    assert name.bounding_box()["y"] < e_mail.bounding_box()["y"]  # type: ignore[index]
    page.context.close()


def test_it_shows_each_applications_state_on_a_phone_without_sideways_scrolling(browser, demo_site):
    page = organisers_page(browser, demo_site, PHONE)
    applications(page, demo_site)

    frame = page.get_by_role("region", name=re.compile("^Bewerbungen; markieren Sie Personen"))
    assert frame.evaluate("f => f.scrollWidth <= f.clientWidth")
    for person in ("Paula Teilnehmerin", "Jonas Klein", "Aylin Demir"):
        row = page.get_by_role("row", name=re.compile(person))  # still a row to a screen reader
        state = row.get_by_text("Platz bestätigt", exact=True)
        box = state.bounding_box()
        assert box is not None, person
        assert box["x"] >= 0, person
        assert box["x"] + box["width"] <= PHONE["width"], person
        label = state.evaluate("e => getComputedStyle(e.closest('td'), '::before').content")
        assert label.startswith('"Status: "'), label  # which column it is, on the card
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.close()


def test_it_names_the_day_in_each_attendance_link_of_an_edition(browser, demo_site):
    edition = open_bochum_edition()
    days = list(edition.sessions.order_by("starts_at"))
    page = organisers_page(browser, demo_site, DESKTOP)
    page.goto(f"{demo_site}/de/staff/editions/{edition.pk}/")

    with translation.override("de"):
        for label in ("Desk", "Room screen", "Paper", "Records and corrections"):
            word = gettext(label)
            links = page.get_by_role("link", name=re.compile(f"^{word}"))
            assert links.count() == len(days) == 5, word
            for day in days:
                name = f"{word} – {day_label(day.starts_at)}"
                assert page.get_by_role("link", name=name, exact=True).count() == 1, name
    assert page.get_by_role("link", name="Empfang", exact=True).count() == 0
    page.context.close()


WORDS_BROKEN_WITHOUT_HYPHEN = """labels => labels.flatMap(label => {
  const broken = [];
  const text = label.firstChild;
  for (const match of text.data.matchAll(/\\S+/g)) {
    const range = document.createRange();
    range.setStart(text, match.index);
    range.setEnd(text, match.index + match[0].length);
    // A word on two lines has two boxes; the browser hyphenates only with hyphens: auto.
    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    if (lines.size > 1 && getComputedStyle(label).hyphens !== "auto") broken.push(match[0]);
  }
  if (label.scrollWidth > label.clientWidth) broken.push(`${text.data} (cut off)`);
  return broken;
})"""


@pytest.mark.parametrize("language", ["de", "en"])
def test_it_keeps_the_card_labels_whole_on_a_phone(browser, demo_site, language):
    page = visitors_page(browser, PHONE)
    page.goto(f"{demo_site}/{language}/")

    labels = page.locator(".card dt")
    assert labels.count() >= 20
    assert labels.first.evaluate("e => e.closest('[lang]').lang") == language  # for hyphens
    assert labels.evaluate_all(WORDS_BROKEN_WITHOUT_HYPHEN) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.close()


ROOM_FOR_THE_ARROW = 24  # px: Chromium's drop-down arrow and the space before it


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_it_shows_the_longest_choice_of_the_sort_box_whole(browser, demo_site, viewport):
    page = visitors_page(browser, viewport)
    page.goto(f"{demo_site}/de/")
    if viewport is PHONE:
        page.get_by_text("Filter", exact=True).first.click()  # folded on a phone

    sort = page.get_by_label("Sortieren nach")
    assert sort.is_visible()
    text, needed, room = sort.evaluate(
        """select => {
          const style = getComputedStyle(select);
          const canvas = document.createElement("canvas").getContext("2d");
          canvas.font = style.font;
          const width = text => canvas.measureText(text).width;
          const longest = [...select.options].map(o => o.text)
            .reduce((a, b) => width(a) >= width(b) ? a : b);
          const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
          return [longest, width(longest), select.clientWidth - padding];
        }"""
    )
    assert text == "Beste Treffer / nächster Beginn"
    assert needed + ROOM_FOR_THE_ARROW <= room
    page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_it_puts_each_programme_days_place_right_under_its_title(browser, demo_site, viewport):
    page = visitors_page(browser, viewport)
    page.goto(f"{demo_site}/de{BOCHUM}")

    # Between the text of the title and the text of the place (a box may stretch; words do not).
    gaps = (
        page.locator(".sessions")
        .first.locator(".session")
        .evaluate_all(
            """days => days.map(day => {
          const text = selector => {
            const range = document.createRange();
            range.selectNodeContents(day.querySelector(selector));
            return range.getBoundingClientRect();
          };
          return [day.querySelector('.session__title').textContent,
                  text('.session__place').top - text('.session__title').bottom];
        })"""
        )
    )
    assert len(gaps) == 5
    for title, gap in gaps:
        assert 0 <= gap <= 12, (title, gap)  # the two lines' spacing, no empty line between
    page.context.close()
