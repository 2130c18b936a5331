"""A new person applies to the Bochum programme in German, from the catalogue to
"My programmes", signing up with the code that arrives by e-mail."""

import re

from axe_playwright_python.sync_playwright import Axe
from django.core import mail

from lifelong.enrolment.models import Application

BOCHUM = "/de/programmes/wissen-gemeinsam-gestalten/"
CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)


def _serious_violations(page):
    return [
        (violation["id"], violation["help"])
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_it_lets_a_new_person_apply_in_german_and_see_the_application(page, demo_site):
    mail.outbox.clear()
    page.goto(demo_site + BOCHUM)
    page.locator("a.button--primary[href*='/apply/']").first.click()

    # Not signed in: the sign-in page, in German, offers to create an account.
    assert "/de/accounts/login/" in page.url
    page.locator("a[href*='/de/accounts/signup/']").first.click()
    page.fill("input[name=email]", "neu.bewerberin@example.org")
    page.locator("form button[type=submit]").first.click()

    match = CODE.search(str(mail.outbox[-1].body))
    assert match is not None
    code = match.group(1)
    page.fill("input[name=code]", code)
    page.locator("form button[type=submit]").first.click()

    # Back on the application form, now signed in.
    assert re.search(r"/de/editions/\d+/apply/$", page.url), page.url
    assert page.locator("html").get_attribute("lang") == "de"
    assert _serious_violations(page) == []
    page.fill("input[name=full_name]", "Nora Neumann")
    page.fill("input[name=organisation]", "Stadtwerke Bochum")
    page.get_by_label(re.compile("Wissenstransfer|Transfer")).first.check()
    page.locator("textarea").first.fill("Ich möchte ein Klimaprojekt mit der Stadt anstoßen.")
    page.locator("input[type=radio][value=climate]").check()
    page.locator("input[name=consent]").check()
    page.locator("form.form button[type=submit]").click()

    assert page.url.endswith("/de/my/")
    assert page.locator(".application--accepted").count() == 1
    assert "Wissen gemeinsam gestalten" in page.locator(".application").first.inner_text()
    assert _serious_violations(page) == []
    application = Application.objects.get(email="neu.bewerberin@example.org")
    assert (application.full_name, application.state) == ("Nora Neumann", "accepted")
