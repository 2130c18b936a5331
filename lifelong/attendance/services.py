"""Every change to attendance. Check-ins rely on the database's unique key (one record per
participant and session) instead of a lock: the insert that loses a race simply finds the
winner's record, so a desk and a phone checking the same person in at once make one record.
Changes an organiser makes after the fact (paper, corrections, closing) are logged."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lifelong.accounts.models import Membership, User
from lifelong.attendance.ahead import ATTENDED, day_ahead
from lifelong.attendance.days import CheckinDay, DayAccess, Participant, attendance_insert_once
from lifelong.attendance.errors import AttendanceError
from lifelong.attendance.models import (
    CHECK_IN_STATUSES,
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    CheckinHelper,
    SessionClosing,
)
from lifelong.audit.services import audit_log
from lifelong.catalogue.models import Session
from lifelong.enrolment.models import Application, ApplicationState
from lifelong.lib.display import day_label
from lifelong.lib.metrics import CHECKINS

Method = AttendanceMethod


@dataclass(frozen=True)
class CheckIn:
    application_id: int
    name: str
    status: str  # the status that stands now
    already: bool  # the person had been checked in with this status before this request

    @property
    def status_label(self) -> str:
        return str(AttendanceStatus(self.status).label)


def session_is_closed(session: Session) -> bool:
    """Uses `closing` when the session was read with select_related("closing"). (A missing
    one-to-one raises an AttributeError subclass, which hasattr turns into False.)"""
    return hasattr(session, "closing")


def _refuse_if_closed(session: Session) -> None:
    if session_is_closed(session):
        raise AttendanceError("session_closed")


def _refuse_if_ahead(starts_at: datetime, status: str | None) -> None:
    """Present or late only from the day itself on (ahead.py); excused may come earlier."""
    if status in ATTENDED and day_ahead(starts_at, today=timezone.localdate()):
        raise AttendanceError("day_ahead", day=day_label(starts_at))


# --- checking in -------------------------------------------------------------------------


def desk_check_in(
    *, day: CheckinDay, participant: Participant, status: str, actor: User
) -> CheckIn:
    """A helper marks a participant present or late. Marking again with the same status
    changes nothing; a different status replaces the earlier one (and is logged)."""
    if status not in CHECK_IN_STATUSES:
        raise AttendanceError("status_unknown")
    if day.closed:
        raise AttendanceError("session_closed")
    if not participant.accepted:
        raise AttendanceError("not_accepted", name=participant.full_name)
    _refuse_if_ahead(day.starts_at, status)
    standing, written = attendance_insert_once(
        application_id=participant.application_id,
        session_id=day.session_id,
        status=status,
        method=Method.DESK,
        recorded_by_id=actor.pk,
        at=timezone.now(),
    )
    if written:
        _count_check_in(Method.DESK)
    already = not written and standing == status
    if not written and standing != status:
        attendance_set(
            session=Session.objects.select_related("edition__programme").get(pk=day.session_id),
            application=Application.objects.get(pk=participant.application_id),
            status=status,
            actor=actor,
            method=Method.DESK,
        )
    return CheckIn(
        application_id=participant.application_id,
        name=participant.full_name,
        status=status,
        already=already,
    )


def desk_check_in_by_pass(*, scanned: DayAccess, status: str, actor: User) -> CheckIn:
    """The same, for the pass a scanner typed or a helper entered: `scanned` is the day
    read with the pass's holder (`day_access` with the pass code)."""
    participant = scanned.participant
    if participant is None:
        raise AttendanceError("pass_unknown")
    if participant.pass_revoked:
        raise AttendanceError("pass_revoked")
    if participant.edition_id != scanned.day.edition_id:
        raise AttendanceError("pass_other_edition")
    return desk_check_in(day=scanned.day, participant=participant, status=status, actor=actor)


def self_check_in_window(starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime]:
    margin = timedelta(minutes=settings.SELF_CHECKIN_MARGIN_MINUTES)
    return starts_at - margin, ends_at + margin


