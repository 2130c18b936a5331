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
class Participant:
    application_id: int
    edition_id: int
    full_name: str
    state: str
    pass_revoked: bool = False

    @property
    def accepted(self) -> bool:
        return self.state == ApplicationState.ACCEPTED


@dataclass(frozen=True)
class DayAccess:
    day: CheckinDay
    role: str | None  # the person's role at the day's institution, if any
    assigned: bool  # assigned to the day's edition as a check-in helper
    # Read in the same statement when asked for: the holder of a scanned pass, or the
    # person's own accepted place in the day's edition. None: no such pass or place.
    participant: Participant | None = None


def _aware(value: datetime | str) -> datetime:
    """SQLite hands back naive UTC datetimes (or text); PostgreSQL aware ones."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# Each check-in costs one round trip to the database for its day, the reader's rights and
# the participant together, and one for the insert: at a hundred check-ins a second, every
# round trip saved is a tenth of a millisecond of the database's time and of the request's.
_DAY = """
SELECT s.id, s.edition_id, p.institution_id, s.starts_at, s.ends_at, p.title_de, p.title_en,
       EXISTS (SELECT 1 FROM attendance_sessionclosing c WHERE c.session_id = s.id),
       (SELECT m.role FROM accounts_membership m
         WHERE m.user_id = %s AND m.institution_id = p.institution_id),
       EXISTS (SELECT 1 FROM attendance_checkinhelper h
                WHERE h.user_id = %s AND h.edition_id = s.edition_id),
       {participant_columns}
  FROM catalogue_session s
  JOIN catalogue_edition e ON e.id = s.edition_id
  JOIN catalogue_programme p ON p.id = e.programme_id
  {participant_join}
 WHERE s.id = %s
"""
_NO_PARTICIPANT = "NULL, NULL, NULL, NULL, NULL"
_PARTICIPANT = "a.id, a.edition_id, a.full_name, a.state"
_JOIN_HOLDER = """
  LEFT JOIN enrolment_checkinpass c ON c.code = %s
  LEFT JOIN enrolment_application a ON a.id = c.application_id
"""
_JOIN_OWN_PLACE = """
  LEFT JOIN enrolment_application a
         ON a.edition_id = s.edition_id AND a.applicant_id = %s AND a.state = %s
"""
_STATEMENTS = {
    "day": _DAY.format(participant_columns=_NO_PARTICIPANT, participant_join=""),
    "pass": _DAY.format(
        participant_columns=f"{_PARTICIPANT}, c.revoked_at IS NOT NULL",
        participant_join=_JOIN_HOLDER,
    ),
    "own": _DAY.format(
        participant_columns=f"{_PARTICIPANT}, FALSE", participant_join=_JOIN_OWN_PLACE
    ),
}


def day_access(
    *, session_id: int, user_id: int | None, pass_code: str | None = None
) -> DayAccess | None:
    """The day, and what the person is at its institution and edition; with `pass_code`,
    also the holder of that pass (in the stored form, see `pass_code_normalised`). None if
    there is no such day."""
    if pass_code is None:
        return _read_day("day", [user_id, user_id, session_id])
    return _read_day("pass", [user_id, user_id, pass_code, session_id])


def day_with_own_place(*, session_id: int, user_id: int) -> DayAccess | None:
    """The day, with the person's accepted application for its edition as `participant`
    (None if they hold no place there). None if there is no such day."""
    accepted = ApplicationState.ACCEPTED.value
    return _read_day("own", [user_id, user_id, user_id, accepted, session_id])


def _read_day(statement: str, params: list[int | str | None]) -> DayAccess | None:
    with connection.cursor() as cursor:
        cursor.execute(_STATEMENTS[statement], params)
        row = cursor.fetchone()
    if row is None:
        return None
    (session_id, edition_id, institution_id, starts_at, ends_at, title_de, title_en) = row[:7]
    closed, role, assigned = row[7:10]
    application_id, participant_edition_id, full_name, state, pass_revoked = row[10:]
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
    participant = None
    if application_id is not None:
        participant = Participant(
            application_id=application_id,
            edition_id=participant_edition_id,
            full_name=full_name,
            state=state,
            pass_revoked=bool(pass_revoked),
        )
    return DayAccess(day=day, role=role, assigned=bool(assigned), participant=participant)


_BY_ID = """
SELECT a.id, a.edition_id, a.full_name, a.state FROM enrolment_application a
 WHERE a.id = %s AND a.edition_id = %s
"""


def participant_by_id(*, application_id: int, edition_id: int) -> Participant | None:
    with connection.cursor() as cursor:
        cursor.execute(_BY_ID, [application_id, edition_id])
        row = cursor.fetchone()
    if row is None:
        return None
    application_id, edition_id, full_name, state = row
    return Participant(
        application_id=application_id, edition_id=edition_id, full_name=full_name, state=state
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
