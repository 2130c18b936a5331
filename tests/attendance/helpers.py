"""Builders for attendance tests: a programme day going on now, participants, staff."""

from datetime import timedelta

from django.utils import timezone

from lifelong.accounts.models import Membership, User
from lifelong.attendance.models import CheckinHelper
from lifelong.catalogue.models import Edition, Session
from lifelong.enrolment.models import Application, CheckinPass
from lifelong.enrolment.passes import checkin_pass_of
from tests.enrolment.helpers import apply, make_open_edition, make_user


def make_day(edition: Edition | None = None, *, started_minutes_ago: int = 10) -> Session:
    """A session of an edition (a new one by default) that started a few minutes ago and
    lasts three hours."""
    edition = edition or make_open_edition()
    starts = timezone.now() - timedelta(minutes=started_minutes_ago)
    return Session.objects.create(
        edition=edition, starts_at=starts, ends_at=starts + timedelta(hours=3), place="Raum 1"
    )


def make_participant(session: Session, name: str, user: User | None = None) -> Application:
    """Someone with a confirmed place (first come: accepted at once)."""
    application = apply(session.edition, user, full_name=name)
    assert application.state == "accepted"
    return application


def make_helper(edition: Edition, email: str = "helper@uni.example") -> User:
    """A check-in helper of the edition's institution, assigned to this edition."""
    helper = make_user(email)
    Membership.objects.create(
        user=helper, institution=edition.programme.institution, role=Membership.Role.CHECKIN
    )
    CheckinHelper.objects.create(edition=edition, user=helper)
    return helper


def valid_pass(application: Application) -> CheckinPass:
    """The participant's valid pass, which came with their place."""
    found = checkin_pass_of(application)
    assert found is not None
    return found
