"""The application form as a person sees it, on a phone and on a desktop: radio buttons and
check boxes beside the first line of their label, the consent text beside its box, the
target group asked as a question that says it is required, a refused field framed in red,
an error summary that takes the focus and leads to each field, and a long answer counted,
never cut. The styles and scripts are every form's (templates/forms/, js/forms.js)."""

import re
import tempfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import expect

from lifelong.enrolment.models import Question
from tests.enrolment.helpers import make_open_edition, make_organiser, make_user
from tests.factories import make_audience

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WARN = "rgb(154, 75, 0)"  # --warn in site.css
SCREENSHOTS = Path(tempfile.gettempdir())  # to look at: forms-*.png


@pytest.fixture
def edition(transactional_db):
    edition = make_open_edition(
        audiences={
            make_audience(name_en="City staff"): None,
            make_audience(name_en="People interested in working across disciplines"): None,
        }
    )
    Question.objects.create(
        edition=edition, kind="long_text", label_de="Warum?", label_en="Why?", required=True
    )
    Question.objects.create(
        edition=edition,
        kind="multiple_choice",
        label_de="Themen",
        label_en="Topics",
        required=False,
        choices=[
            {"key": "a", "de": "Klima", "en": "Climate"},
            {"key": "b", "de": "Mobilität", "en": "Mobility"},
        ],
    )
    return edition


@pytest.fixture
def open_form(browser, live_server, edition):
    """Opens the edition's application form for a signed-in person at a screen size."""
    client = Client()
    client.force_login(make_user())
    contexts = []

    def opened(viewport=DESKTOP, language="en"):
        context = browser.new_context(
            viewport=viewport, locale="de-DE" if language == "de" else "en-GB"
        )
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
        page.goto(f"{live_server.url}/{language}/editions/{edition.pk}/apply/")
        return page

    yield opened
    for context in contexts:
        context.close()


def _send(page):
    page.get_by_role("button", name=re.compile("Send application|Bewerbung absenden")).click()
    page.wait_for_load_state()


def _why(page):
    return page.get_by_role("textbox", name=re.compile(r"^(Why|Warum)\?"))


