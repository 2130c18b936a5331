"""Owners, organisers and site administrators need an authenticator app for the back office;
signing in then asks for its code after the e-mail code."""

import re

import pyotp
import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from lifelong.accounts.models import Membership, User
from tests.attendance.helpers import make_helper
from tests.enrolment.helpers import give_authenticator, make_user
from tests.factories import make_edition, make_institution, make_programme

pytestmark = pytest.mark.django_db
CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)


def _organiser_without_app() -> User:
    user = make_user("organiser@uni.example")
    Membership.objects.create(user=user, institution=make_institution(), role="organiser")
    return user


def test_it_sends_an_organiser_without_an_app_to_set_one_up(client):
    client.force_login(_organiser_without_app())
    response = client.get("/en/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/2fa/totp/activate/?next=%2Fen%2Fstaff%2F")


def test_it_asks_the_site_administrator_too(client):
    client.force_login(User.objects.create_superuser("root@example.org", "pw"))
    assert client.get("/de/staff/")["Location"].startswith("/de/accounts/2fa/totp/activate/")


def test_it_lets_a_check_in_helper_in_without_an_app(client):
    helper = make_helper(make_edition(make_programme(make_institution())))
    client.force_login(helper)
    assert client.get("/en/staff/checkin/").status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth adds its messages after the commit
def test_it_lets_an_organiser_in_after_setting_up_the_app(client):
    organiser = _organiser_without_app()
    client.force_login(organiser)
    client.get("/en/staff/")
    page = client.get("/en/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    codes_page = client.get(response["Location"], follow=True).content.decode()
    assert 'href="/en/staff/">On to the back office</a>' in codes_page
    assert client.get("/en/staff/").status_code == 200


def test_it_asks_for_the_app_code_after_the_e_mail_code(client):
    edition = make_edition(make_programme(make_institution()))
    organiser = make_user("organiser@uni.example")
    EmailAddress.objects.create(user=organiser, email=organiser.email, verified=True, primary=True)
    Membership.objects.create(
        user=organiser, institution=edition.programme.institution, role="organiser"
    )
    secret = give_authenticator(organiser)

    client.post("/en/accounts/login/", {"login": organiser.email})
    code = CODE.search(str(mail.outbox[-1].body))
    assert code
    response = client.post("/en/accounts/login/code/confirm/", {"code": code.group(1)})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert client.get("/en/staff/").status_code == 302  # not signed in yet

    wrong = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    response = client.post("/en/accounts/2fa/authenticate/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    page = client.get("/en/staff/")
    assert page.status_code == 200
    assert edition.programme.title_en in page.content.decode()
