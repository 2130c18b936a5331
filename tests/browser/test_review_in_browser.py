"""An organiser signs in with the code from the e-mail and the code of their authenticator
app, reviews five applications, accepts three, raises the capacity and sees the offer go to
the first person waiting. The pages pass axe-core without serious or critical findings."""

import re

import pyotp
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from django.core import mail

from lifelong.enrolment.models import Application, ApplicationState, Question
from tests.enrolment.helpers import (
    apply,
    give_authenticator,
    make_open_edition,
    make_user,
    run_tasks,
)
from tests.factories import make_programme

CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)
NAMES = ["Ana Alves", "Ben Bauer", "Cem Çelik", "Dora Dietz", "Emil Eze"]


def serious(page) -> list[str]:
    return [
        f"{v['id']}: {v['help']}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_an_organiser_reviews_accepts_raises_capacity_and_an_offer_goes_out(
    browser, live_server, transactional_db
):
    edition = make_open_edition(
        programme=make_programme(title_en="Climate Lab", title_de="Klimalabor"),
        capacity=3,
        selection_mode="reviewed",
    )
    question = Question.objects.create(
        edition=edition, kind=Question.Kind.LONG_TEXT, label_de="Motivation", label_en="Motivation"
    )
    people = [
        apply(
            edition,
            make_user(preferred_language="en"),
            full_name=name,
            answers={question.key: f"Motivation of {name}"},
        )
        for name in NAMES
    ]
    organiser = make_user("organiser@uni.example")
    EmailAddress.objects.create(user=organiser, email=organiser.email, verified=True, primary=True)
    organiser.memberships.create(institution=edition.programme.institution, role="organiser")
    authenticator = pyotp.TOTP(give_authenticator(organiser))

    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Email").fill(organiser.email)
    page.locator("form button[type=submit]").first.click()
    code = CODE.search(str(mail.outbox[-1].body))
    assert code
    page.get_by_label("Code").fill(code.group(1))
    page.locator("form button[type=submit]").first.click()
    assert "/accounts/2fa/authenticate/" in page.url
    page.get_by_label("Code").fill(authenticator.now())
    page.locator("form button[type=submit]").first.click()

    page.goto(f"{live_server.url}/en/staff/")
    page.get_by_role("link", name="Climate Lab").first.click()
    page.get_by_role("link", name="Review applications").click()
    assert page.get_by_role("heading", name="5 applications").is_visible()
    assert serious(page) == []

    for name in NAMES:  # read each person's answers
        page.locator("summary", has_text=f"Answers {name}").click()
        assert page.get_by_text(f"Motivation of {name}").is_visible()
    for name in NAMES[:3]:
        page.get_by_label(f"Select {name}").check()
    page.get_by_label("Reason (optional)").fill("Strong motivation")
    page.get_by_role("button", name="Accept", exact=True).click()
    page.get_by_text("Saved for 3 people").wait_for()

    for name in NAMES[3:]:
        page.get_by_label(f"Select {name}").check()
    page.get_by_role("button", name="Waiting list", exact=True).click()
    page.get_by_text("Saved for 2 people").wait_for()
    assert serious(page) == []

    page.get_by_role("spinbutton", name="Places").fill("4")
    page.get_by_role("textbox", name="Reason", exact=True).fill("A bigger room")
    page.get_by_role("button", name="Change places").click()
    page.get_by_text("Offers sent to the waiting list: 1").wait_for()

    offered = Application.objects.get(edition=edition, state=ApplicationState.OFFERED)
    assert offered.full_name == "Dora Dietz"  # the first on the waiting list
    page.get_by_label("State").select_option("offered")
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_role("heading", name="1 application").is_visible()
    assert page.get_by_role("row", name=re.compile("Dora Dietz")).is_visible()

    run_tasks()
    offers = [m for m in mail.outbox if m.to == [people[3].email]]
    assert any("A place is free for you" in m.subject for m in offers)
    context.close()
