"""The office's edition and day services schedule enrolment's timed work themselves (no
signal does it): a lottery draw for a lottery edition, a reminder for every future day, and
the search text and catalogue revision move with every write."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lifelong.catalogue.revision import catalogue_revision
from lifelong.enrolment.notifications import session_reminders_task
from lifelong.enrolment.services import lottery_draw_task
from lifelong.office.editions import (
    DateShift,
    EditionInput,
    SessionInput,
    edition_create,
    edition_duplicate,
    session_create,
    session_update,
)
from tests.factories import make_edition, make_programme
from tests.office.staff_helpers import organiser_of

pytestmark = pytest.mark.django_db


def queued(task):
    return list(DBTaskResult.objects.filter(task_path=task.module_path))


def test_it_schedules_the_draw_when_it_creates_a_lottery_edition():
    programme = make_programme()
    now = timezone.now()
    edition = edition_create(
        programme=programme,
        data=EditionInput(
            label="2031",
            applications_open_at=now,
            applications_close_at=now + timedelta(days=10),
            capacity=20,
            language="de",
            selection_mode="lottery",
            lottery_at=now + timedelta(days=11),
        ),
        actor=organiser_of(programme.institution),
    )
    (draw,) = queued(lottery_draw_task)
    assert draw.args_kwargs["args"] == [edition.pk]
    assert draw.run_after == edition.lottery_at


def test_it_schedules_a_reminder_for_a_new_day_and_again_for_a_moved_one():
    edition = make_edition(first_session=timezone.now() + timedelta(days=60))
    organiser = organiser_of(edition.programme.institution)
    starts = timezone.now() + timedelta(days=90)
    day = session_create(
        edition=edition,
        data=SessionInput(starts_at=starts, ends_at=starts + timedelta(hours=3)),
        actor=organiser,
    )
    assert [task.args_kwargs["args"][0] for task in queued(session_reminders_task)] == [day.pk]
    later = starts + timedelta(days=7)
    session_update(
        session=day,
        data=SessionInput(starts_at=later, ends_at=later + timedelta(hours=3)),
        actor=organiser,
    )
    moments = sorted(task.args_kwargs["args"][1] for task in queued(session_reminders_task))
    assert moments == sorted([starts.isoformat(), later.isoformat()])


def test_it_schedules_every_copied_day_of_a_duplicate():
    edition = make_edition(first_session=timezone.now() + timedelta(days=60), session_count=4)
    copy = edition_duplicate(
        edition=edition,
        label="next year",
        shift=DateShift(years=1),
        actor=organiser_of(edition.programme.institution),
    ).edition
    scheduled = {task.args_kwargs["args"][0] for task in queued(session_reminders_task)}
    assert scheduled == set(copy.sessions.values_list("pk", flat=True))
    assert len(scheduled) == 4


def test_it_moves_the_catalogue_revision_with_every_change_of_a_day():
    edition = make_edition(first_session=timezone.now() + timedelta(days=60))
    before = catalogue_revision()
    starts = timezone.now() + timedelta(days=90)
    session_create(
        edition=edition,
        data=SessionInput(starts_at=starts, ends_at=starts + timedelta(hours=3)),
        actor=organiser_of(edition.programme.institution),
    )
    assert catalogue_revision() == before + 1
