"""Every allowed transition works and is logged; every other one is refused and changes
nothing. Goes through the services' single state-changing function."""

import itertools

import pytest
from django.db import transaction
from django.utils import timezone

from lifelong.audit.models import AuditEvent
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.models import Application, ApplicationState
from lifelong.enrolment.services import _move
from lifelong.enrolment.states import TRANSITIONS, transition_allowed
from tests.enrolment.helpers import apply, make_open_edition, make_user

S = ApplicationState
ALLOWED = {
    (S.SUBMITTED, S.ACCEPTED),
    (S.SUBMITTED, S.WAITLISTED),
    (S.SUBMITTED, S.REJECTED),
    (S.SUBMITTED, S.CANCELLED),
    (S.WAITLISTED, S.OFFERED),
    (S.WAITLISTED, S.ACCEPTED),
    (S.WAITLISTED, S.REJECTED),
    (S.WAITLISTED, S.CANCELLED),
    (S.OFFERED, S.ACCEPTED),
    (S.OFFERED, S.DECLINED),
    (S.OFFERED, S.LAPSED),
    (S.OFFERED, S.CANCELLED),
    (S.ACCEPTED, S.CANCELLED),
}
ALL_PAIRS = list(itertools.product(S.values, S.values))
# A move to the state an application is in already says so ("already has a place").
REFUSAL_CODES = {(state, state): "already_in_state" for state in S.values} | {
    (S.ACCEPTED, S.ACCEPTED): "already_accepted",
    (S.WAITLISTED, S.WAITLISTED): "already_waitlisted",
}


def test_it_lists_exactly_the_allowed_transitions():
    table = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert table == ALLOWED
    assert set(TRANSITIONS) == set(S.values)


@pytest.mark.parametrize(("from_state", "to_state"), ALL_PAIRS)
@pytest.mark.django_db
def test_it_allows_or_refuses_each_transition(from_state, to_state):
    edition = make_open_edition(selection_mode="reviewed")
    application = apply(edition, make_user())
    Application.objects.filter(pk=application.pk).update(
        state=from_state,
        waitlist_rank=1,  # satisfies the constraints of every state
        offer_expires_at=timezone.now(),
    )
    application.refresh_from_db()
    events_before = AuditEvent.objects.count()
    if (from_state, to_state) in ALLOWED:
        with transaction.atomic():
            if to_state == S.WAITLISTED:
                application.waitlist_rank = 5
            if to_state == S.OFFERED:
                application.offer_expires_at = timezone.now()
            _move(application, to_state, actor=None, now=timezone.now(), edition=edition)
        application.refresh_from_db()
        assert application.state == to_state
        event = AuditEvent.objects.latest("pk")
        assert (event.from_state, event.to_state) == (from_state, to_state)
    else:
        assert not transition_allowed(from_state, to_state)
        with pytest.raises(EnrolmentError) as raised, transaction.atomic():
            _move(application, to_state, actor=None, now=timezone.now(), edition=edition)
        assert raised.value.code == REFUSAL_CODES.get((from_state, to_state), "invalid_transition")
        application.refresh_from_db()
        assert application.state == from_state
        assert AuditEvent.objects.count() == events_before
