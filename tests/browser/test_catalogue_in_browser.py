import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser
BOCHUM = "/programmes/wissen-gemeinsam-gestalten/"


def test_it_searches_opens_the_programme_in_both_languages_and_downloads_the_calendar(
    page, demo_site
):
    page.goto(demo_site + "/")
    assert page.url.endswith("/de/")  # the browser's language picks German
    page.get_by_role("searchbox").fill("wissen gemeinsam")
    page.get_by_role("button", name="Suchen").first.click()
    page.get_by_role("link", name="Zertifikatsprogramm „Wissen gemeinsam gestalten“").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Zertifikatsprogramm")
    assert page.get_by_text(
        "Zertifikat (30 Stunden) für alle, die an mindestens 4 von 5 Tagen teilgenommen haben"
    ).first.is_visible()

    page.get_by_role("link", name="EN – English").click()
    assert page.url.endswith("/en" + BOCHUM)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Certificate programme")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add all dates to my calendar (.ics)").first.click()
    calendar = icalendar.Calendar.from_ical(download_info.value.path().read_bytes())
    assert len(calendar.walk("VEVENT")) == 5


@pytest.mark.parametrize("path", ["/de/", "/en/", "/de" + BOCHUM, "/en" + BOCHUM])
def test_it_has_no_serious_accessibility_violations(page, demo_site, path):
    page.goto(demo_site + path)
    results = Axe().run(page)
    serious = [
        (violation["id"], violation["help"])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_it_fits_a_phone_screen_without_sideways_scrolling(browser, demo_site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    phone = context.new_page()
    for path in ("/en/", "/en" + BOCHUM):
        phone.goto(demo_site + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path
    context.close()
