"""Writes to the catalogue: the search text kept in step, and the organisers' changes to
programmes, editions and their days."""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from lifelong.accounts.models import User
from lifelong.attendance.models import Attendance
from lifelong.audit.services import audit_log
from lifelong.catalogue import checks
from lifelong.catalogue.errors import CatalogueError
from lifelong.catalogue.models import (
    Edition,
    EditionAudience,
    EditionSelectionMode,
    EditionStatus,
    Institution,
    Programme,
    Session,
)
from lifelong.certificates.models import Assessment
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.models import Question
from lifelong.enrolment.places import edition_lock
from lifelong.enrolment.services import edition_capacity_change
from lifelong.lib.i18n import LANGUAGE_CODES
from lifelong.lib.text import fold


def programme_search_text(programme: Programme) -> str:
    """Everything a visitor might type to find the programme, in both languages, folded."""
    parts: list[str] = [
        programme.title_de,
        programme.title_en,
        programme.summary_de,
        programme.summary_en,
        programme.description_de,
        programme.description_en,
    ]
    for code in LANGUAGE_CODES:
        with translation.override(code):
            parts.append(str(programme.get_format_display()))
    for institution in [programme.institution, *programme.partners.all()]:
        parts += [institution.name_de, institution.name_en, institution.slug]
    for topic in programme.topics.all():
        parts += [topic.name_de, topic.name_en]
    return " " + fold(" ".join(parts)) + " "


def programmes_reindex(*, programme_ids: Iterable[int]) -> None:
    ids = list(programme_ids)
    if not ids:
        return
    with transaction.atomic():
        programmes = (
            Programme.objects.filter(pk__in=ids)
            .select_related("institution")
            .prefetch_related("partners", "topics")
        )
        for programme in programmes:
            Programme.objects.filter(pk=programme.pk).update(
                search_text=programme_search_text(programme)
            )


# --- the organisers' back office ---------------------------------------------------------
#
# Every write below is one durable transaction that is logged with its actor. Editions and
# their days lock the edition first (as applications do), check again what the form checked
# (`checks.py`), then write; the catalogue revision moves with each save (`signals.py`).


@dataclass(frozen=True)
class ProgrammeInput:
    slug: str
    title_de: str
    title_en: str
    format: str
    summary_de: str = ""
    summary_en: str = ""
    description_de: str = ""
    description_en: str = ""
    topic_ids: frozenset[int] = frozenset()
    partner_ids: frozenset[int] = frozenset()


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

    def moment(self, moment: datetime) -> datetime:
        berlin = timezone.get_default_timezone()
        local = timezone.localtime(moment, berlin)
        return datetime.combine(self.day(local.date()), local.time(), tzinfo=berlin)

    def to_json(self) -> dict[str, int]:
        return {"years": self.years, "months": self.months, "days": self.days}


_PROGRAMME_FIELDS = (
    "slug",
    "title_de",
    "title_en",
    "summary_de",
    "summary_en",
    "description_de",
    "description_en",
    "format",
)
# Capacity is not among them: a change of places goes through `edition_capacity_change`.
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


def _plain(value: object) -> object:
    """A value as the log's JSON keeps it, the same however it was read or typed."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, frozenset | set):
        return sorted(value)
    return value


def _values(instance: object, fields: Iterable[str]) -> dict[str, object]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def _changes(before: dict[str, object], after: dict[str, object]) -> dict[str, list[object]]:
    """{field: [before, after]} for each field that changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def _raise_first(problems: list[CatalogueError]) -> None:
    if problems:
        raise problems[0]


def _log(
    *,
    subject: Programme | Edition,
    action: str,
    actor: User,
    data: dict[str, Any],
    from_state: str = "",
    to_state: str = "",
) -> None:
    institution_id = (
        subject.institution_id
        if isinstance(subject, Programme)
        else subject.programme.institution_id
    )
    audit_log(
        subject=subject,
        action=action,
        at=timezone.now(),
        actor=actor,
        institution_id=institution_id,
        from_state=from_state,
        to_state=to_state,
        data=data,
    )


# --- programmes ----------------------------------------------------------------------------


def _programme_write(programme: Programme, data: ProgrammeInput) -> None:
    for name in _PROGRAMME_FIELDS:
        setattr(programme, name, getattr(data, name).strip())
    _raise_first(checks.programme_problems(programme=programme))
    programme.save()
    programme.topics.set(data.topic_ids)
    programme.partners.set(data.partner_ids - {programme.institution_id})


def _slug_race(error: IntegrityError, slug: str, programme_id: int | None) -> CatalogueError:
    if checks.slug_taken(slug=slug, programme_id=programme_id):
        return CatalogueError("slug_taken")
    raise error


def programme_create(*, institution: Institution, data: ProgrammeInput, actor: User) -> Programme:
    programme = Programme(institution=institution)
    try:
        with transaction.atomic(durable=True):
            _programme_write(programme, data)
            _log(
                subject=programme,
                action="programme.created",
                actor=actor,
                data=_programme_values(programme),
            )
    except IntegrityError as error:  # the same short name, saved a moment earlier
        raise _slug_race(error, data.slug, None) from error
    return programme


