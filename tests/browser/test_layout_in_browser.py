"""The catalogue measured in the browser, at desktop (1,280 px) and phone (390 px) width, on
the demo site: labels never broken inside a word without a hyphen, the sort box wide enough
for its longest choice, each programme day's place right under its title."""

import pytest
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BOCHUM = "/programmes/wissen-gemeinsam-gestalten/"


def visitors_page(browser: Browser, viewport: dict[str, int]) -> Page:
    context = browser.new_context(viewport=viewport, locale="de-DE")  # type: ignore[arg-type]
    return context.new_page()


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