MISALIGNED = """() => [...document.querySelectorAll("label.choice")].map(label => {
    const box = label.querySelector("input").getBoundingClientRect();
    const words = document.createRange();
    words.selectNodeContents(label.querySelector("span"));
    const line = words.getClientRects()[0];
    return [label.textContent.trim().slice(0, 30),
            Math.abs((box.top + box.height / 2) - (line.top + line.height / 2))];
}).filter(([, off]) => off > 2)"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_puts_each_radio_button_and_check_box_beside_the_first_line_of_its_label(
    open_form, viewport
):
    page = open_form(viewport)
    assert page.locator("label.choice").count() == 5  # 2 groups, 2 topics, the consent
    assert page.evaluate(MISALIGNED) == []
    box = page.get_by_role("radio", name="City staff").bounding_box()
    assert box is not None and box["height"] <= 24  # its own size, not a text field's 44 px
    page.screenshot(path=SCREENSHOTS / f"forms-apply-{viewport['width']}.png", full_page=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_wraps_the_consent_text_beside_its_box_never_under_it(open_form, viewport):
    page = open_form(viewport)
    box, left, lines = page.evaluate(
        """() => {
            const label = document.getElementById("id_consent").closest("label");
            const words = document.createRange();
            words.selectNodeContents(label.querySelector("span"));
            const rects = [...words.getClientRects()];
            return [document.getElementById("id_consent").getBoundingClientRect().right,
                    Math.min(...rects.map(r => r.left)),
                    new Set(rects.map(r => Math.round(r.bottom))).size];
        }"""
    )
    assert left >= box
    if viewport is PHONE:
        assert lines >= 2  # it wraps there, beside the box


def test_it_asks_for_the_target_group_as_a_required_question(open_form):
    page = open_form(PHONE)
    group = page.get_by_role("group", name="I apply as (required)", exact=True)
    expect(group).to_be_visible()
    legend = group.locator("legend")
    expect(legend).to_have_text(re.compile(r"^I apply as\s*\*"))
    expect(legend.locator(".required")).to_be_visible()
    expect(group.get_by_role("radio")).to_have_count(2)


def test_it_frames_a_refused_name_in_red_like_a_refused_answer(open_form):
    page = open_form(DESKTOP)
    page.get_by_role("textbox", name="Your name").fill("")
    _send(page)

    def border(locator):
        return locator.evaluate("e => getComputedStyle(e).borderTopColor")

    assert border(page.get_by_role("textbox", name="Your name")) == WARN
    assert border(_why(page)) == WARN
    assert border(page.get_by_role("textbox", name="Organisation")) != WARN


def test_its_error_summary_takes_the_focus_and_leads_to_each_field(open_form):
    page = open_form(PHONE)
    page.get_by_role("textbox", name="Your name").fill("")
    _send(page)

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Please correct 4 things:")
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Your name: This field is required.",
            "I apply as: This field is required.",
            "Why? This field is required.",
            "Privacy notice: Please confirm that you have read the privacy notice: "
            "we cannot process the application without it.",
        ]
    )
    assert [
        v["id"]
        for v in Axe().run(page).response["violations"]
        if v["impact"]
        in (
            "serious",
            "critical",
        )
    ] == []

    summary.get_by_role("link", name="I apply as: This field is required.").click()
    expect(page.get_by_role("radio", name="City staff")).to_be_focused()
    expect(
        page.get_by_role("group", name="I apply as (required)").locator("legend")
    ).to_be_in_viewport()

    page.get_by_role("alert").get_by_role("link", name="Your name: This field is required.").click()
    expect(page.get_by_role("textbox", name="Your name")).to_be_focused()
    expect(page.locator("label[for=id_full_name]")).to_be_in_viewport()


def test_it_counts_a_long_answer_and_says_it_is_too_long_before_sending(open_form):
    page = open_form(DESKTOP)
    counter = page.locator(".field__count")
    news = page.locator("[data-counter-news]")
    expect(counter).to_have_text("0 of 5,000 characters")
    expect(_why(page)).to_have_attribute("aria-describedby", re.compile(r"_count\b"))

    # Far from the limit the count is only shown; a screen reader is left in peace.
    _why(page).focus()
    page.keyboard.insert_text("To help the city. ")
    expect(counter).to_have_text("18 of 5,000 characters")
    page.wait_for_timeout(1300)
    expect(news).to_have_text("")

    # Near it, the count is said once typing pauses.
    page.keyboard.insert_text("x" * 4582)
    expect(counter).to_have_text("4,600 of 5,000 characters")
    expect(news).to_have_text("4,600 of 5,000 characters", timeout=3000)

    # Pasted past it: nothing is cut, and it is said at once.
    answer = "y" * 10000
    _why(page).evaluate(
        """(area, text) => {
            area.value = text;
            area.dispatchEvent(
                new InputEvent("input", {bubbles: true, inputType: "insertFromPaste"}));
        }""",
        answer,
    )
    over = "Please shorten your text to 5,000 characters (it has 10,000)."
    expect(counter).to_have_text("10,000 of 5,000 characters")
    expect(page.locator(".field__over")).to_have_text(over)
    expect(news).to_have_text(over, timeout=500)

    # The server refuses it the same way and gives all of it back.
    page.get_by_role("textbox", name="Your name").fill("Kim Berg")
    page.get_by_role("radio", name="City staff").check()
    page.get_by_role("checkbox", name=re.compile("I have read the privacy notice")).check()
    _send(page)
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text([f"Why? {over}"])
    assert len(_why(page).input_value()) == 10000
    expect(page.locator(".field__count")).to_have_text("10,000 of 5,000 characters")


def test_it_types_past_the_limit_without_losing_a_character_in_german(open_form):
    page = open_form(PHONE, language="de")
    _why(page).focus()
    page.keyboard.insert_text("z" * 5001)
    assert len(_why(page).input_value()) == 5001  # a maxlength would have stopped at 5,000
    expect(page.locator(".field__count")).to_have_text("5.001 von 5.000 Zeichen")
    expect(page.locator(".field__over")).to_have_text(
        "Bitte kürzen Sie Ihren Text auf 5.000 Zeichen (er hat 5.001)."
    )
    page.screenshot(path=SCREENSHOTS / "forms-counter-de-390.png", full_page=True)


def test_every_kind_of_refused_field_is_framed_in_red_in_the_back_office_too(
    browser, live_server, edition
):
    client = Client()
    client.force_login(make_organiser(edition))
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/en/staff/editions/{edition.pk}/edit/")
    label = page.get_by_role("textbox", name="Label")
    opens = page.locator("#id_applications_open_at")  # a date and time: no role of its own
    label.fill("")
    opens.fill("")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()

    expect(page.get_by_role("alert")).to_be_focused()
    for field in (label, opens):
        assert field.evaluate("e => getComputedStyle(e).borderTopColor") == WARN
    context.close()
