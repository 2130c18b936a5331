"""The organisers' changes to editions and their programme days, which reach across the
domains: an edition's places are enrolment's (the lock, the count, the waiting list), its
lottery and its days' reminders are enrolment's timed work, a day with attendance recorded
stays, and a duplicate copies the assessed work and the application questions.

Each service is one durable transaction: lock the edition (as applications do), check again
what the form checked (`office/checks.py`), write, log, and say so to the catalogue
(`catalogue_changed`) and to the scheduler (`lottery_schedule`, `reminders_schedule`).
"""

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from lifelong.accounts.models import User
from lifelong.attendance.models import Attendance
from lifelong.catalogue.errors import CatalogueError
from lifelong.catalogue.models import (
    Edition,
    EditionAudience,
    EditionSelectionMode,
    EditionStatus,
    Programme,
    Session,
)
from lifelong.catalogue.services import catalogue_changed, catalogue_log, raise_first
from lifelong.certificates.models import Assessment
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.models import Question
from lifelong.enrolment.notifications import reminders_schedule
from lifelong.enrolment.places import edition_lock
from lifelong.enrolment.services import capacity_set, lottery_schedule, selection_mode_changed
from lifelong.lib.changes import changed_fields, field_values
from lifelong.lib.wall_time import WallTime, first_moment_from, wall_time_kind
from lifelong.office import checks


@dataclass(frozen=True)
class AudienceInput:
    """An audience the edition is for, with its quota and who may apply as one of it."""

    audience_id: int
    quota: int | None = None
    email_domains: str = ""
    min_age: int | None = None
    requires_student_confirmation: bool = False


@dataclass(frozen=True)
class EditionInput:
    label: str
    applications_open_at: datetime
    applications_close_at: datetime
    capacity: int
    language: str
    selection_mode: str = EditionSelectionMode.FIRST_COME
    lottery_at: datetime | None = None
    fee_cents: int = 0
    fee_note_de: str = ""
    fee_note_en: str = ""
    offer_hours: int = 72
    waiting_list: bool = True
    credit_points: Decimal | None = None
    # Retention periods of its own (None: the institution's; office/retention.py).
    retention_unaccepted_months: int | None = None
    retention_attendance_months: int | None = None
    audiences: tuple[AudienceInput, ...] = ()

    @property
    def quotas(self) -> dict[int, int | None]:
        return {audience.audience_id: audience.quota for audience in self.audiences}


@dataclass(frozen=True)
class SessionInput:
    starts_at: datetime
    ends_at: datetime
    title_de: str = ""
    title_en: str = ""
    place: str = ""
    online_url: str = ""


@dataclass(frozen=True)
class EditionUpdated:
    capacity_changed: bool = False
    offers: int = 0  # places offered to the waiting list because the capacity rose


@dataclass(frozen=True)
class DateShift:
    """Moves a moment by whole years, months and days of the calendar in Europe/Berlin,
    keeping its wall-clock time: 18:00 in March stays 18:00 however the clocks change in
    between. A day that does not exist in the target month becomes its last (31 → 30)."""

    years: int = 0
    months: int = 0
    days: int = 0

    def __bool__(self) -> bool:
        return bool(self.years or self.months or self.days)

    def day(self, day: date) -> date:
        month_index = day.year * 12 + day.month - 1 + self.years * 12 + self.months
        year, month = divmod(month_index, 12)
        last_day = calendar.monthrange(year, month + 1)[1]
        return date(year, month + 1, min(day.day, last_day)) + timedelta(days=self.days)

    def wall_time(self, moment: datetime) -> datetime:
        """The moment's wall-clock time in Europe/Berlin, moved (naive)."""
        local = timezone.localtime(moment, timezone.get_default_timezone())
        return datetime.combine(self.day(local.date()), local.time())

    def moment(self, moment: datetime) -> datetime:
        """The moved moment. A time the clocks skip on the new day becomes the same time
        after the change (02:30 → 03:30); one that happens twice, its earlier occurrence
        (summer time). `clock_change` says which."""
        return first_moment_from(self.wall_time(moment)).astimezone(UTC)  # see local_moment

    def clock_change(self, what: str, moment: datetime) -> "ClockChange | None":
        wall_time = self.wall_time(moment)
        kind = wall_time_kind(wall_time)
        if kind is WallTime.EXISTS:
            return None
        return ClockChange(
            what=what,
            wall_time=wall_time,
            kind=kind,
            moment=first_moment_from(wall_time).astimezone(UTC),
        )

    def to_json(self) -> dict[str, int]:
        return {"years": self.years, "months": self.months, "days": self.days}