def self_check_in_problem(*, scanned: DayAccess, scanned_at: datetime) -> AttendanceError | None:
    """Why a scan at `scanned_at` cannot check in, if it cannot: a read, so the page a scan
    opens can say so before offering its button."""
    day = scanned.day
    opens, closes = self_check_in_window(day.starts_at, day.ends_at)
    if scanned_at < opens:
        return AttendanceError("too_early", at=opens)
    if scanned_at > closes:
        return AttendanceError("too_late", at=closes)
    if day.closed:
        return AttendanceError("session_closed")
    if scanned.participant is None:
        return AttendanceError("not_a_participant")
    return None


def self_check_in(*, scanned: DayAccess, user: User, scanned_at: datetime) -> CheckIn:
    """A participant scanned the room's code (checked fresh by the caller) at `scanned_at`:
    present, if they hold a place and it was during the session, give or take the margin.
    `scanned` is the day read with the person's own place (`day_with_own_place`). A self
    check-in never changes what a desk recorded."""
    problem = self_check_in_problem(scanned=scanned, scanned_at=scanned_at)
    if problem is not None:
        raise problem
    day = scanned.day
    participant = scanned.participant
    assert participant is not None  # noqa: S101 (self_check_in_problem says so otherwise)
    standing, written = attendance_insert_once(
        application_id=participant.application_id,
        session_id=day.session_id,
        status=AttendanceStatus.PRESENT,
        method=Method.SELF,
        recorded_by_id=user.pk,
        at=timezone.now(),
    )
    if written:
        _count_check_in(Method.SELF)
    return CheckIn(
        application_id=participant.application_id,
        name=participant.full_name,
        status=standing,
        already=not written,
    )


def _count_check_in(method: str) -> None:
    """A new record counts once it is committed. A check-in's insert is a statement of its
    own (no transaction around it: the unique key decides), so that is at once; inside a
    caller's transaction it would be at its commit."""
    transaction.on_commit(CHECKINS.labels(method=method).inc)


# --- changes after the fact --------------------------------------------------------------


def _institution_id(session: Session) -> int:
    return session.edition.programme.institution_id


def attendance_set(
    *,
    session: Session,
    application: Application,
    status: str | None,
    actor: User,
    method: str,
    reason: str = "",
) -> bool:
    """Set (or, with None, remove) one record and log it; False if nothing changed."""
    if status is not None and status not in AttendanceStatus.values:
        raise AttendanceError("status_unknown")
    _refuse_if_ahead(session.starts_at, status)
    with transaction.atomic():
        now = timezone.now()
        current = (
            Attendance.objects.select_for_update()
            .filter(application=application, session=session)
            .first()
        )
        before = current.status if current else None
        if before == status:
            return False
        if status is None and current is not None:
            current.delete()
        else:
            Attendance.objects.update_or_create(
                application=application,
                session=session,
                defaults={
                    "status": status,
                    "method": method,
                    "recorded_by": actor,
                    "recorded_at": now,
                },
            )
        audit_log(
            subject=application,
            action=f"attendance.{method}",
            at=now,
            actor=actor,
            institution_id=_institution_id(session),
            from_state=before or "",
            to_state=status or "",
            reason=reason,
            data={"session_id": session.pk, "session_starts": session.starts_at.isoformat()},
        )
    return True


def attendance_undo(*, session: Session, application: Application, actor: User) -> None:
    """A helper takes back a check-in made by mistake (while the day is open)."""
    _refuse_if_closed(session)
    if not attendance_set(
        session=session, application=application, status=None, actor=actor, method=Method.DESK
    ):
        raise AttendanceError("not_recorded", name=application.full_name)