def programme_update(*, programme: Programme, data: ProgrammeInput, actor: User) -> Programme:
    try:
        with transaction.atomic(durable=True):
            programme = Programme.objects.select_for_update().get(pk=programme.pk)
            before = _programme_values(programme)
            _programme_write(programme, data)
            changes = _changes(before, _programme_values(programme))
            if changes:
                _log(subject=programme, action="programme.changed", actor=actor, data=changes)
    except IntegrityError as error:
        raise _slug_race(error, data.slug, programme.pk) from error
    return programme


def _programme_values(programme: Programme) -> dict[str, object]:
    values = _values(programme, _PROGRAMME_FIELDS)
    values["topics"] = sorted(programme.topics.values_list("pk", flat=True))
    values["partners"] = sorted(programme.partners.values_list("pk", flat=True))
    return values


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
        before = _values(link, _AUDIENCE_FIELDS)
        for name in _AUDIENCE_FIELDS:
            setattr(link, name, getattr(wanted, name))
        if link.pk is None or before != _values(link, _AUDIENCE_FIELDS):
            link.save()
    for gone in links.values():
        gone.delete()


def _edition_values(edition: Edition) -> dict[str, object]:
    values = _values(edition, (*_EDITION_FIELDS, "capacity"))
    values["audiences"] = [
        {"audience": link.audience_id, **_values(link, _AUDIENCE_FIELDS)}
        for link in edition.audience_links.order_by("audience_id")
    ]
    return values


def edition_create(*, programme: Programme, data: EditionInput, actor: User) -> Edition:
    """A new edition of the programme, as a draft without programme days yet."""
    edition = Edition(programme=programme, status=EditionStatus.DRAFT, capacity=data.capacity)
    try:
        with transaction.atomic(durable=True):
            _edition_set(edition, data)
            _raise_first(checks.edition_problems(edition=edition, quotas=data.quotas))
            edition.save()
            _audiences_write(edition, data.audiences)
            _log(
                subject=edition,
                action="edition.created",
                actor=actor,
                data=_edition_values(edition),
                to_state=edition.status,
            )
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
    """Change an edition's settings and audiences; a new number of places then goes through
    `edition_capacity_change`, which offers new places to the waiting list.

    That second step is a transaction of its own (it is enrolment's, and durable). Both are
    checked before the first one writes; should places be taken in between so that the new
    number no longer fits, the other changes stay saved and "capacity_not_changed" says so.
    """
    try:
        with transaction.atomic(durable=True):
            locked = edition_lock(edition.pk)
            before = _edition_values(locked)
            old_capacity = locked.capacity
            _edition_set(locked, data)
            locked.capacity = data.capacity  # for the checks only; saved by the second step
            _raise_first(checks.edition_problems(edition=locked, quotas=data.quotas))
            locked.capacity = old_capacity
            locked.save(update_fields=list(_EDITION_FIELDS))
            _audiences_write(locked, data.audiences)
            changes = _changes(before, _edition_values(locked))
            if changes:
                _log(subject=locked, action="edition.changed", actor=actor, data=changes)
    except IntegrityError as error:
        raise _label_race(error, edition.programme_id, data.label, edition.pk) from error
    if data.capacity == old_capacity:
        return EditionUpdated()
    try:
        offers = edition_capacity_change(
            edition_id=edition.pk, capacity=data.capacity, actor=actor, reason=""
        )
    except EnrolmentError as error:
        raise CatalogueError("capacity_not_changed", reason=error.message) from error
    return EditionUpdated(capacity_changed=True, offers=offers)


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
    _log(
        subject=edition,
        action="edition.status",
        actor=actor,
        data={},
        from_state=before,
        to_state=status,
    )
    return edition


def edition_duplicate(*, edition: Edition, label: str, shift: DateShift, actor: User) -> Edition:
    """A new draft edition like this one, its dates moved by `shift`: the audiences with
    their quotas and eligibility, the programme days, the application questions, the
    certificate rule and the assessed work. No applications, attendance or certificates."""
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
        for session in source.sessions.order_by("starts_at"):
            # One by one, so that each new day gets its reminder scheduled (enrolment).
            Session.objects.create(
                edition=copy,
                starts_at=shift.moment(session.starts_at),
                ends_at=shift.moment(session.ends_at),
                mandatory=session.mandatory,
                **{name: getattr(session, name) for name in _SESSION_TEXT_FIELDS},
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
        _log(
            subject=copy,
            action="edition.duplicated",
            actor=actor,
            to_state=copy.status,
            data={"from_edition": source.pk, "shift": shift.to_json()},
        )
    return copy


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
        _raise_first(checks.session_problems(session=session))
        session.save()
        _log(
            subject=locked,
            action="session.added",
            actor=actor,
            data={"session": session.pk, **_values(session, _SESSION_FIELDS)},
        )
    return session


def session_update(*, session: Session, data: SessionInput, actor: User) -> Session:
    with transaction.atomic(durable=True):
        locked = edition_lock(session.edition_id)
        session = Session.objects.get(pk=session.pk)
        session.edition = locked
        before = _values(session, _SESSION_FIELDS)
        _session_set(session, data)
        _raise_first(checks.session_problems(session=session))
        session.save()
        changes = _changes(before, _values(session, _SESSION_FIELDS))
        if changes:
            _log(
                subject=locked,
                action="session.changed",
                actor=actor,
                data={"session": session.pk, **changes},
            )
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
        _log(
            subject=locked,
            action="session.removed",
            actor=actor,
            data={"session": session.pk, **_values(session, _SESSION_FIELDS)},
        )
        session.delete()
