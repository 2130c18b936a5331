"""The link in an offer e-mail: it opens that one offer while it is open, and only then;
who is not signed in as the applicant sees no name on it."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone, translation

from lifelong.enrolment import services
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.models import Application
from lifelong.enrolment.offer_links import offer_link_token
from tests.enrolment.helpers import apply, make_open_edition, make_user, refreshed

pytestmark = pytest.mark.django_db

NAME = "Hannelore Vierzehn-Beispiel"


@pytest.fixture
def offered() -> Application:
    edition = make_open_edition(capacity=1)
    first = apply(edition)
    waiting = apply(edition, make_user(preferred_language="en"), full_name=NAME)
    services.application_cancel(application_id=first.pk, applicant=first.applicant)
    offered = refreshed(waiting)
    assert offered.state == "offered"
    return offered


def _url(application: Application) -> str:
    return f"/en/offer/{offer_link_token(application)}/"


def test_it_opens_the_offer_without_a_name_for_whoever_holds_the_link(client, offered):
    response = client.get(_url(offered))
    assert response.status_code == 200
    assert "Accept the place" in response.content.decode()
    assert NAME not in response.content.decode()
    assert "Hannelore" not in response.content.decode()


def test_the_applicant_signed_in_sees_their_name(client, offered):
    client.force_login(offered.applicant)
    assert NAME in client.get(_url(offered)).content.decode()


def test_someone_else_signed_in_sees_no_name(client, offered):
    client.force_login(make_user())
    assert NAME not in client.get(_url(offered)).content.decode()


def test_the_link_stops_working_once_the_offer_is_answered(client, offered):
    url = _url(offered)
    assert client.post(url, {"action": "accept"}).status_code == 302
    assert refreshed(offered).state == "accepted"
    # Where one lands right after accepting: the answer, not an error; no more buttons.
    answered = client.get(url)
    assert answered.status_code == 200
    page = answered.content.decode()
    assert "You have accepted the place" in page
    assert "Accept the place" not in page and NAME not in page
    # The link can no longer act either.
    assert client.post(url, {"action": "decline"}).status_code == 200
    assert refreshed(offered).state == "accepted"


def test_after_declining_the_link_says_so(client, offered):
    url = _url(offered)
    client.post(url, {"action": "decline"})
    assert "You have declined the place" in client.get(url).content.decode()
    assert refreshed(offered).state == "declined"


def test_the_link_stops_working_when_the_offer_lapses(client, offered):
    url = _url(offered)
    assert offered.offer_expires_at is not None
    with time_machine.travel(offered.offer_expires_at + timedelta(minutes=1)):
        assert client.get(url).status_code == 410
        client.post(url, {"action": "accept"})
    assert refreshed(offered).state == "offered"  # the lapse task decides, not the link


def test_the_link_of_an_earlier_offer_does_not_open_a_later_one(client, offered):
    url = _url(offered)
    Application.objects.filter(pk=offered.pk).update(
        offer_expires_at=timezone.now() + timedelta(days=5)
    )
    assert client.get(url).status_code == 410
    assert client.get(_url(refreshed(offered))).status_code == 200


def test_accepting_an_offer_twice_says_the_place_is_already_theirs(offered):
    services.offer_accept(application_id=offered.pk, applicant=offered.applicant)
    with pytest.raises(EnrolmentError) as raised:
        services.offer_accept(application_id=offered.pk, applicant=offered.applicant)
    assert raised.value.code == "place_already_yours"
    with translation.override("de"):
        assert raised.value.message == "Sie haben bereits einen Platz."
