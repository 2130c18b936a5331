"""The figures behind the organisers' dashboards.

Everything is counted in the database (grouped, with COUNT) and read in a fixed number of
queries: an edition with 2,000 applications costs the same queries as one with five.
Applications are counted per calendar day in Europe/Berlin, where the editions take place.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from lifelong.attendance.ahead import day_ahead
from lifelong.attendance.models import Attendance, AttendanceStatus
from lifelong.catalogue.models import Audience, Edition, EditionAudience, Institution, Session
from lifelong.certificates.models import Certificate
from lifelong.enrolment.models import Application, ApplicationState

# The time zone of the editions' days (settings.TIME_ZONE is Europe/Berlin).
EDITION_TIME_ZONE = ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class DayCount:
    """Applications submitted on one day, and all of them up to and including that day."""

    day: date
    new: int
    total: int


@dataclass(frozen=True)
class FillRate:
    capacity: int
    accepted: int
    offered: int = 0  # places held for someone from the waiting list

    @property
    def free(self) -> int:
        return max(self.capacity - self.accepted - self.offered, 0)

    @property
    def percent(self) -> int:
        """Accepted people per place, in percent (more than 100 after places were cut)."""
        return round(100 * self.accepted / self.capacity) if self.capacity else 0


@dataclass(frozen=True)
class AudienceMix:
    audience: Audience | None  # None: applications without a group
    quota: int | None  # None: no limit
    applications: int
    accepted: int


@dataclass(frozen=True)
class DayAttendance:
    session: Session
    present: int
    late: int
    excused: int
    absent: int
    unrecorded: int


@dataclass(frozen=True)
class CertificateCounts:
    valid: int = 0
    revoked: int = 0

    @property
    def issued(self) -> int:
        return self.valid + self.revoked


@dataclass(frozen=True)
class EditionFigures:
    edition: Edition
    by_state: dict[str, int]
    per_day: list[DayCount]
    fill: FillRate
    audiences: list[AudienceMix]
    days: list[DayAttendance]
    certificates: CertificateCounts

    @property
    def applications(self) -> int:
        return sum(self.by_state.values())


def edition_figures(*, edition: Edition) -> EditionFigures:
    """Everything on an edition's dashboard, in six queries."""
    counts = list(
        Application.objects.filter(edition=edition)
        .values_list("audience_id", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_state = {state: 0 for state in ApplicationState.values}
    for _audience_id, state, n in counts:
        by_state[state] += n
    fill = FillRate(
        capacity=edition.capacity,
        accepted=by_state[ApplicationState.ACCEPTED],
        offered=by_state[ApplicationState.OFFERED],
    )
    return EditionFigures(
        edition=edition,
        by_state=by_state,
        per_day=_cumulative(_applications_per_day([edition.pk]).get(edition.pk, [])),
        fill=fill,
        audiences=_audience_mix(edition, counts),
        days=_attendance_per_day(edition, participants=fill.accepted),
        certificates=_certificate_counts([edition.pk]).get(edition.pk, CertificateCounts()),
    )


def _applications_per_day(edition_ids: list[int]) -> dict[int, list[tuple[date, int]]]:
    rows = (
        Application.objects.filter(edition_id__in=edition_ids)
        .annotate(day=TruncDate("submitted_at", tzinfo=EDITION_TIME_ZONE))
        .values_list("edition_id", "day")
        .annotate(n=Count("pk"))
        .order_by("edition_id", "day")
    )
    per_edition: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for edition_id, day, n in rows:
        per_edition[edition_id].append((day, n))
    return per_edition


def _cumulative(per_day: Iterable[tuple[date, int]]) -> list[DayCount]:
    days, total = [], 0
    for day, new in per_day:
        total += new
        days.append(DayCount(day=day, new=new, total=total))
    return days


def _audience_mix(edition: Edition, counts: list[tuple[int | None, str, int]]) -> list[AudienceMix]:
    """The edition's audiences with their quotas, and any audience people applied as that
    is no longer linked to the edition; those without a group last."""
    applied: dict[int | None, int] = defaultdict(int)
    accepted: dict[int | None, int] = defaultdict(int)
    for audience_id, state, n in counts:
        applied[audience_id] += n
        if state == ApplicationState.ACCEPTED:
            accepted[audience_id] += n
    links = EditionAudience.objects.filter(edition=edition, audience=OuterRef("pk"))
    audiences = (
        Audience.objects.filter(
            Q(pk__in=EditionAudience.objects.filter(edition=edition).values("audience_id"))
            | Q(pk__in=Application.objects.filter(edition=edition).values("audience_id"))
        )
        .annotate(quota=Subquery(links.values("quota")[:1]), linked=Exists(links))
        .order_by("-linked", "slug")
    )
    mix = [
        AudienceMix(
            audience=audience,
            quota=audience.quota,
            applications=applied[audience.pk],
            accepted=accepted[audience.pk],
        )
        for audience in audiences
    ]
    if applied[None]:
        mix.append(
            AudienceMix(
                audience=None, quota=None, applications=applied[None], accepted=accepted[None]
            )
        )
    return mix


def _attendance_per_day(edition: Edition, *, participants: int) -> list[DayAttendance]:
    """What was recorded for the people accepted now (as in the attendance matrix); the
    rest of them is "not recorded"."""
    recorded: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for session_id, status, n in (
        Attendance.objects.filter(
            session__edition=edition, application__state=ApplicationState.ACCEPTED
        )
        .values_list("session_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        recorded[session_id][status] = n
    days = []
    today = timezone.localdate()
    for session in edition.sessions.order_by("starts_at"):
        statuses = recorded[session.pk]
        if day_ahead(session.starts_at, today=today):
            # Present or late recorded before the day came counts as nothing (attendance/ahead.py).
            statuses[AttendanceStatus.PRESENT] = statuses[AttendanceStatus.LATE] = 0
        days.append(
            DayAttendance(
                session=session,
                present=statuses[AttendanceStatus.PRESENT],
                late=statuses[AttendanceStatus.LATE],
                excused=statuses[AttendanceStatus.EXCUSED],
                absent=statuses[AttendanceStatus.ABSENT],
                unrecorded=max(participants - sum(statuses.values()), 0),
            )
        )
    return days


def _certificate_counts(edition_ids: list[int]) -> dict[int, CertificateCounts]:
    rows = (
        Certificate.objects.filter(edition_id__in=edition_ids)
        .values_list("edition_id")
        .annotate(
            valid=Count("pk", filter=Q(revoked_at__isnull=True)),
            revoked=Count("pk", filter=Q(revoked_at__isnull=False)),
        )
        .order_by()
    )
    return {
        edition_id: CertificateCounts(valid=valid, revoked=revoked)
        for edition_id, valid, revoked in rows
    }


@dataclass(frozen=True)
class EditionSummary:
    edition: Edition
    applications: int
    fill: FillRate
    certificates: CertificateCounts
    current: bool
    per_day: list[DayCount]  # only for current editions


@dataclass(frozen=True)
class InstitutionFigures:
    institution: Institution
    editions: list[EditionSummary]  # the newest first

    @property
    def current(self) -> list[EditionSummary]:
        return [summary for summary in self.editions if summary.current]


def institution_figures(*, institution: Institution, now: datetime) -> InstitutionFigures:
    """Every edition of the institution's programmes with its fill rate and certificates,
    and the applications over time of its current editions, in four queries."""
    editions = list(
        Edition.objects.filter(programme__institution=institution)
        .select_related("programme")
        .annotate(last_day_ends=Max("sessions__ends_at"))
        .order_by("-applications_open_at", "pk")
    )
    ids = [edition.pk for edition in editions]
    states: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for edition_id, state, n in (
        Application.objects.filter(edition_id__in=ids)
        .values_list("edition_id", "state")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        states[edition_id][state] = n
    certificates = _certificate_counts(ids)
    current = {edition.pk for edition in editions if _is_current(edition, now)}
    per_day = _applications_per_day(sorted(current))
    return InstitutionFigures(
        institution=institution,
        editions=[
            EditionSummary(
                edition=edition,
                applications=sum(states[edition.pk].values()),
                fill=FillRate(
                    capacity=edition.capacity,
                    accepted=states[edition.pk][ApplicationState.ACCEPTED],
                    offered=states[edition.pk][ApplicationState.OFFERED],
                ),
                certificates=certificates.get(edition.pk, CertificateCounts()),
                current=edition.pk in current,
                per_day=_cumulative(per_day.get(edition.pk, [])),
            )
            for edition in editions
        ],
    )


def _is_current(edition: Edition, now: datetime) -> bool:
    """Published, taking applications or already past its deadline, and not over yet:
    its last day (or, without days, its deadline) is still to come."""
    ends: datetime = getattr(edition, "last_day_ends", None) or edition.applications_close_at
    return (
        edition.status == Edition.Status.PUBLISHED
        and edition.applications_open_at <= now
        and ends >= now
    )
