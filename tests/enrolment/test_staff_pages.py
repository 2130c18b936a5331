"""The organisers' page: only for the edition's institution; decisions, reordering, places."""

import re

import pytest

from lifelong.accounts.models import Membership
from lifelong.audit.models import AuditEvent
from lifelong.enrolment.selectors import edition_waitlist
from tests.enrolment.helpers import apply, make_open_edition, make_organiser, make_user, refreshed

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_open_edition(capacity=1, selection_mode="reviewed")


def test_it_shows_the_organiser_the_applications(client, edition):
    application = apply(edition, full_name="Ada Lovelace")
    client.force_login(make_organiser(edition))
    page = client.get(f"/en/staff/editions/{edition.pk}/").content.decode()
    assert "Ada Lovelace" in page and application.email in page


def test_it_hides_the_edition_from_an_organiser_of_another_institution(client, edition):
    apply(edition)
    outsider = make_organiser(make_open_edition(), email="outsider@other.example")
    client.force_login(outsider)
    assert client.get(f"/en/staff/editions/{edition.pk}/").status_code == 404
    application = edition.applications.get()
    assert client.post(f"/en/staff/applications/{application.pk}/decide/accept/").status_code == 404
    assert refreshed(application).state == "submitted"


def test_it_hides_the_edition_from_check_in_staff_and_participants(client, edition):
    helper = make_user()
    Membership.objects.create(
        user=helper, institution=edition.programme.institution, role="checkin"
    )
    client.force_login(helper)
    assert client.get(f"/en/staff/editions/{edition.pk}/").status_code == 404
    client.force_login(make_user())
    assert client.get("/en/staff/").status_code == 404


def test_it_records_an_organisers_decision_with_the_reason(client, edition):
    application = apply(edition)
    organiser = make_organiser(edition)
    client.force_login(organiser)
    client.post(
        f"/en/staff/applications/{application.pk}/decide/accept/", {"reason": "strong motivation"}
    )
    assert refreshed(application).state == "accepted"
    event = AuditEvent.objects.filter(subject_id=application.pk).latest("pk")
    assert (event.actor, event.reason, event.to_state) == (
        organiser,
        "strong motivation",
        "accepted",
    )


def test_it_explains_when_no_place_is_left(client, edition):
    first, second = apply(edition), apply(edition, full_name="Bea")
    client.force_login(make_organiser(edition))
    client.post(f"/en/staff/applications/{first.pk}/decide/accept/")
    response = client.post(f"/en/staff/applications/{second.pk}/decide/accept/", follow=True)
    assert "Bea: No place is free" in response.content.decode()
    assert refreshed(second).state == "submitted"


def test_it_raises_the_capacity_and_offers_the_new_places(client):
    edition = make_open_edition(capacity=1)
    apply(edition)
    waiting = apply(edition)
    client.force_login(make_organiser(edition))
    response = client.post(
        f"/en/staff/editions/{edition.pk}/capacity/",
        {"capacity": 2, "reason": "bigger room"},
        follow=True,
    )
    assert "Offers sent to the waiting list: 1" in response.content.decode()
    assert refreshed(waiting).state == "offered"


def test_it_moves_someone_on_the_waiting_list(client):
    edition = make_open_edition(capacity=1)
    apply(edition)
    first, second = apply(edition), apply(edition)
    client.force_login(make_organiser(edition))
    client.post(f"/en/staff/applications/{second.pk}/move/", {"position": 1, "reason": "hardship"})
    assert [a.pk for a in edition_waitlist(edition=edition)] == [second.pk, first.pk]


def test_it_shows_the_log_of_changes_with_who_and_why(client, edition):
    application = apply(edition, full_name="Ada Lovelace")
    organiser = make_organiser(edition)
    client.force_login(organiser)
    client.post(
        f"/en/staff/applications/{application.pk}/decide/reject/", {"reason": "not eligible"}
    )
    page = client.get(f"/en/staff/editions/{edition.pk}/").content.decode()
    assert "Submitted → Not accepted" in page
    assert organiser.email in page and "not eligible" in page


def test_it_shows_changes_of_places_in_the_log_in_the_readers_language(client):
    edition = make_open_edition(capacity=1)
    apply(edition)
    organiser = make_organiser(edition)
    client.force_login(organiser)
    client.post(
        f"/de/staff/editions/{edition.pk}/capacity/", {"capacity": 3, "reason": "größerer Raum"}
    )
    page = client.get(f"/de/staff/editions/{edition.pk}/").content.decode()
    assert "Plätze: 1 → 3" in page and "größerer Raum" in page
    assert "nach Eingang" in page  # the system's reason, translated


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Ada Lovelace: This person already has a place."),
        ("de", "Ada Lovelace: Diese Person hat bereits einen Platz."),
    ],
)
def test_it_says_that_someone_accepted_already_has_a_place(client, edition, language, said):
    application = apply(edition, full_name="Ada Lovelace")
    client.force_login(make_organiser(edition))
    client.post(f"/{language}/staff/applications/{application.pk}/decide/accept/")
    page = client.post(
        f"/{language}/staff/applications/{application.pk}/decide/accept/", follow=True
    ).content.decode()
    assert said in page
    assert "Accepted” to “Accepted" not in page and "„Platz bestätigt“ auf" not in page


def test_it_names_each_tab_of_an_edition_by_what_it_holds_in_german(client, edition):
    client.force_login(make_organiser(edition))
    page = client.get(f"/de/staff/editions/{edition.pk}/").content.decode()
    nav = re.search(r'<nav class="edition-nav".*?</nav>', page, flags=re.DOTALL)
    assert nav
    tabs = [re.sub(r"<[^>]+>", "", tab) for tab in re.findall(r"<a [^>]*>(.*?)</a>", nav.group())]
    assert tabs == [
        "Überblick",
        "Bewerbungen",
        "Anwesenheit",
        "Zertifikate",
        "Kennzahlen",
        "Exporte",
        "Protokoll",
    ]
