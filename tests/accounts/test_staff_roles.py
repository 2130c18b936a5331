"""Owners change roles and remove staff; an institution always keeps one owner; only owners
of the institution manage its staff."""

import pytest

from lifelong.accounts.models import Membership
from lifelong.attendance.models import CheckinHelper
from lifelong.audit.models import AuditEvent
from tests.attendance.helpers import make_helper
from tests.enrolment.helpers import make_organiser, make_staff, make_user
from tests.factories import make_edition, make_institution, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_edition(make_programme(make_institution()))


@pytest.fixture
def owner(edition):
    return make_staff(edition.programme.institution, Membership.Role.OWNER, "owner@uni.example")


def test_it_shows_the_staff_to_an_owner(client, owner, edition):
    organiser = make_organiser(edition)
    client.force_login(owner)
    page = client.get(f"/en/staff/institutions/{edition.programme.institution_id}/staff/")
    assert page.status_code == 200
    assert organiser.email in page.content.decode()


def test_it_changes_a_role_and_logs_it(client, owner, edition):
    organiser = make_organiser(edition)
    membership = Membership.objects.get(user=organiser)
    client.force_login(owner)
    client.post(f"/en/staff/memberships/{membership.pk}/role/", {"role": "checkin"})
    membership.refresh_from_db()
    assert membership.role == "checkin"
    event = AuditEvent.objects.get(action="staff.role_changed")
    assert (event.actor, event.from_state, event.to_state) == (owner, "organiser", "checkin")


def test_it_keeps_the_last_owner(client, owner, edition):
    membership = Membership.objects.get(user=owner)
    client.force_login(owner)
    response = client.post(f"/en/staff/memberships/{membership.pk}/remove/", follow=True)
    assert "at least one owner" in response.content.decode()
    client.post(f"/en/staff/memberships/{membership.pk}/role/", {"role": "organiser"})
    membership.refresh_from_db()
    assert membership.role == "owner"


def test_it_removes_a_helper_with_their_assignments(client, owner, edition):
    helper = make_helper(edition)
    client.force_login(owner)
    client.post(f"/en/staff/memberships/{Membership.objects.get(user=helper).pk}/remove/")
    assert not Membership.objects.filter(user=helper).exists()
    assert not CheckinHelper.objects.filter(user=helper).exists()


@pytest.mark.parametrize("who", ["organiser", "helper", "other_owner", "participant"])
def test_it_hides_staff_management_from_everyone_but_owners(client, owner, edition, who):
    institution = edition.programme.institution
    people = {
        "organiser": lambda: make_organiser(edition),
        "helper": lambda: make_helper(edition),
        "other_owner": lambda: make_staff(make_institution(), Membership.Role.OWNER),
        "participant": lambda: make_user(),
    }
    client.force_login(people[who]())
    target = Membership.objects.get(user=owner)
    assert client.get(f"/en/staff/institutions/{institution.pk}/staff/").status_code == 404
    urls = [
        f"/en/staff/institutions/{institution.pk}/staff/invite/",
        f"/en/staff/memberships/{target.pk}/role/",
        f"/en/staff/memberships/{target.pk}/remove/",
    ]
    for url in urls:
        assert client.post(url, {"role": "checkin", "email": "x@uni.example"}).status_code == 404
    target.refresh_from_db()
    assert target.role == "owner"


def test_it_lets_organisers_give_an_edition_to_a_check_in_helper(client, edition):
    organiser = make_organiser(edition)
    helper = make_user("helper@uni.example")
    membership = Membership.objects.create(
        user=helper, institution=edition.programme.institution, role="checkin"
    )
    client.force_login(organiser)
    page = client.get(f"/en/staff/editions/{edition.pk}/helpers/")
    assert helper.email in page.content.decode()
    client.post(
        f"/en/staff/editions/{edition.pk}/helpers/", {"membership": membership.pk, "assigned": "on"}
    )
    assert CheckinHelper.objects.filter(edition=edition, user=helper).exists()
    client.force_login(helper)
    assert client.get("/en/staff/checkin/").status_code == 200

    client.force_login(organiser)
    client.post(f"/en/staff/editions/{edition.pk}/helpers/", {"membership": membership.pk})
    assert not CheckinHelper.objects.filter(edition=edition, user=helper).exists()


def test_it_gives_editions_only_to_helpers_of_the_same_institution(client, edition):
    organiser = make_organiser(edition)
    stranger = make_staff(make_institution(), Membership.Role.CHECKIN)
    client.force_login(organiser)
    client.post(
        f"/en/staff/editions/{edition.pk}/helpers/",
        {"membership": Membership.objects.get(user=stranger).pk, "assigned": "on"},
    )
    assert not CheckinHelper.objects.exists()
