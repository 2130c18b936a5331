"""Every change to an application. Each public function is one durable transaction that
locks the edition, recounts from the rows, then writes (docs/architecture.md, "Locking").
"""

import random
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from lifelong.accounts.models import User
from lifelong.audit.events import Reason
from lifelong.audit.models import AuditEvent
from lifelong.audit.services import audit_event, audit_log
from lifelong.catalogue.models import Edition
from lifelong.catalogue.privacy import privacy_notice_in_force
from lifelong.catalogue.revision import catalogue_revision_bump
from lifelong.enrolment.eligibility import Applicant, eligibility_check
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.models import (
    LIVE_STATES,
    PLACE_HOLDING_STATES,
    Application,
    ApplicationState,
    CheckinPass,
    LotteryDraw,
    NotificationKind,
)
from lifelong.enrolment.notifications import notification_queue
from lifelong.enrolment.passes import checkin_pass_add
from lifelong.enrolment.places import Places, edition_lock, edition_relock, places_count
from lifelong.enrolment.selectors import edition_awaits_draw
from lifelong.enrolment.states import transition_allowed
from lifelong.lib.metrics import APPLICATIONS

S = ApplicationState

# The e-mail each new state sends. Declining is the person's own act: the page confirms it.
_NOTIFY_ON_STATE: dict[str, str] = {
    S.ACCEPTED: NotificationKind.ACCEPTED,
    S.WAITLISTED: NotificationKind.WAITLISTED,
    S.OFFERED: NotificationKind.OFFERED,
    S.LAPSED: NotificationKind.LAPSED,
    S.REJECTED: NotificationKind.REJECTED,
    S.CANCELLED: NotificationKind.CANCELLED,
}


@dataclass(frozen=True)
class ApplicationInput:
    full_name: str
    email: str
    consent: bool
    audience_id: int | None = None
    organisation: str = ""
    date_of_birth: date | None = None
    student_confirmed: bool = False
    answers: dict[str, Any] = field(default_factory=dict)


# --- internals -------------------------------------------------------------------------


# A move to the state an application is in already is refused in words that say so, not as a
# change from "Accepted" to "Accepted".
_ALREADY: dict[str, str] = {S.ACCEPTED: "already_accepted", S.WAITLISTED: "already_waitlisted"}


def _refused(from_state: str, to_state: str) -> EnrolmentError:
    if from_state == to_state:
        return EnrolmentError(
            _ALREADY.get(from_state, "already_in_state"), state=S(from_state).label
        )
    return EnrolmentError(
        "invalid_transition", from_state=S(from_state).label, to=S(to_state).label
    )


def _move(
    application: Application,
    to_state: str,
    *,
    actor: User | None,
    now: datetime,
    reason: str | Reason = "",
    edition: Edition,
) -> None:
    """The only place an application's state changes: checked, logged, and told."""
    from_state = application.state
    if not transition_allowed(from_state, to_state):
        raise _refused(from_state, to_state)
    application.state = to_state
    application.state_changed_at = now
    if to_state != S.OFFERED:
        application.offer_expires_at = None
    if to_state != S.WAITLISTED:
        application.waitlist_rank = None
    application.save(
        update_fields=["state", "state_changed_at", "offer_expires_at", "waitlist_rank"]
    )
    audit_log(
        subject=application,
        action="application.state",
        at=now,
        actor=actor,
        institution_id=edition.programme.institution_id,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )
    if to_state == S.ACCEPTED:
        checkin_pass_add(application=application, now=now)
    if to_state in _NOTIFY_ON_STATE:
        notification_queue(application=application, kind=_NOTIFY_ON_STATE[to_state])


def _waitlist(
    application: Application,
    *,
    places: Places,
    edition: Edition,
    actor: User | None,
    now: datetime,
    reason: str | Reason,
) -> None:
    """Put the application at the end of the line (`places` keeps count of the ranks)."""
    places.last_rank += 1
    application.waitlist_rank = places.last_rank
    _move(application, S.WAITLISTED, actor=actor, now=now, reason=reason, edition=edition)


def _offer(application: Application, *, edition: Edition, now: datetime) -> None:
    application.offer_expires_at = now + timedelta(hours=edition.offer_hours)
    _move(
        application, S.OFFERED, actor=None, now=now, reason=Reason("place_freed"), edition=edition
    )
    offer_lapse_task.using(run_after=application.offer_expires_at).enqueue(application.pk)


