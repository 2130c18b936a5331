"""Builders for certificate tests: an edition with five days and a rule, participants with
attendance, and the organiser."""

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lifelong.accounts.models import User
from lifelong.attendance.models import Attendance, AttendanceMethod, SessionClosing
from lifelong.catalogue.models import Edition
from lifelong.enrolment.models import Application
from tests.enrolment.helpers import apply, make_open_edition, make_user

BOCHUM_LIKE = {"kind": "certificate", "min_sessions": 4, "workload_hours": 30}


def make_certificate_edition(rule: dict[str, Any] | None = None, **fields: Any) -> Edition:
    """Five programme days and, by default, "at least 4 of 5 days, 30 hours". The days lie
    in the past (the latest a month ago), so that what `attended` records of them counts:
    present on a day still ahead does not (attendance/ahead.py)."""
    fields.setdefault("first_session", timezone.now() - timedelta(days=60))
    edition = make_open_edition(
        session_count=fields.pop("session_count", 5),
        certificate_rule=BOCHUM_LIKE if rule is None else rule,
        **fields,
    )
    programme = edition.programme
    programme.title_de = "Wissen gemeinsam gestalten"
    programme.title_en = "Shaping knowledge together"
    programme.save()
    edition.refresh_from_db()  # credit points as the database gives them: a Decimal
    return edition


def participant(edition: Edition, name: str, *, language: str = "de") -> Application:
    person = make_user(preferred_language=language)
    application = apply(edition, person, full_name=name)
    assert application.state == "accepted"
    return application


def attended(application: Application, statuses: Sequence[str | None]) -> Application:
    """Record one status per day of the edition, in order (None: nothing recorded)."""
    sessions = list(application.edition.sessions.order_by("starts_at"))
    Attendance.objects.bulk_create(
        Attendance(
            application=application,
            session=session,
            status=status,
            method=AttendanceMethod.DESK,
            recorded_at=timezone.now(),
        )
        for session, status in zip(sessions, statuses, strict=False)
        if status is not None
    )
    return application


def close_all_days(edition: Edition, actor: User | None = None) -> None:
    for session in edition.sessions.all():
        SessionClosing.objects.get_or_create(
            session=session, defaults={"closed_at": timezone.now(), "closed_by": actor}
        )


def points(value: str) -> Decimal:
    return Decimal(value)
