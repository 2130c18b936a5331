"""The privacy notices and imprints, of the site and of an institution, in both languages:
axe-core finds nothing serious, and they fit a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = [
    f"/{language}{path}"
    for language in ("de", "en")
    for path in (
        "/privacy/",
        "/imprint/",
        "/institutions/univercity-bochum/privacy/",
        "/institutions/univercity-bochum/imprint/",
    )
]


@pytest.mark.parametrize("path", PAGES)
def test_it_has_no_serious_accessibility_violations(page, demo_site, path):
    page.goto(demo_site + path)
    assert page.get_by_role("heading", level=1).is_visible()
    serious = [
        (violation["id"], violation["help"])
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_it_fits_a_phone_screen_without_sideways_scrolling(browser, demo_site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    phone = context.new_page()
    for path in ("/de/privacy/", "/de/institutions/univercity-bochum/privacy/"):
        phone.goto(demo_site + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path
    context.close()