def _refuse_before_the_draw(edition: Edition) -> None:
    """Applicants of a lottery edition are told that everyone who applies in time has the
    same chance: until the draw, nobody gets a place or a place in line any other way."""
    if edition_awaits_draw(edition):
        raise EnrolmentError("lottery_decides", at=edition.lottery_at)


def _fill_freed_places(edition: Edition, places: Places, *, now: datetime) -> int:
    """Offer free places to the waiting list in order, skipping people whose audience's
    quota is full (they keep their position for a place their quota allows). Before a
    lottery's draw nothing is offered: the draw gives the free places."""
    if edition_awaits_draw(edition):
        return 0
    offered = 0
    for candidate in Application.objects.filter(edition=edition, state=S.WAITLISTED).order_by(
        "waitlist_rank", "pk"
    ):
        if places.left == 0:
            break
        if places.problem_for(candidate.audience_id) is None:
            _offer(candidate, edition=edition, now=now)
            places.take(candidate.audience_id)
            offered += 1
    return offered


def _locked_application(application_id: int) -> tuple[Application, Edition]:
    edition_id = (
        Application.objects.filter(pk=application_id).values_list("edition_id", flat=True).first()
    )
    if edition_id is None:
        raise Application.DoesNotExist
    edition = edition_lock(edition_id)
    application = Application.objects.select_related("edition__programme").get(pk=application_id)
    return application, edition


def _release_place(
    application: Application,
    to_state: str,
    *,
    actor: User | None,
    reason: str | Reason,
    now: datetime,
) -> None:
    """Move an application to a final state and, if it held a place, pass the place on."""
    edition = application.edition
    held_place = application.state in PLACE_HOLDING_STATES
    _move(application, to_state, actor=actor, now=now, reason=reason, edition=edition)
    if held_place:
        catalogue_revision_bump()  # "places left" on public pages
        _fill_freed_places(edition, places_count(edition), now=now)


# --- applying --------------------------------------------------------------------------


def _check_window(edition: Edition, now: datetime) -> None:
    if edition.status != Edition.Status.PUBLISHED:
        raise EnrolmentError("not_published")
    if now < edition.applications_open_at:
        raise EnrolmentError("window_not_open")
    if now > edition.applications_close_at:
        raise EnrolmentError("deadline_passed")


def _check_audience(edition: Edition, data: ApplicationInput, today: date) -> None:
    links = {link.audience_id: link for link in edition.audience_links.all()}
    if not links:
        return
    if data.audience_id is None:
        raise EnrolmentError("audience_required")
    if data.audience_id not in links:
        raise EnrolmentError("audience_unknown")
    eligibility_check(
        link=links[data.audience_id],
        applicant=Applicant(
            email=data.email,
            date_of_birth=data.date_of_birth,
            student_confirmed=data.student_confirmed,
        ),
        today=today,
    )


def _arrival_state(
    edition: Edition, places: Places, audience_id: int | None
) -> tuple[str, str | Reason]:
    """The state a new application starts in, and why."""
    if edition.selection_mode != Edition.SelectionMode.FIRST_COME:
        return S.SUBMITTED, ""
    problem = places.problem_for(audience_id)
    if problem is None:
        return S.ACCEPTED, Reason("first_come")
    return S.WAITLISTED, Reason(problem)


def _is_second_live_application(error: IntegrityError) -> bool:
    # PostgreSQL names the constraint; SQLite names the columns of the unique index.
    text = str(error)
    return "application_one_live_per_person" in text or "enrolment_application.applicant_id" in text


