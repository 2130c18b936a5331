"""Builders for enrolment tests: people, an edition open today, applications, the worker."""

from datetime import timedelta
from itertools import count
from unittest import mock

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command
from django.utils import timezone

from lifelong.accounts.models import Membership, User
from lifelong.catalogue.models import Audience, Edition, Institution
from lifelong.enrolment.models import Application
from lifelong.enrolment.services import ApplicationInput, application_submit
from tests.factories import make_edition

_people = count(1)


def make_user(email: str | None = None, **fields) -> User:
    return User.objects.create_user(email=email or f"person{next(_people)}@example.org", **fields)


def give_authenticator(user: User) -> str:
    """Sets up an authenticator app for the person, as the back office requires of owners
    and organisers; returns its secret, from which `pyotp.TOTP(secret).now()` makes codes."""
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def make_staff(institution: Institution, role: str, email: str | None = None) -> User:
    """A member of the institution's staff, with an authenticator app where the role needs one."""
    user = make_user(email)
    Membership.objects.create(user=user, institution=institution, role=role)
    if role != Membership.Role.CHECKIN:
        give_authenticator(user)
    return user


def make_organiser(edition: Edition, email: str = "organiser@uni.example") -> User:
    return make_staff(edition.programme.institution, Membership.Role.ORGANISER, email)


def make_open_edition(*, audiences: dict[Audience, int | None] | None = None, **fields) -> Edition:
    """An edition taking applications now: opened yesterday, deadline in 30 days, the first
    of its days in 60 (unless `first_session` says otherwise)."""
    now = timezone.now()
    fields.setdefault("applications_open_at", now - timedelta(days=1))
    fields.setdefault("applications_close_at", now + timedelta(days=30))
    fields.setdefault("first_session", now + timedelta(days=60))
    return make_edition(audiences=audiences, **fields)


def apply(
    edition: Edition, user: User | None = None, *, audience: Audience | None = None, **data
) -> Application:
    user = user or make_user()
    return application_submit(
        edition=edition,
        applicant=user,
        data=ApplicationInput(
            full_name=data.pop("full_name", f"Person {user.pk}"),
            email=user.email,
            consent=True,
            audience_id=audience.pk if audience else None,
            **data,
        ),
    )


def run_tasks() -> None:
    """Run every due background task with the real worker, until none is left.

    The worker closes "old" connections between tasks; inside a test's transaction that
    would close the test's own connection (PostgreSQL), so that one step is left out here.
    """
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


def refreshed(application: Application) -> Application:
    application.refresh_from_db()
    return application
