"""Freed places go to the waiting list as offers that lapse; organisers reorder and resize."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from lifelong.audit.models import AuditEvent
from lifelong.enrolment import services
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.models import Application, ApplicationState, Notification
from lifelong.enrolment.selectors import edition_waitlist
from tests.enrolment.helpers import apply, make_open_edition, make_organiser, refreshed, run_tasks
from tests.factories import make_audience

S = ApplicationState
pytestmark = pytest.mark.django_db


def _full_edition(waiting: int = 2, **fields):
    edition = make_open_edition(capacity=1, **fields)
    accepted = apply(edition)
    line = [apply(edition) for _ in range(waiting)]
    return edition, accepted, line


def test_it_offers_a_cancelled_place_to_the_first_in_line():
    _edition, accepted, (first, second) = _full_edition(offer_hours=48)
    services.application_cancel(application_id=accepted.pk, applicant=accepted.applicant)
    first = refreshed(first)
    assert first.offer_expires_at is not None
    assert first.state == S.OFFERED
    assert first.offer_expires_at - timezone.now() == pytest.approx(
        timedelta(hours=48), abs=timedelta(seconds=5)
    )
    assert refreshed(second).state == S.WAITLISTED


def test_it_gives_the_place_to_whoever_accepts_the_offer():
    _edition, accepted, (first, _second) = _full_edition()
    services.application_cancel(application_id=accepted.pk, applicant=accepted.applicant)
    services.offer_accept(application_id=first.pk, applicant=first.applicant)
    assert refreshed(first).state == S.ACCEPTED


def test_it_passes_a_declined_offer_to_the_next_person():
    _edition, accepted, (first, second) = _full_edition()
    services.application_cancel(application_id=accepted.pk, applicant=accepted.applicant)
    services.offer_decline(application_id=first.pk, applicant=first.applicant)
    assert refreshed(first).state == S.DECLINED
    assert refreshed(second).state == S.OFFERED


def test_it_lets_a_lapsed_offer_pass_on_by_the_scheduled_task():
    _edition, accepted, (first, second) = _full_edition(offer_hours=72)
    services.application_cancel(application_id=accepted.pk, applicant=accepted.applicant)
    run_tasks()  # sends the e-mails; the lapse task is not due yet
    assert refreshed(first).state == S.OFFERED
    with time_machine.travel(timezone.now() + timedelta(hours=72, seconds=1)):
        run_tasks()
    assert refreshed(first).state == S.LAPSED
    assert refreshed(second).state == S.OFFERED
    lapse = AuditEvent.objects.get(subject_id=first.pk, to_state=S.LAPSED)
    assert lapse.actor is None and lapse.reason_code == "offer_not_answered"
    lapsed_mail = Notification.objects.get(application=first, kind="lapsed")
    assert lapsed_mail.sent_at is not None
    assert any(m.to == [first.email] and "verfallen" in m.subject for m in mail.outbox)


def test_it_refuses_to_accept_an_offer_after_its_deadline():
    _edition, accepted, (first, _second) = _full_edition(offer_hours=1)
    services.application_cancel(application_id=accepted.pk, applicant=accepted.applicant)
    with (
        time_machine.travel(timezone.now() + timedelta(hours=2)),
        pytest.raises(EnrolmentError) as raised,
    ):
        services.offer_accept(application_id=first.pk, applicant=first.applicant)
    assert raised.value.code == "offer_lapsed"


def test_it_leaves_an_answered_offer_alone_when_the_lapse_task_runs():
    _edition, accepted, (first, _second) = _full_edition(offer_hours=1)
    services.application_cancel(application_id=accepted.pk, applicant=accepted.applicant)
    services.offer_accept(application_id=first.pk, applicant=first.applicant)
    assert services.offer_lapse(application_id=first.pk) is False
    assert refreshed(first).state == S.ACCEPTED


def test_it_offers_new_places_when_an_organiser_raises_the_capacity():
    edition = make_open_edition(capacity=30)
    for _ in range(45):
        apply(edition)
    organiser = make_organiser(edition)
    offers = services.edition_capacity_change(
        edition_id=edition.pk, capacity=40, actor=organiser, reason="high demand"
    )
    assert offers == 10
    counts = {
        state: Application.objects.filter(edition=edition, state=state).count()
        for state in S.values
    }
    assert (counts[S.ACCEPTED], counts[S.OFFERED], counts[S.WAITLISTED]) == (30, 10, 5)
    event = AuditEvent.objects.get(action="edition.capacity")
    assert (event.from_state, event.to_state, event.reason, event.actor) == (
        "30",
        "40",
        "high demand",
        organiser,
    )


def test_it_refuses_fewer_places_than_are_taken():
    edition = make_open_edition(capacity=3)
    for _ in range(3):
        apply(edition)
    with pytest.raises(EnrolmentError) as raised:
        services.edition_capacity_change(
            edition_id=edition.pk, capacity=2, actor=make_organiser(edition), reason="smaller room"
        )
    assert raised.value.code == "capacity_below_taken"
    edition.refresh_from_db()
    assert edition.capacity == 3


def test_it_skips_people_whose_quota_is_full_when_offering():
    city, science = make_audience(), make_audience()
    edition = make_open_edition(capacity=2, audiences={city: 1, science: None})
    apply(edition, audience=city)
    accepted_science = apply(edition, audience=science)
    waiting_city = apply(edition, audience=city)  # quota full
    waiting_science = apply(edition, audience=science)  # no place
    services.application_cancel(
        application_id=accepted_science.pk, applicant=accepted_science.applicant
    )
    assert refreshed(waiting_city).state == S.WAITLISTED
    assert refreshed(waiting_science).state == S.OFFERED


def test_it_lets_an_organiser_reorder_the_waiting_list_with_a_logged_reason():
    edition, _accepted, line = _full_edition(waiting=3)
    organiser = make_organiser(edition)
    order = services.waitlist_move(
        application_id=line[2].pk, position=1, actor=organiser, reason="hardship case"
    )
    assert order == [line[2].pk, line[0].pk, line[1].pk]
    assert [a.pk for a in edition_waitlist(edition=edition)] == order
    event = AuditEvent.objects.get(action="waitlist.moved")
    assert event.data == {"from_position": 3, "to_position": 1}
    assert (event.reason, event.actor) == ("hardship case", organiser)


def test_it_needs_a_reason_to_reorder():
    edition, _accepted, line = _full_edition(waiting=2)
    with pytest.raises(EnrolmentError) as raised:
        services.waitlist_move(
            application_id=line[1].pk, position=1, actor=make_organiser(edition), reason=" "
        )
    assert raised.value.code == "reason_required"


def test_it_puts_newcomers_behind_a_reordered_waiting_list():
    edition, _accepted, line = _full_edition(waiting=2)
    services.waitlist_move(
        application_id=line[1].pk, position=1, actor=make_organiser(edition), reason="x"
    )
    newcomer = apply(edition)
    assert [a.pk for a in edition_waitlist(edition=edition)] == [
        line[1].pk,
        line[0].pk,
        newcomer.pk,
    ]


def test_it_accepts_reviewed_applications_only_while_places_last():
    edition = make_open_edition(capacity=1, selection_mode="reviewed")
    organiser = make_organiser(edition)
    first, second = apply(edition), apply(edition)
    services.application_decide(application_id=first.pk, to_state=S.ACCEPTED, actor=organiser)
    with pytest.raises(EnrolmentError) as raised:
        services.application_decide(application_id=second.pk, to_state=S.ACCEPTED, actor=organiser)
    assert raised.value.code == "no_place_left"
    services.application_decide(
        application_id=second.pk, to_state=S.WAITLISTED, actor=organiser, reason="next in line"
    )
    assert refreshed(second).state == S.WAITLISTED
    services.application_decide(
        application_id=first.pk, to_state=S.CANCELLED, actor=organiser, reason="moved away"
    )
    assert refreshed(second).state == S.OFFERED