def attendance_correct(
    *, session: Session, application: Application, status: str | None, actor: User, reason: str
) -> bool:
    """An organiser corrects a record at any time, with a reason for the log."""
    if not reason.strip():
        raise AttendanceError("reason_required")
    return attendance_set(
        session=session,
        application=application,
        status=status,
        actor=actor,
        method=Method.CORRECTION,
        reason=reason.strip(),
    )


def attendance_paper_enter(*, session: Session, statuses: dict[int, str], actor: User) -> int:
    """Enter a signed sheet: the status of each accepted participant listed (those not
    listed stay as they are). One transaction; returns how many records changed. A day
    still ahead takes no present or late: then nothing of the sheet is saved."""
    _refuse_if_closed(session)
    for status in statuses.values():
        _refuse_if_ahead(session.starts_at, status)
    participants = Application.objects.filter(
        edition_id=session.edition_id, state=ApplicationState.ACCEPTED, pk__in=statuses
    ).select_related("edition__programme")
    changed = 0
    with transaction.atomic(durable=True):
        for application in participants:
            changed += attendance_set(
                session=session,
                application=application,
                status=statuses[application.pk],
                actor=actor,
                method=Method.PAPER,
            )
    return changed


def session_close(*, session: Session, actor: User) -> int:
    """Close the day: everyone accepted and still unmarked becomes absent. Safe to repeat;
    returns how many were marked absent now."""
    with transaction.atomic(durable=True):
        now = timezone.now()
        _closing, created = SessionClosing.objects.get_or_create(
            session=session, defaults={"closed_at": now, "closed_by": actor}
        )
        if not created:
            return 0
        marked = set(Attendance.objects.filter(session=session).values_list("application_id"))
        unmarked = [
            application_id
            for (application_id,) in Application.objects.filter(
                edition_id=session.edition_id, state=ApplicationState.ACCEPTED
            ).values_list("pk")
            if (application_id,) not in marked
        ]
        Attendance.objects.bulk_create(
            [
                Attendance(
                    application_id=application_id,
                    session=session,
                    status=AttendanceStatus.ABSENT,
                    method=Method.CLOSING,
                    recorded_by=actor,
                    recorded_at=now,
                )
                for application_id in unmarked
            ],
            ignore_conflicts=True,
        )
        audit_log(
            subject=session.edition,
            action="session.closed",
            at=now,
            actor=actor,
            institution_id=_institution_id(session),
            data={
                "session_id": session.pk,
                "session_starts": session.starts_at.isoformat(),
                "absent": len(unmarked),
            },
        )
    return len(unmarked)


# --- check-in helpers -------------------------------------------------------------------


@transaction.atomic(durable=True)
def checkin_helper_assign(*, edition_id: int, membership: Membership, actor: User) -> bool:
    """Lets a check-in helper of the edition's institution record its attendance.
    Returns False when they were assigned already."""
    _assignment, created = CheckinHelper.objects.get_or_create(
        edition_id=edition_id, user_id=membership.user_id
    )
    if created:
        audit_log(
            subject=membership,
            action="staff.checkin_assigned",
            at=timezone.now(),
            actor=actor,
            institution_id=membership.institution_id,
            data={"edition": edition_id},
        )
    return created


@transaction.atomic(durable=True)
def checkin_helper_unassign(*, edition_id: int, membership: Membership, actor: User) -> None:
    deleted, _rows = CheckinHelper.objects.filter(
        edition_id=edition_id, user_id=membership.user_id
    ).delete()
    if deleted:
        audit_log(
            subject=membership,
            action="staff.checkin_unassigned",
            at=timezone.now(),
            actor=actor,
            institution_id=membership.institution_id,
            data={"edition": edition_id},
        )


def checkin_helpers_end(*, user_id: int, institution_id: int) -> int:
    """End a person's check-in assignments at one institution (they leave its staff);
    inside the caller's transaction. Returns how many ended."""
    deleted, _rows = CheckinHelper.objects.filter(
        user_id=user_id, edition__programme__institution_id=institution_id
    ).delete()
    return deleted
