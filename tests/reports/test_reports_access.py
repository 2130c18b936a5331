"""Who reaches the dashboards and downloads: the organisers and owners of the edition's
institution. Anyone else signed in gets a 404, as if nothing were there (another
institution's organiser, a check-in helper of the edition, a participant); a visitor is
sent to sign in."""

import pytest

from lifelong.accounts.models import Membership
from tests.attendance.helpers import make_helper
from tests.enrolment.helpers import apply, make_open_edition, make_organiser, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_open_edition(capacity=5)


def urls(edition) -> list[str]:
    institution = edition.programme.institution_id
    return [
        f"/en/staff/editions/{edition.pk}/dashboard/",
        f"/en/staff/institutions/{institution}/dashboard/",
        f"/en/staff/editions/{edition.pk}/exports/",
        *(
            f"/de/staff/editions/{edition.pk}/exports/{kind}.{fmt}"
            for kind in ("applications", "participants", "attendance", "certificates")
            for fmt in ("csv", "xlsx")
        ),
    ]


def statuses(client, edition) -> set[int]:
    return {client.get(url).status_code for url in urls(edition)}


def test_the_organiser_reaches_everything(client, edition):
    client.force_login(make_organiser(edition))
    assert statuses(client, edition) == {200}


def test_an_owner_of_the_institution_reaches_everything(client, edition):
    client.force_login(make_staff(edition.programme.institution, Membership.Role.OWNER))
    assert statuses(client, edition) == {200}


def test_an_organiser_of_another_institution_finds_nothing(client, edition):
    elsewhere = make_open_edition()
    client.force_login(make_organiser(elsewhere, "other@uni.example"))
    assert statuses(client, edition) == {404}
    assert statuses(client, elsewhere) == {200}


def test_a_check_in_helper_of_the_edition_finds_nothing(client, edition):
    client.force_login(make_helper(edition))
    assert statuses(client, edition) == {404}


def test_a_participant_finds_nothing(client, edition):
    person = apply(edition).applicant
    client.force_login(person)
    assert statuses(client, edition) == {404}


def test_a_visitor_is_sent_to_sign_in(client, edition):
    for url in urls(edition):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_an_unknown_download_is_not_found(client, edition):
    client.force_login(make_organiser(edition))
    base = f"/en/staff/editions/{edition.pk}/exports"
    for name in ("passwords.csv", "applications.pdf", "applications.CSV", "applications.csv.zip"):
        assert client.get(f"{base}/{name}").status_code == 404, name