@dataclass(frozen=True)
class ClockChange:
    """A time of a copy that falls in the night the clocks change: it did not exist (and is
    `moment`, an hour later) or happens twice (and is `moment`, the earlier of the two)."""

    what: str  # the field: applications_open_at, applications_close_at, lottery_at,
    # starts_at or ends_at (of a programme day)
    wall_time: datetime  # as asked for, naive
    kind: WallTime
    moment: datetime


@dataclass(frozen=True)
class EditionDuplicated:
    edition: Edition
    clock_changes: tuple[ClockChange, ...] = ()


_EDITION_FIELDS = (
    "label",
    "applications_open_at",
    "applications_close_at",
    "selection_mode",
    "lottery_at",
    "fee_cents",
    "fee_note_de",
    "fee_note_en",
    "language",
    "offer_hours",
    "waiting_list",
    "credit_points",
    "retention_unaccepted_months",
    "retention_attendance_months",
)
_AUDIENCE_FIELDS = ("quota", "email_domains", "min_age", "requires_student_confirmation")
_SESSION_TEXT_FIELDS = ("title_de", "title_en", "place", "online_url")
_SESSION_FIELDS = ("starts_at", "ends_at", *_SESSION_TEXT_FIELDS)
# What a duplicate copies of the assessed work and the application questions.
_ASSESSMENT_FIELDS = ("position", "kind", "name_de", "name_en", "required", "credit_points")
_QUESTION_FIELDS = (
    "position",
    "kind",
    "label_de",
    "label_en",
    "help_de",
    "help_en",
    "required",
    "choices",
)


# --- editions ------------------------------------------------------------------------------


def _edition_set(edition: Edition, data: EditionInput) -> None:
    for name in _EDITION_FIELDS:
        value = getattr(data, name)
        setattr(edition, name, value.strip() if isinstance(value, str) else value)
    if edition.selection_mode != EditionSelectionMode.LOTTERY:
        edition.lottery_at = None


def _audiences_write(edition: Edition, audiences: tuple[AudienceInput, ...]) -> None:
    """Make the edition's audiences those given: change, add and remove links."""
    links = {link.audience_id: link for link in edition.audience_links.all()}
    for wanted in audiences:
        link = links.pop(wanted.audience_id, None) or EditionAudience(
            edition=edition, audience_id=wanted.audience_id
        )
        before = field_values(link, _AUDIENCE_FIELDS)
        for name in _AUDIENCE_FIELDS:
            setattr(link, name, getattr(wanted, name))
        if link.pk is None or before != field_values(link, _AUDIENCE_FIELDS):
            link.save()
    for gone in links.values():
        gone.delete()


def _edition_values(edition: Edition) -> dict[str, object]:
    values = field_values(edition, (*_EDITION_FIELDS, "capacity"))
    values["audiences"] = [
        {"audience": link.audience_id, **field_values(link, _AUDIENCE_FIELDS)}
        for link in edition.audience_links.order_by("audience_id")
    ]
    return values


def edition_create(*, programme: Programme, data: EditionInput, actor: User) -> Edition:
    """A new edition of the programme, as a draft without programme days yet."""
    edition = Edition(programme=programme, status=EditionStatus.DRAFT, capacity=data.capacity)
    try:
        with transaction.atomic(durable=True):
            _edition_set(edition, data)
            raise_first(checks.edition_problems(edition=edition, quotas=data.quotas))
            edition.save()
            _audiences_write(edition, data.audiences)
            catalogue_log(
                subject=edition,
                action="edition.created",
                actor=actor,
                data=_edition_values(edition),
                to_state=edition.status,
            )
            lottery_schedule(edition=edition)
            catalogue_changed()
    except IntegrityError as error:
        raise _label_race(error, programme.pk, data.label, None) from error
    return edition


def _label_race(
    error: IntegrityError, programme_id: int, label: str, edition_id: int | None
) -> CatalogueError:
    """The label, given to another edition a moment earlier, or else the error itself."""
    if checks.label_taken(programme_id=programme_id, label=label, edition_id=edition_id):
        return CatalogueError("label_taken", label=label)
    raise error


