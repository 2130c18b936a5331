"""A message to applicants whose worker dies half-way: the job stays "running" without a
heartbeat, the next worker takes it up again once it is stale, and everyone gets the message
exactly once. The worker's death is simulated in-process: a BaseException that no handler of
ours catches (as none runs under SIGKILL), raised while the fourth e-mail is being sent."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from lifelong.enrolment import staff_messages
from lifelong.enrolment.staff_messages import staff_message_send
from lifelong.jobs.models import Job
from tests.enrolment.helpers import apply, make_open_edition, make_organiser, run_tasks

pytestmark = pytest.mark.django_db


class WorkerDied(BaseException):
    """Stands for SIGKILL: not an Exception, so no `except Exception` of ours sees it."""


def test_it_resumes_a_message_whose_worker_died_and_writes_to_each_person_once():
    edition = make_open_edition(selection_mode="reviewed")
    people = [apply(edition) for _ in range(5)]
    run_tasks()
    mail.outbox.clear()
    message = staff_message_send(
        edition=edition,
        application_ids=[person.pk for person in people],
        subject="Room change",
        body="We meet in room 3.",
        actor=make_organiser(edition),
    )
    real_email = staff_messages._email
    made = []

    def dies_at_the_fourth(*args):
        made.append(args)
        if len(made) == 4:
            raise WorkerDied
        return real_email(*args)

    with mock.patch.object(staff_messages, "_email", dies_at_the_fourth):
        run_tasks()
    job = Job.objects.get(pk=message.job_id)
    assert (job.state, job.done, job.total, job.attempts) == ("running", 3, 5, 1)
    assert len(mail.outbox) == 3

    run_tasks()  # a worker starting at once finds the job alive: it is left alone
    job.refresh_from_db()
    assert (job.state, job.attempts, len(mail.outbox)) == ("running", 1, 3)

    later = timezone.now() + timedelta(seconds=settings.JOB_STALE_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        run_tasks()  # takes the stale job up again when it starts, then runs it
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.attempts) == ("done", 5, 5, 2)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(person.email for person in people)
    assert not message.recipients.filter(sent_at=None).exists()
