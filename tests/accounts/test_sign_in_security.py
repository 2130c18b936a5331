"""The second factor cannot be skipped (finding H1 of the outside probe): the admin's login
leads to the site's sign-in, a session that did not pass the authenticator app gets no
back office, no export and no admin, and sign-in attempts are limited per account and per
client address (settings.ACCOUNT_RATE_LIMITS, docs/deployment.md)."""

import re

import pyotp
import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from lifelong.accounts.models import Membership, User, UserSession
from tests.enrolment.helpers import give_authenticator, make_open_edition, make_user
from tests.second_factor import sign_in_without_second_factor

pytestmark = pytest.mark.django_db
CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)
PASSWORD = "correct horse battery staple"
TOO_MANY = "Too many failed login attempts"


def _admin() -> tuple[User, str]:
    admin = User.objects.create_superuser(email="root@uni.example", password=PASSWORD)
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    return admin, give_authenticator(admin)


def _organiser(email: str = "organiser@uni.example") -> tuple[User, str, int]:
    edition = make_open_edition()
    organiser = make_user(email)
    EmailAddress.objects.create(user=organiser, email=email, verified=True, primary=True)
    Membership.objects.create(
        user=organiser, institution=edition.programme.institution, role="organiser"
    )
    return organiser, give_authenticator(organiser), edition.pk


def _e_mail_code(client: Client, email: str) -> None:
    """The first step of signing in: the code e-mailed to `email`, entered."""
    client.post("/en/accounts/login/", {"login": email})
    code = CODE.search(str(mail.outbox[-1].body))
    assert code
    response = client.post("/en/accounts/login/code/confirm/", {"code": code.group(1)})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"


def test_it_sends_the_admin_login_to_the_site_sign_in_and_takes_no_password(client):
    _admin()
    for _attempt in range(40):
        response = client.post(
            "/admin/login/?next=/admin/", {"username": "root@uni.example", "password": PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"].startswith("/de/accounts/login/?next=")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_it_signs_the_admin_in_with_the_e_mail_code_and_the_app(client):
    _admin_user, secret = _admin()
    _e_mail_code(client, "root@uni.example")
    assert client.get("/admin/").status_code == 302  # not signed in before the app's code
    client.post("/en/accounts/2fa/authenticate/", {"code": pyotp.TOTP(secret).now()})
    assert client.get("/admin/").status_code == 200


def test_it_keeps_a_session_without_the_app_out_of_the_back_office_and_its_exports(client):
    organiser, _secret, edition_id = _organiser()
    sign_in_without_second_factor(client, organiser)
    export = f"/en/staff/editions/{edition_id}/exports/applications.csv"
    for path in (export, "/en/staff/", f"/en/staff/editions/{edition_id}/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/en/accounts/2fa/reauthenticate/?next=")


def test_it_keeps_a_session_without_the_app_out_of_the_admin(client):
    admin, _secret = _admin()
    sign_in_without_second_factor(client, admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert re.fullmatch(
        r"/(de|en)/accounts/2fa/reauthenticate/\?next=%2Fadmin%2F", response["Location"]
    )
    assert client.get("/admin/accounts/user/").status_code == 302


def test_it_lets_the_session_in_once_it_gives_the_app_code(client):
    organiser, secret, edition_id = _organiser()
    sign_in_without_second_factor(client, organiser)
    export = f"/en/staff/editions/{edition_id}/exports/applications.csv"
    location = client.get(export)["Location"]
    assert client.get(location).status_code == 200  # the page asking for the app's code
    response = client.post(location, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert response["Location"] == export
    assert client.get(export).status_code == 200


def test_it_stops_wrong_app_codes_after_five_for_one_account(client):
    organiser, secret, _edition_id = _organiser()
    _e_mail_code(client, organiser.email)
    for _attempt in range(5):
        page = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
        assert TOO_MANY not in page.content.decode()
    refused = client.post("/en/accounts/2fa/authenticate/", {"code": pyotp.TOTP(secret).now()})
    assert TOO_MANY in refused.content.decode()
    assert client.get("/en/staff/").status_code == 302


def test_it_stops_wrong_app_codes_after_ten_from_one_address(client):
    """Two accounts, five wrong codes each, from one client address: a third account's
    right code is refused too."""
    people = [_organiser(f"organiser{n}@uni.example") for n in range(3)]
    for person, _secret, _edition_id in people[:2]:
        attempt = Client()
        _e_mail_code(attempt, person.email)
        for _wrong in range(5):
            attempt.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    third, secret, _edition_id = people[2]
    _e_mail_code(client, third.email)
    refused = client.post("/en/accounts/2fa/authenticate/", {"code": pyotp.TOTP(secret).now()})
    assert TOO_MANY in refused.content.decode()


def test_it_e_mails_at_most_three_codes_a_minute_to_one_address():
    organiser, _secret, _edition_id = _organiser()
    for _request in range(3):
        Client().post("/en/accounts/login/", {"login": organiser.email})
    assert len(mail.outbox) == 3
    refused = Client().post("/en/accounts/login/", {"login": organiser.email})
    assert "You asked for too many sign-in codes" in refused.content.decode()
    assert len(mail.outbox) == 3


def test_anyone_who_may_open_the_admin_needs_the_app_there(client):
    """Staff status alone (no institution role, not a superuser) opens the admin: only with
    a session that passed the app, set up first if there is none."""
    person = make_user("clerk@uni.example")
    person.is_staff = True
    person.save()
    client.force_login(person)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


def test_a_role_given_in_the_admin_ends_the_persons_sessions(client):
    admin, _secret = _admin()
    participant = make_user("soon-organiser@uni.example")
    theirs = Client()
    theirs.force_login(participant)
    assert theirs.get("/en/staff/").status_code in (302, 404)  # nothing for them yet
    client.force_login(admin)
    change = client.get(f"/admin/accounts/user/{participant.pk}/change/")
    assert change.status_code == 200

    client.post(
        f"/admin/accounts/user/{participant.pk}/change/",
        {
            "email": participant.email,
            "first_name": "",
            "last_name": "",
            "preferred_language": "de",
            "is_active": "on",
            "is_staff": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )

    participant.refresh_from_db()
    assert participant.is_staff
    assert not UserSession.objects.filter(user=participant).exists()
    assert UserSession.objects.filter(user=admin).exists()  # the administrator's goes on
