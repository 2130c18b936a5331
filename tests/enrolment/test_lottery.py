"""The lottery: seeded, reproducible, quota-aware, once per edition, run by the worker."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from lifelong.audit.models import AuditEvent
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.models import Application, ApplicationState, LotteryDraw
from lifelong.enrolment.selectors import edition_waitlist
from lifelong.enrolment.services import lottery_draw, lottery_order, lottery_schedule
from tests.enrolment.helpers import apply, make_open_edition, run_tasks
from tests.factories import make_audience

S = ApplicationState
pytestmark = pytest.mark.django_db


def _lottery_edition(**fields):
    now = timezone.now()
    return make_open_edition(
        selection_mode="lottery",
        applications_close_at=now + timedelta(days=1),
        lottery_at=now + timedelta(days=2),
        **fields,
    )


def _after_the_draw_time(edition):
    return time_machine.travel(edition.lottery_at + timedelta(minutes=1))


def test_it_gives_the_same_order_for_the_same_seed_and_another_for_another():
    ids = list(range(1, 51))
    assert lottery_order(candidate_ids=ids, seed="abc") == lottery_order(
        candidate_ids=ids[::-1], seed="abc"
    )
    assert lottery_order(candidate_ids=ids, seed="abc") != lottery_order(
        candidate_ids=ids, seed="abd"
    )
    assert sorted(lottery_order(candidate_ids=ids, seed="abc")) == ids


def test_it_fills_the_places_in_drawn_order_and_waitlists_the_rest_in_that_order():
    edition = _lottery_edition(capacity=3)
    applications = [apply(edition) for _ in range(8)]
    assert {a.state for a in applications} == {S.SUBMITTED}
    with _after_the_draw_time(edition):
        draw = lottery_draw(edition_id=edition.pk, seed="fixed-seed")
    assert draw.drawn_ids == lottery_order(
        candidate_ids=[a.pk for a in applications], seed="fixed-seed"
    )
    states = dict(Application.objects.filter(edition=edition).values_list("pk", "state"))
    assert [states[pk] for pk in draw.drawn_ids] == [S.ACCEPTED] * 3 + [S.WAITLISTED] * 5
    assert [a.pk for a in edition_waitlist(edition=edition)] == draw.drawn_ids[3:]


def test_it_respects_quotas_in_the_draw():
    city, science = make_audience(), make_audience()
    edition = _lottery_edition(capacity=4, audiences={city: 1, science: None})
    for _ in range(6):
        apply(edition, audience=city)
    for _ in range(2):
        apply(edition, audience=science)
    with _after_the_draw_time(edition):
        lottery_draw(edition_id=edition.pk)
    accepted = Application.objects.filter(edition=edition, state=S.ACCEPTED)
    assert accepted.filter(audience=city).count() == 1
    assert accepted.filter(audience=science).count() == 2


def test_it_draws_once_and_returns_the_first_draw_again():
    edition = _lottery_edition(capacity=1)
    for _ in range(3):
        apply(edition)
    with _after_the_draw_time(edition):
        first = lottery_draw(edition_id=edition.pk)
        second = lottery_draw(edition_id=edition.pk)
    assert first.pk == second.pk
    assert LotteryDraw.objects.count() == 1
    assert AuditEvent.objects.filter(action="lottery.drawn").count() == 1


def test_it_refuses_to_draw_before_the_set_time():
    edition = _lottery_edition()
    with pytest.raises(EnrolmentError) as raised:
        lottery_draw(edition_id=edition.pk)
    assert raised.value.code == "lottery_not_due"


def test_it_draws_by_the_scheduled_task_at_the_set_time():
    edition = _lottery_edition(capacity=2)
    lottery_schedule(edition=edition)  # as the office does when it saves the edition
    for _ in range(4):
        apply(edition)
    run_tasks()
    assert not LotteryDraw.objects.exists()
    with _after_the_draw_time(edition):
        run_tasks()
    draw = LotteryDraw.objects.get(edition=edition)
    assert len(draw.seed) == 32
    assert Application.objects.filter(edition=edition, state=S.ACCEPTED).count() == 2
    event = AuditEvent.objects.get(action="lottery.drawn")
    assert event.data == {"seed": draw.seed, "candidates": 4}


def test_it_shows_the_drawn_position_as_the_reason_in_the_log(client):
    from tests.enrolment.helpers import make_organiser

    edition = _lottery_edition(capacity=1)
    apply(edition)
    with _after_the_draw_time(edition):
        lottery_draw(edition_id=edition.pk)
    client.force_login(make_organiser(edition))
    page = client.get(f"/de/staff/editions/{edition.pk}/").content.decode()
    assert "Losverfahren: gezogen als 1 von 1" in page
    assert "Verlosung unter 1 Bewerbung<" in page.replace("\n", "").replace("  ", "")
