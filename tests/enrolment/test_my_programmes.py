"""A participant's page: their applications, offers with deadlines, next dates, actions."""

import re

import pytest

from lifelong.enrolment import services
from tests.enrolment.helpers import apply, make_open_edition, make_user, refreshed

pytestmark = pytest.mark.django_db


def test_it_lists_only_the_persons_own_applications_with_state_and_position(client):
    edition = make_open_edition(capacity=1)
    other = apply(edition)
    mine = apply(edition, make_user())
    client.force_login(mine.applicant)
    page = client.get("/en/my/").content.decode()
    state = re.search(r"<dt>State</dt><dd>(.*?)</dd>", page)
    assert state
    assert re.sub(r"<[^>]+>", "", state.group(1)) == "On the waiting list · position 1"
    assert other.full_name not in page


def test_it_names_the_waiting_list_once_with_the_position(client):
    edition = make_open_edition(capacity=1)
    apply(edition)
    mine = apply(edition, make_user())
    client.force_login(mine.applicant)
    page = client.get("/de/my/").content.decode()
    state = re.search(r"<dt>Status</dt><dd>(.*?)</dd>", page)
    assert state
    assert re.sub(r"<[^>]+>", "", state.group(1)) == "Auf der Warteliste · Platz 1"


def test_it_shows_an_offer_with_its_deadline_and_accepts_it(client):
    edition = make_open_edition(capacity=1)
    first = apply(edition)
    second = apply(edition, make_user())
    services.application_cancel(application_id=first.pk, applicant=first.applicant)
    client.force_login(second.applicant)
    page = client.get("/en/my/").content.decode()
    assert "Answer by" in page and "Accept the place" in page
    client.post(f"/en/my/applications/{second.pk}/accept/")
    assert refreshed(second).state == "accepted"
    page = client.get("/en/my/").content.decode()
    assert "Next date" in page


def test_it_lets_a_participant_cancel(client):
    application = apply(make_open_edition())
    client.force_login(application.applicant)
    response = client.post(f"/en/my/applications/{application.pk}/cancel/", follow=True)
    assert refreshed(application).state == "cancelled"
    assert "Your application is cancelled." in response.content.decode()


def test_it_does_not_let_anyone_act_on_someone_elses_application(client):
    application = apply(make_open_edition())
    client.force_login(make_user())
    assert client.post(f"/en/my/applications/{application.pk}/cancel/").status_code == 404
    assert refreshed(application).state == "accepted"


def test_it_explains_an_action_that_is_not_possible(client):
    application = apply(make_open_edition())
    client.force_login(application.applicant)
    response = client.post(f"/en/my/applications/{application.pk}/decline/", follow=True)
    assert "cannot change" in response.content.decode()


def test_it_saves_the_language_of_emails(client):
    person = make_user(preferred_language="de")
    client.force_login(person)
    client.post("/en/my/language/", {"preferred_language": "en"})
    person.refresh_from_db()
    assert person.preferred_language == "en"


@pytest.mark.parametrize("selection_mode", ["first_come", "reviewed"])
def test_it_refuses_to_let_a_participant_accept_a_place_nobody_offered(client, selection_mode):
    edition = make_open_edition(capacity=1, selection_mode=selection_mode)
    apply(edition)
    mine = apply(edition, make_user())  # waitlisted (first come) or submitted (reviewed)
    client.force_login(mine.applicant)
    response = client.post(f"/en/my/applications/{mine.pk}/accept/", follow=True)
    assert "cannot change" in response.content.decode()
    assert refreshed(mine).state in ("waitlisted", "submitted")
    assert edition.applications.filter(state="accepted").count() <= 1


def test_it_calls_the_pass_a_check_in_code_in_german(client):
    application = apply(make_open_edition(capacity=1), make_user(preferred_language="de"))
    assert refreshed(application).state == "accepted"
    client.force_login(application.applicant)
    page = client.get("/de/my/").content.decode()
    assert "Mein Check-in-Code" in page
    assert "Ausweis" not in page
