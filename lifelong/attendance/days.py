"""The reads and the write of a check-in, in plain SQL.

A check-in rush (hundreds of people in a few minutes at the door) is the one place where the
ORM's cost of building each query (about a millisecond of Python per query, more than the
database takes to answer) decides how many people a server can check in per second. These
few statements are therefore written out once here, each answered from an index; everything
else about attendance uses the ORM. docs/decisions.md, "The check-in path in plain SQL".
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection

from lifelong.enrolment.models import ApplicationState
from lifelong.lib.i18n import Translated


@dataclass(frozen=True)
class CheckinDay:
    """What a check-in needs to know about a programme day (a session)."""

    session_id: int
    edition_id: int
    institution_id: int
    starts_at: datetime
    ends_at: datetime
    closed: bool
    programme_title_de: str
    programme_title_en: str

    programme_title = Translated("programme_title")


@dataclass(frozen=True)
class DayAccess:
    day: CheckinDay
    role: str | None  # the person's role at the day's institution, if any
    assigned: bool  # assigned to the day's edition as a check-in helper


@dataclass(frozen=True)
class Participant:
    application_id: int
    edition_id: int
    full_name: str
    state: str
    pass_revoked: bool = False

    @property
    def accepted(self) -> bool:
        return self.state == ApplicationState.ACCEPTED


def _aware(value: datetime | str) -> datetime:
    """SQLite hands back naive UTC datetimes (or text); PostgreSQL aware ones."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


_DAY = """
SELECT s.id, s.edition_id, p.institution_id, s.starts_at, s.ends_at, p.title_de, p.title_en,
       EXISTS (SELECT 1 FROM attendance_sessionclosing c WHERE c.session_id = s.id),
       (SELECT m.role FROM accounts_membership m
         WHERE m.user_id = %s AND m.institution_id = p.institution_id),
       EXISTS (SELECT 1 FROM attendance_checkinhelper h
                WHERE h.user_id = %s AND h.edition_id = s.edition_id)
  FROM catalogue_session s
  JOIN catalogue_edition e ON e.id = s.edition_id
  JOIN catalogue_programme p ON p.id = e.programme_id
 WHERE s.id = %s
"""


def day_access(*, session_id: int, user_id: int | None) -> DayAccess | None:
    """The day, and what the person is at its institution and edition; None if no such day."""
    with connection.cursor() as cursor:
        cursor.execute(_DAY, [user_id, user_id, session_id])
        row = cursor.fetchone()
    if row is None:
        return None
    (session_id, edition_id, institution_id, starts_at, ends_at, title_de, title_en) = row[:7]
    closed, role, assigned = row[7:]
    day = CheckinDay(
        session_id=session_id,
        edition_id=edition_id,
        institution_id=institution_id,
        starts_at=_aware(starts_at),
        ends_at=_aware(ends_at),
        closed=bool(closed),
        programme_title_de=title_de,
        programme_title_en=title_en,
    )
    return DayAccess(day=day, role=role, assigned=bool(assigned))


_BY_CODE = """
SELECT a.id, a.edition_id, a.full_name, a.state, c.revoked_at IS NOT NULL
  FROM attendance_checkinpass c
  JOIN enrolment_application a ON a.id = c.application_id
 WHERE c.code = %s
"""

_BY_ID = """
SELECT a.id, a.edition_id, a.full_name, a.state FROM enrolment_application a
 WHERE a.id = %s AND a.edition_id = %s
"""

_BY_PERSON = """
SELECT a.id, a.edition_id, a.full_name, a.state FROM enrolment_application a
 WHERE a.edition_id = %s AND a.applicant_id = %s AND a.state = %s
"""


def participant_by_pass(code: str) -> Participant | None:
    return _participant(_BY_CODE, [code])


def participant_by_id(*, application_id: int, edition_id: int) -> Participant | None:
    return _participant(_BY_ID, [application_id, edition_id])


def participant_by_person(*, edition_id: int, user_id: int) -> Participant | None:
    """The person's accepted application for the edition, if they hold a place."""
    return _participant(_BY_PERSON, [edition_id, user_id, ApplicationState.ACCEPTED.value])


def _participant(sql: str, params: list[int | str]) -> Participant | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    application_id, edition_id, full_name, state = row[:4]
    return Participant(
        application_id=application_id,
        edition_id=edition_id,
        full_name=full_name,
        state=state,
        pass_revoked=len(row) > 4 and bool(row[4]),
    )


_INSERT = """
INSERT INTO attendance_attendance
       (application_id, session_id, status, method, recorded_by_id, recorded_at)
VALUES (%s, %s, %s, %s, %s, %s)
    ON CONFLICT (application_id, session_id) DO NOTHING
RETURNING id
"""

_STANDING = """
SELECT status FROM attendance_attendance WHERE application_id = %s AND session_id = %s
"""


def attendance_insert_once(
    *,
    application_id: int,
    session_id: int,
    status: str,
    method: str,
    recorded_by_id: int | None,
    at: datetime,
) -> tuple[str, bool]:
    """Insert the record unless one exists (the unique key decides, whatever runs at the
    same moment). Returns the status that stands and whether it was written now."""
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT,
            [
                application_id,
                session_id,
                status,
                method,
                recorded_by_id,
                connection.ops.adapt_datetimefield_value(at),
            ],
        )
        if cursor.fetchone() is not None:
            return status, True
        cursor.execute(_STANDING, [application_id, session_id])
        (standing,) = cursor.fetchone()
    return standing, False