def edition_update(*, edition: Edition, data: EditionInput, actor: User) -> EditionUpdated:
    """Change an edition's settings, audiences and number of places: one decision, one
    transaction. More places go to the waiting list as offers in the same transaction;
    whatever check fails, nothing is saved and the error says why."""
    try:
        with transaction.atomic(durable=True):
            locked = edition_lock(edition.pk)
            before = _edition_values(locked)
            old_capacity = locked.capacity
            _edition_set(locked, data)
            locked.capacity = data.capacity  # for the checks; `capacity_set` saves it
            raise_first(checks.edition_problems(edition=locked, quotas=data.quotas))
            locked.capacity = old_capacity
            locked.save(update_fields=list(_EDITION_FIELDS))
            _audiences_write(locked, data.audiences)
            changes = changed_fields(before, _edition_values(locked))
            if changes:
                catalogue_log(subject=locked, action="edition.changed", actor=actor, data=changes)
            offers = 0
            if data.capacity != old_capacity:
                offers = capacity_set(
                    edition=locked,
                    capacity=data.capacity,
                    actor=actor,
                    reason="",
                    now=timezone.now(),
                )
            if "selection_mode" in changes:
                # Logged in words, and the applicants awaiting selection are told.
                selection_mode_changed(
                    edition=locked,
                    from_mode=str(before["selection_mode"]),
                    actor=actor,
                    now=timezone.now(),
                )
            if {"lottery_at", "selection_mode"} & changes.keys():
                lottery_schedule(edition=locked)
            catalogue_changed()
    except IntegrityError as error:
        raise _label_race(error, edition.programme_id, data.label, edition.pk) from error
    except EnrolmentError as error:  # places taken since the form was checked
        raise CatalogueError("capacity_refused", reason=error.message) from error
    return EditionUpdated(capacity_changed=data.capacity != old_capacity, offers=offers)


def edition_publish(*, edition: Edition, actor: User) -> Edition:
    """Draft → published, once the edition is complete (`checks.edition_publish_problems`)."""
    with transaction.atomic(durable=True):
        locked = edition_lock(edition.pk)
        if locked.status != EditionStatus.DRAFT:
            raise CatalogueError("not_a_draft")
        problems = checks.edition_publish_problems(edition=locked)
        if problems:
            raise CatalogueError("edition_incomplete", problems=problems)
        return _edition_status(locked, EditionStatus.PUBLISHED, actor=actor)


def edition_unpublish(*, edition: Edition, actor: User) -> Edition:
    """Published → draft: it leaves the catalogue and takes no applications; the ones made
    stay as they are."""
    with transaction.atomic(durable=True):
        locked = edition_lock(edition.pk)
        if locked.status != EditionStatus.PUBLISHED:
            raise CatalogueError("not_published")
        return _edition_status(locked, EditionStatus.DRAFT, actor=actor)


def _edition_status(edition: Edition, status: str, *, actor: User) -> Edition:
    before = edition.status
    edition.status = status
    edition.save(update_fields=["status"])
    catalogue_log(
        subject=edition,
        action="edition.status",
        actor=actor,
        data={},
        from_state=before,
        to_state=status,
    )
    catalogue_changed()
    return edition


def edition_duplicate(
    *, edition: Edition, label: str, shift: DateShift, actor: User
) -> EditionDuplicated:
    """A new draft edition like this one, its dates moved by `shift`: the audiences with
    their quotas and eligibility, the programme days, the application questions, the
    certificate rule and the assessed work. No applications, attendance or certificates.
    The times that the change of the clocks made different come back to be told."""
    if not shift:
        raise CatalogueError("shift_invalid")
    label = label.strip()
    with transaction.atomic(durable=True):
        source = Edition.objects.select_related("programme").get(pk=edition.pk)
        if checks.label_taken(programme_id=source.programme_id, label=label):
            raise CatalogueError("label_taken", label=label)
        copy = _edition_copy(source, label=label, shift=shift)
        if copy.applications_open_at >= copy.applications_close_at or (
            copy.lottery_at is not None and copy.lottery_at < copy.applications_close_at
        ):
            raise CatalogueError("shift_out_of_order")
        copy.save()
        EditionAudience.objects.bulk_create(
            EditionAudience(
                edition=copy,
                audience_id=link.audience_id,
                **{name: getattr(link, name) for name in _AUDIENCE_FIELDS},
            )
            for link in source.audience_links.all()
        )
        days = Session.objects.bulk_create(
            Session(
                edition=copy,
                starts_at=shift.moment(session.starts_at),
                ends_at=shift.moment(session.ends_at),
                mandatory=session.mandatory,
                **{name: getattr(session, name) for name in _SESSION_TEXT_FIELDS},
            )
            for session in source.sessions.order_by("starts_at")
        )
        Assessment.objects.bulk_create(
            Assessment(
                edition=copy,
                **{name: getattr(work, name) for name in _ASSESSMENT_FIELDS},
            )
            for work in source.assessments.all()
        )
        Question.objects.bulk_create(
            Question(
                edition=copy,
                **{name: getattr(question, name) for name in _QUESTION_FIELDS},
            )
            for question in source.questions.all()
        )
        catalogue_log(
            subject=copy,
            action="edition.duplicated",
            actor=actor,
            to_state=copy.status,
            data={"from_edition": source.pk, "shift": shift.to_json()},
        )
        lottery_schedule(edition=copy)
        for day in days:
            reminders_schedule(session=day)
        catalogue_changed()
    return EditionDuplicated(edition=copy, clock_changes=_clock_changes(source, shift))


