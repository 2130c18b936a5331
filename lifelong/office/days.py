"""Closing a programme day, and what follows when it was the edition's last."""

from dataclasses import dataclass

from django.utils import timezone

from lifelong.accounts.models import User
from lifelong.attendance.services import session_close
from lifelong.catalogue.models import Session
from lifelong.certificates.services import last_day_closed


@dataclass(frozen=True)
class DayClosed:
    absent: int  # the unmarked, now recorded absent
    certificates_started: bool  # it was the last day, and the rule issues by itself


def day_close(*, session: Session, actor: User) -> DayClosed:
    """Close the day's attendance (one transaction); then, once every day of the edition is
    closed and its rule issues certificates by itself, start the certificate run (another).

    Safe to repeat: closing again marks nobody, and a second run is refused while one is
    going and issues nobody twice, so a retry after a crash between the two steps finishes
    the work."""
    absent = session_close(session=session, actor=actor)
    run = last_day_closed(edition=session.edition, now=timezone.now())
    return DayClosed(absent=absent, certificates_started=run is not None)