def application_submit(*, edition: Edition, applicant: User, data: ApplicationInput) -> Application:
    """Apply for an edition. First come first served decides at once (accepted, or the
    waiting list); reviewed and lottery editions keep the application as submitted.

    Applications to one edition queue for its lock, so the locked part is kept to a few
    statements: the checks that do not depend on other applications run before it, the
    application is written straight in its first state, and its log entries in one INSERT.
    The edition may come from a cache (`selectors.edition_for_application`): what decides a
    place is read afresh under the lock.
    """
    arrived = timezone.now()
    _check_window(edition, arrived)
    _check_audience(edition, data, timezone.localdate(arrived))
    # Outside the edition's lock: the notice's version concerns no place.
    notice = privacy_notice_in_force(edition.programme.institution)
    try:
        with transaction.atomic(durable=True):
            edition_relock(edition)
            # Checked again in case an organiser unpublished the edition meanwhile, but with
            # the time of arrival: waiting for the lock never costs anyone the deadline.
            _check_window(edition, arrived)
            application = _application_create_locked(
                edition, applicant, data, arrived, privacy_notice_id=notice.pk
            )
    except IntegrityError as error:
        # One live application per person and edition is the database's rule (a partial
        # unique index), so a second one fails here, also when two arrive at once.
        if _is_second_live_application(error):
            raise EnrolmentError("already_applied") from error
        raise
    # Here the application is committed (the transaction above is durable): counted once.
    APPLICATIONS.labels(outcome=application.state).inc()
    if application.state == S.ACCEPTED:
        # After the commit, outside the lock: the revision row is shared by all editions.
        catalogue_revision_bump()  # "places left" on public pages
    return application


def _application_create_locked(
    edition: Edition,
    applicant: User,
    data: ApplicationInput,
    arrived: datetime,
    *,
    privacy_notice_id: int | None = None,
) -> Application:
    # The time under the lock orders applications as they were decided, so the waiting
    # list's ranks and the submission times always agree.
    now = timezone.now()
    places = places_count(edition)
    problem = places.problem_for(data.audience_id)
    is_first_come = edition.selection_mode == Edition.SelectionMode.FIRST_COME
    if problem and not edition.waiting_list and (is_first_come or places.left == 0):
        # Full, and nobody can wait: the form says so and takes nothing.
        raise EnrolmentError("edition_full" if problem == "no_place_left" else problem)
    state, reason = _arrival_state(edition, places, data.audience_id)
    keeps_age = any(
        link.min_age is not None and link.audience_id == data.audience_id
        for link in edition.audience_links.all()
    )
    application = Application.objects.create(
        edition=edition,
        applicant=applicant,
        audience_id=data.audience_id,
        state=state,
        waitlist_rank=places.last_rank + 1 if state == S.WAITLISTED else None,
        full_name=data.full_name.strip(),
        email=data.email,
        organisation=data.organisation.strip(),
        date_of_birth=data.date_of_birth if keeps_age else None,
        student_confirmed=data.student_confirmed,
        answers=data.answers,
        consented_at=arrived,
        privacy_notice_id=privacy_notice_id,
        submitted_at=now,
        state_changed_at=now,
    )
    institution_id = edition.programme.institution_id
    events = [
        audit_event(
            subject=application,
            action="application.submitted",
            at=now,
            actor=applicant,
            institution_id=institution_id,
            to_state=S.SUBMITTED,
        )
    ]
    if state != S.SUBMITTED:
        assert transition_allowed(S.SUBMITTED, state)  # noqa: S101
        events.append(
            audit_event(
                subject=application,
                action="application.state",
                at=now,
                institution_id=institution_id,
                from_state=S.SUBMITTED,
                to_state=state,
                reason=reason,
            )
        )
    AuditEvent.objects.bulk_create(events)
    if state == S.ACCEPTED:
        checkin_pass_add(application=application, now=now)
    notification_queue(
        application=application,
        kind=_NOTIFY_ON_STATE.get(state, NotificationKind.RECEIVED),
    )
    return application


# --- the participant's answers ---------------------------------------------------------


def _own_application(application_id: int, applicant: User) -> tuple[Application, Edition]:
    application, edition = _locked_application(application_id)
    if application.applicant_id != applicant.pk:
        raise Application.DoesNotExist
    return application, edition


def offer_accept(*, application_id: int, applicant: User) -> Application:
    with transaction.atomic(durable=True):
        application, edition = _own_application(application_id, applicant)
        now = timezone.now()
        # Only an offer can be accepted by its person; every other way to a place goes
        # through the selection (first come, an organiser, the lottery).
        if application.state == S.ACCEPTED:
            raise EnrolmentError("place_already_yours")
        if application.state != S.OFFERED:
            raise _refused(application.state, S.ACCEPTED)
        if application.offer_expires_at and now > application.offer_expires_at:
            raise EnrolmentError("offer_lapsed")
        _move(
            application,
            S.ACCEPTED,
            actor=applicant,
            now=now,
            reason=Reason("offer_accepted"),
            edition=edition,
        )
        return application