def _clock_changes(source: Edition, shift: DateShift) -> tuple[ClockChange, ...]:
    moments: list[tuple[str, datetime | None]] = [
        ("applications_open_at", source.applications_open_at),
        ("applications_close_at", source.applications_close_at),
        ("lottery_at", source.lottery_at),
    ]
    for session in source.sessions.order_by("starts_at"):
        moments += [("starts_at", session.starts_at), ("ends_at", session.ends_at)]
    found = (shift.clock_change(what, moment) for what, moment in moments if moment)
    return tuple(change for change in found if change is not None)


def _edition_copy(source: Edition, *, label: str, shift: DateShift) -> Edition:
    return Edition(
        programme=source.programme,
        label=label,
        status=EditionStatus.DRAFT,
        applications_open_at=shift.moment(source.applications_open_at),
        applications_close_at=shift.moment(source.applications_close_at),
        lottery_at=shift.moment(source.lottery_at) if source.lottery_at else None,
        capacity=source.capacity,
        selection_mode=source.selection_mode,
        fee_cents=source.fee_cents,
        fee_note_de=source.fee_note_de,
        fee_note_en=source.fee_note_en,
        credit_points=source.credit_points,
        language=source.language,
        certificate_rule=source.certificate_rule,
        waiting_list=source.waiting_list,
        offer_hours=source.offer_hours,
        retention_unaccepted_months=source.retention_unaccepted_months,
        retention_attendance_months=source.retention_attendance_months,
    )


# --- programme days ------------------------------------------------------------------------


def _session_set(session: Session, data: SessionInput) -> None:
    for name in _SESSION_FIELDS:
        value = getattr(data, name)
        setattr(session, name, value.strip() if isinstance(value, str) else value)


def session_create(*, edition: Edition, data: SessionInput, actor: User) -> Session:
    with transaction.atomic(durable=True):
        locked = edition_lock(edition.pk)
        session = Session(edition=locked)
        _session_set(session, data)
        raise_first(checks.session_problems(session=session))
        session.save()
        catalogue_log(
            subject=locked,
            action="session.added",
            actor=actor,
            data={"session": session.pk, **field_values(session, _SESSION_FIELDS)},
        )
        reminders_schedule(session=session)
        catalogue_changed()
    return session


def session_update(*, session: Session, data: SessionInput, actor: User) -> Session:
    with transaction.atomic(durable=True):
        locked = edition_lock(session.edition_id)
        session = Session.objects.get(pk=session.pk)
        session.edition = locked
        before = field_values(session, _SESSION_FIELDS)
        _session_set(session, data)
        raise_first(checks.session_problems(session=session))
        session.save()
        changes = changed_fields(before, field_values(session, _SESSION_FIELDS))
        if changes:
            catalogue_log(
                subject=locked,
                action="session.changed",
                actor=actor,
                data={"session": session.pk, **changes},
            )
        if "starts_at" in changes:
            reminders_schedule(session=session)
        catalogue_changed()
    return session


def session_delete(*, session: Session, actor: User) -> None:
    """Remove a programme day on which nobody's attendance was recorded yet."""
    with transaction.atomic(durable=True):
        locked = edition_lock(session.edition_id)
        session = Session.objects.get(pk=session.pk)
        records = Attendance.objects.filter(session=session).count()
        if records:
            raise CatalogueError("attendance_recorded", count=records)
        if locked.status == EditionStatus.PUBLISHED and locked.sessions.count() == 1:
            raise CatalogueError("last_session_of_published")
        catalogue_log(
            subject=locked,
            action="session.removed",
            actor=actor,
            data={"session": session.pk, **field_values(session, _SESSION_FIELDS)},
        )
        session.delete()
        catalogue_changed()
