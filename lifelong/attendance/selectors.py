"""Reads that feed the attendance pages: a day's list, the edition's matrix, a person's own."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from lifelong.attendance.ahead import ATTENDED, status_as_read
from lifelong.attendance.models import Attendance, AttendanceStatus
from lifelong.catalogue.models import Edition, Session
from lifelong.enrolment.models import Application, ApplicationState
from lifelong.lib.text import fold


@dataclass(frozen=True)
class RosterRow:
    application: Application
    attendance: Attendance | None

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else ""

    @property
    def search_key(self) -> str:
        return fold(f"{self.application.full_name} {self.application.organisation}")


def participants(edition_id: int) -> QuerySet[Application]:
    return Application.objects.filter(edition_id=edition_id, state=ApplicationState.ACCEPTED)


def session_roster(*, session: Session) -> list[RosterRow]:
    """Everyone accepted, by name, with their record of this day (None: not recorded).
    Present or late recorded for a day still ahead reads as not recorded, as in the matrix."""
    today = timezone.localdate()
    records = {
        record.application_id: record
        for record in Attendance.objects.filter(session=session).select_related("recorded_by")
        if status_as_read(record.status, starts_at=session.starts_at, today=today) is not None
    }
    rows = [
        RosterRow(application=application, attendance=records.get(application.pk))
        for application in participants(session.edition_id).only(
            "pk", "full_name", "organisation", "edition_id", "state"
        )
    ]
    rows.sort(key=lambda row: fold(row.application.full_name))
    return rows


def roster_matching(rows: list[RosterRow], query: str) -> list[RosterRow]:
    """The rows whose name or organisation contains the query, accents and case aside."""
    wanted = fold(query)
    return [row for row in rows if wanted in row.search_key] if wanted else rows


def roster_counts(rows: list[RosterRow]) -> dict[str, int]:
    counts = {status: 0 for status in AttendanceStatus.values} | {"": 0}
    for row in rows:
        counts[row.status] += 1
    return counts | {"checked_in": counts["present"] + counts["late"], "total": len(rows)}


@dataclass
class MatrixRow:
    application: Application
    cells: list[str]  # a status per session, "" where nothing is recorded
    attended: int = 0


@dataclass
class Matrix:
    sessions: list[Session]
    rows: list[MatrixRow]
    attended_per_session: list[int] = field(default_factory=list)


def edition_matrix(*, edition: Edition) -> Matrix:
    """Participants × sessions, with the days each attended and the attendance of each day.
    Three queries, whatever the size. Present or late on a day still ahead counts as not
    recorded (ahead.py)."""
    today = timezone.localdate()
    sessions = list(edition.sessions.order_by("starts_at"))
    column = {session.pk: index for index, session in enumerate(sessions)}
    people = sorted(participants(edition.pk), key=lambda a: fold(a.full_name))
    rows = {
        person.pk: MatrixRow(application=person, cells=[""] * len(sessions)) for person in people
    }
    for application_id, session_id, status in Attendance.objects.filter(
        session__edition=edition, application__in=[person.pk for person in people]
    ).values_list("application_id", "session_id", "status"):
        index = column[session_id]
        as_read = status_as_read(status, starts_at=sessions[index].starts_at, today=today)
        rows[application_id].cells[index] = as_read or ""
    per_session = [0] * len(sessions)
    for row in rows.values():
        for index, status in enumerate(row.cells):
            if status in ATTENDED:
                row.attended += 1
                per_session[index] += 1
    return Matrix(sessions=sessions, rows=list(rows.values()), attended_per_session=per_session)


@dataclass(frozen=True)
class MyDay:
    session: Session
    status: str  # "" while not recorded


def my_attendance(*, applications: list[Application]) -> dict[int, list[MyDay]]:
    """The days of each accepted application and what was recorded, for "My programmes"."""
    accepted = [a for a in applications if a.state == ApplicationState.ACCEPTED]
    if not accepted:
        return {}
    records = {
        (record.application_id, record.session_id): record.status
        for record in Attendance.objects.filter(application__in=accepted)
    }
    sessions_of: dict[int, list[Session]] = {}
    for session in Session.objects.filter(edition_id__in={a.edition_id for a in accepted}).order_by(
        "starts_at"
    ):
        sessions_of.setdefault(session.edition_id, []).append(session)
    today = timezone.localdate()
    return {
        application.pk: [
            MyDay(
                session=session,
                status=status_as_read(
                    records.get((application.pk, session.pk)),
                    starts_at=session.starts_at,
                    today=today,
                )
                or "",
            )
            for session in sessions_of.get(application.edition_id, [])
        ]
        for application in accepted
    }