def offer_decline(*, application_id: int, applicant: User) -> Application:
    with transaction.atomic(durable=True):
        application, _edition = _own_application(application_id, applicant)
        if application.state != S.OFFERED:
            raise EnrolmentError(
                "invalid_transition",
                from_state=S(application.state).label,
                to=S.DECLINED.label,
            )
        _release_place(
            application,
            S.DECLINED,
            actor=applicant,
            reason=Reason("offer_declined"),
            now=timezone.now(),
        )
        return application


def application_cancel(*, application_id: int, applicant: User) -> Application:
    with transaction.atomic(durable=True):
        application, _edition = _own_application(application_id, applicant)
        _release_place(
            application,
            S.CANCELLED,
            actor=applicant,
            reason=Reason("cancelled_by_participant"),
            now=timezone.now(),
        )
        return application


def offer_lapse(*, application_id: int) -> bool:
    """Run by the scheduled task at the offer's deadline. Does nothing if the person has
    answered in time, so running it twice (or late) is harmless."""
    with transaction.atomic(durable=True):
        try:
            application, _edition = _locked_application(application_id)
        except Application.DoesNotExist:
            return False
        now = timezone.now()
        if application.state != S.OFFERED or (
            application.offer_expires_at and application.offer_expires_at > now
        ):
            return False
        _release_place(
            application, S.LAPSED, actor=None, reason=Reason("offer_not_answered"), now=now
        )
        return True


def applications_release_of_person(*, applicant: User) -> int:
    """Cancel every live application of a person who is being erased, inside the caller's
    transaction: each place they held goes to the waiting list as after any cancellation.
    Editions are locked in order of their id, so that two such calls cannot deadlock.
    Returns how many applications were cancelled."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("applications_release_of_person needs a transaction")
    live = (
        Application.objects.filter(applicant=applicant, state__in=LIVE_STATES)
        .order_by("edition_id", "pk")
        .values_list("pk", flat=True)
    )
    cancelled = 0
    for application_id in list(live):
        application, _edition = _locked_application(application_id)
        if application.state not in LIVE_STATES:
            continue  # moved meanwhile (we hold no lock on it until its edition's)
        _release_place(
            application,
            S.CANCELLED,
            actor=None,
            reason=Reason("person_erased"),
            now=timezone.now(),
        )
        cancelled += 1
    return cancelled


# --- the organisers' decisions ---------------------------------------------------------

ORGANISER_DECISIONS = (S.ACCEPTED, S.WAITLISTED, S.REJECTED, S.CANCELLED)


def application_decide(
    *, application_id: int, to_state: str, actor: User, reason: str = ""
) -> Application:
    """An organiser accepts, waitlists, rejects or cancels an application. Before a
    lottery's draw only rejecting and cancelling are theirs (`_refuse_before_the_draw`)."""
    with transaction.atomic(durable=True):
        application, edition = _locked_application(application_id)
        now = timezone.now()
        if to_state not in ORGANISER_DECISIONS or not transition_allowed(
            application.state, to_state
        ):
            raise _refused(application.state, to_state)
        if to_state in (S.ACCEPTED, S.WAITLISTED):
            _refuse_before_the_draw(edition)
        if to_state == S.ACCEPTED:
            if application.state != S.OFFERED:
                places = places_count(edition)
                problem = places.problem_for(application.audience_id)
                if problem == "no_place_left":
                    raise EnrolmentError(problem, capacity=edition.capacity)
                if problem:
                    raise EnrolmentError(problem)
                catalogue_revision_bump()
            _move(application, S.ACCEPTED, actor=actor, now=now, reason=reason, edition=edition)
        elif to_state == S.WAITLISTED:
            _waitlist(
                application,
                places=places_count(edition),
                edition=edition,
                actor=actor,
                now=now,
                reason=reason,
            )
        else:
            _release_place(application, to_state, actor=actor, reason=reason, now=now)
        return application


@dataclass(frozen=True)
class BulkDecision:
    decided: list[Application]
    refused: list[tuple[Application, str]]  # with the reason, in the reader's language


