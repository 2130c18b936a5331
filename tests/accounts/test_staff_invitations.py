"""Owners invite staff by e-mail; the invited person accepts with the address invited."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from lifelong.accounts.models import Invitation, Membership, UserSession
from lifelong.audit.models import AuditEvent
from tests.enrolment.helpers import make_staff, make_user, run_tasks
from tests.factories import make_institution

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://\S+/invitations/(\S+)/")


@pytest.fixture
def institution():
    return make_institution()


@pytest.fixture
def owner(institution):
    return make_staff(institution, Membership.Role.OWNER, "owner@uni.example")


def _invite(client, owner, institution, email="new@uni.example", role="organiser", lang="en"):
    client.force_login(owner)
    response = client.post(
        f"/{lang}/staff/institutions/{institution.pk}/staff/invite/", {"email": email, "role": role}
    )
    run_tasks()
    return response


def _token() -> str:
    match = LINK.search(str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_it_e_mails_an_invitation_in_the_owners_language(client, owner, institution):
    response = _invite(client, owner, institution, lang="de")
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["new@uni.example"]
    assert "Einladung" in message.subject
    assert "Organisator" in str(message.body) or "Organisatorin" in str(message.body)
    assert AuditEvent.objects.filter(action="staff.invited", institution_id=institution.pk).exists()


def test_it_makes_the_invited_person_staff_when_they_accept(client, owner, institution):
    _invite(client, owner, institution)
    token = _token()
    newcomer = make_user("new@uni.example")
    client.force_login(newcomer)
    assert "Accept the invitation" in client.get(f"/en/invitations/{token}/").content.decode()
    response = client.post(f"/en/invitations/{token}/")
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert (membership.institution, membership.role) == (institution, "organiser")
    # the new organiser is sent to set up an authenticator app before the back office
    assert "/accounts/2fa/totp/activate/" in client.get("/en/staff/")["Location"]


def test_it_refuses_someone_signed_in_with_another_address(client, owner, institution):
    _invite(client, owner, institution)
    token = _token()
    client.force_login(make_user("other@uni.example"))
    response = client.post(f"/en/invitations/{token}/")
    assert response.status_code == 400
    assert "new@uni.example" in response.content.decode()
    assert not Membership.objects.filter(user__email="other@uni.example").exists()


def test_it_refuses_a_used_an_expired_and_a_forged_link(client, owner, institution):
    _invite(client, owner, institution)
    token = _token()
    newcomer = make_user("new@uni.example")
    client.force_login(newcomer)
    client.post(f"/en/invitations/{token}/")
    assert client.post(f"/en/invitations/{token}/").status_code == 400
    assert client.get(f"/en/invitations/{token[:-2]}xx/").status_code == 404

    _invite(client, owner, institution, email="late@uni.example")
    late_token = _token()
    client.force_login(make_user("late@uni.example"))
    Invitation.objects.filter(email="late@uni.example").update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.post(f"/en/invitations/{late_token}/")
    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_it_sends_no_link_for_a_withdrawn_invitation(client, owner, institution):
    client.force_login(owner)
    client.post(
        f"/en/staff/institutions/{institution.pk}/staff/invite/",
        {"email": "new@uni.example", "role": "checkin"},
    )
    invitation = Invitation.objects.get()
    client.post(f"/en/staff/invitations/{invitation.pk}/withdraw/")
    run_tasks()
    assert mail.outbox == []


def test_it_keeps_the_typed_address_and_explains_a_bad_one(client, owner, institution):
    client.force_login(owner)
    response = client.post(
        f"/en/staff/institutions/{institution.pk}/staff/invite/",
        {"email": "not an address", "role": "organiser"},
    )
    assert response.status_code == 400
    assert 'value="not an address"' in response.content.decode()
    assert not Invitation.objects.exists()

    colleague = make_staff(institution, Membership.Role.ORGANISER, "colleague@uni.example")
    response = client.post(
        f"/en/staff/institutions/{institution.pk}/staff/invite/",
        {"email": colleague.email.upper(), "role": "organiser"},
    )
    assert "already belongs" in response.content.decode()


def test_it_ends_the_other_sessions_of_someone_who_becomes_an_organiser(client, owner, institution):
    _invite(client, owner, institution)
    token = _token()
    newcomer = make_user("new@uni.example")
    other_browser = client.__class__()
    other_browser.force_login(newcomer)
    client.force_login(newcomer)
    client.post(f"/en/invitations/{token}/")
    keys = set(UserSession.objects.filter(user=newcomer).values_list("session_key", flat=True))
    assert keys == {client.session.session_key}