def applications_decide(
    *, edition: Edition, application_ids: list[int], to_state: str, actor: User, reason: str = ""
) -> BulkDecision:
    """Decides on several applications of one edition, in the order given, each in its own
    transaction: when places run out half-way, those decided stay decided and the rest are
    reported with the reason."""
    decided: list[Application] = []
    refused: list[tuple[Application, str]] = []
    in_edition = Application.objects.filter(edition=edition, pk__in=application_ids)
    by_id = {application.pk: application for application in in_edition}
    for application_id in dict.fromkeys(application_ids):
        if application_id not in by_id:
            continue
        try:
            decided.append(
                application_decide(
                    application_id=application_id, to_state=to_state, actor=actor, reason=reason
                )
            )
        except EnrolmentError as error:
            refused.append((by_id[application_id], error.message))
    return BulkDecision(decided=decided, refused=refused)


def waitlist_move(*, application_id: int, position: int, actor: User, reason: str) -> list[int]:
    """Put a waitlisted person at a new position (1 = next in line). Returns the new order."""
    if not reason.strip():
        raise EnrolmentError("reason_required")
    with transaction.atomic(durable=True):
        application, edition = _locked_application(application_id)
        _refuse_before_the_draw(edition)
        if application.state != S.WAITLISTED:
            raise EnrolmentError(
                "invalid_transition", from_state=S(application.state).label, to=S.WAITLISTED.label
            )
        line = list(
            Application.objects.filter(edition=edition, state=S.WAITLISTED).order_by(
                "waitlist_rank", "pk"
            )
        )
        if not 1 <= position <= len(line):
            raise EnrolmentError("position_invalid", count=len(line))
        old_position = next(i for i, a in enumerate(line, 1) if a.pk == application.pk)
        line.pop(old_position - 1)
        line.insert(position - 1, application)
        first_rank = min(a.waitlist_rank or 0 for a in line)
        for offset, item in enumerate(line):
            item.waitlist_rank = first_rank + offset
        Application.objects.bulk_update(line, ["waitlist_rank"])
        audit_log(
            subject=application,
            action="waitlist.moved",
            at=timezone.now(),
            actor=actor,
            institution_id=edition.programme.institution_id,
            reason=reason.strip(),
            data={"from_position": old_position, "to_position": position},
        )
        # A move may bring someone whose quota allows a free place to the front.
        _fill_freed_places(edition, places_count(edition), now=timezone.now())
        return [a.pk for a in line]


def edition_capacity_change(*, edition_id: int, capacity: int, actor: User, reason: str) -> int:
    """Change the number of places. Raising it offers the new places to the waiting list;
    returns how many offers went out."""
    with transaction.atomic(durable=True):
        edition = edition_lock(edition_id)
        return capacity_set(
            edition=edition, capacity=capacity, actor=actor, reason=reason, now=timezone.now()
        )


def capacity_set(
    *, edition: Edition, capacity: int, actor: User, reason: str, now: datetime
) -> int:
    """The work of `edition_capacity_change`, inside a transaction that holds the edition's
    lock (`edition_lock`): so that changing an edition with its places is one transaction."""
    places = places_count(edition)
    if capacity < max(places.taken, 1):
        raise EnrolmentError("capacity_below_taken", taken=places.taken)
    old = edition.capacity
    edition.capacity = capacity
    edition.save(update_fields=["capacity"])
    audit_log(
        subject=edition,
        action="edition.capacity",
        at=now,
        actor=actor,
        institution_id=edition.programme.institution_id,
        from_state=str(old),
        to_state=str(capacity),
        reason=reason.strip(),
    )
    catalogue_revision_bump()  # "places left" on public pages
    places.capacity = capacity
    return _fill_freed_places(edition, places, now=now)


# --- the selection mode ----------------------------------------------------------------


def selection_mode_changed(
    *, edition: Edition, from_mode: str, actor: User | None, now: datetime
) -> int:
    """Log that the edition's selection mode changed from `from_mode` to the one it has now,
    and tell everyone whose application awaits the selection by e-mail; inside the
    transaction that changed it. Returns how many people are told."""
    waiting = list(Application.objects.filter(edition=edition, state=S.SUBMITTED))
    change = audit_log(
        subject=edition,
        action="edition.selection",
        at=now,
        actor=actor,
        institution_id=edition.programme.institution_id,
        from_state=from_mode,
        to_state=edition.selection_mode,
        data={"told": len(waiting)},
    )
    for application in waiting:
        # One e-mail per change, named by its log entry: someone told of an earlier change
        # is told of this one too, and both e-mails stay on record.
        notification_queue(
            application=application,
            kind=NotificationKind.SELECTION,
            occasion=f"selection-{change.pk}",
        )
    return len(waiting)


# --- the lottery -----------------------------------------------------------------------


def lottery_order(*, candidate_ids: list[int], seed: str) -> list[int]:
    """The drawn order. Pure: anyone with the candidates and the seed can check a draw."""
    drawn = sorted(candidate_ids)
    random.Random(seed).shuffle(drawn)  # noqa: S311  (fair, reproducible; not a secret)
    return drawn


def lottery_draw(*, edition_id: int, seed: str | None = None) -> LotteryDraw:
    """Draw the places of a lottery edition: in drawn order, each person gets a place if
    one is left for their audience, else joins the waiting list in drawn order. Once per
    edition; a second call returns the first draw."""
    with transaction.atomic(durable=True):
        edition = edition_lock(edition_id)
        existing = LotteryDraw.objects.filter(edition=edition).first()
        if existing is not None:
            return existing
        if edition.selection_mode != Edition.SelectionMode.LOTTERY or edition.lottery_at is None:
            raise EnrolmentError("not_a_lottery")
        now = timezone.now()
        if now < edition.lottery_at:
            raise EnrolmentError("lottery_not_due", at=edition.lottery_at)
        candidates = list(
            Application.objects.filter(edition=edition, state=S.SUBMITTED).values_list(
                "pk", flat=True
            )
        )
        seed = seed or secrets.token_hex(16)
        drawn_ids = lottery_order(candidate_ids=candidates, seed=seed)
        draw = LotteryDraw.objects.create(
            edition=edition,
            drawn_at=now,
            seed=seed,
            candidate_ids=sorted(candidates),
            drawn_ids=drawn_ids,
        )
        audit_log(
            subject=edition,
            action="lottery.drawn",
            at=now,
            institution_id=edition.programme.institution_id,
            data={"seed": seed, "candidates": len(candidates)},
        )
        by_id = Application.objects.select_related("edition__programme").in_bulk(drawn_ids)
        places = places_count(edition)
        for number, application_id in enumerate(drawn_ids, 1):
            application = by_id[application_id]
            reason = Reason("lottery_drawn", {"number": number, "count": len(drawn_ids)})
            if places.problem_for(application.audience_id) is None:
                _move(application, S.ACCEPTED, actor=None, now=now, reason=reason, edition=edition)
                places.take(application.audience_id)
            elif edition.waiting_list:
                _waitlist(
                    application, places=places, edition=edition, actor=None, now=now, reason=reason
                )
            else:
                _move(application, S.REJECTED, actor=None, now=now, reason=reason, edition=edition)
        catalogue_revision_bump()
        return draw


# --- the check-in pass -----------------------------------------------------------------


def checkin_pass_replace(*, application: Application, actor: User) -> CheckinPass:
    """A new pass for a lost or shared one (or the first, for a place accepted before passes
    came with it); the old code stops working at once."""
    if application.state != S.ACCEPTED:
        raise EnrolmentError("no_place")
    with transaction.atomic(durable=True):
        now = timezone.now()
        CheckinPass.objects.filter(application=application, revoked_at=None).update(revoked_at=now)
        new_pass = checkin_pass_add(application=application, now=now)
        audit_log(
            subject=application,
            action="pass.replaced",
            at=now,
            actor=actor,
            institution_id=application.edition.programme.institution_id,
        )
    return new_pass


# --- timed work --------------------------------------------------------------------------
# Tasks run by `manage.py db_worker`, declared beside the services they run (so that the
# services that queue them need no import of a tasks module that imports them back). Thin:
# each takes ids and is safe to run twice or late.


@task()
def offer_lapse_task(application_id: int) -> bool:
    return offer_lapse(application_id=application_id)


@task()
def lottery_draw_task(edition_id: int) -> str:
    try:
        return lottery_draw(edition_id=edition_id).seed
    except EnrolmentError as error:
        # Moved to a later time or switched to another mode: the edition's new
        # schedule has a task of its own.
        return error.code


def lottery_schedule(*, edition: Edition) -> None:
    """Queue the draw of a lottery edition for its time; inside the transaction that set it.
    A draw queued for a time since changed finds the lottery not due (or done) and stops."""
    if edition.selection_mode != Edition.SelectionMode.LOTTERY or edition.lottery_at is None:
        return
    lottery_draw_task.using(run_after=edition.lottery_at).enqueue(edition.pk)
