"""Alive or stale: while an edition's certificate run waits for a worker or reports progress,
a second run is refused; once its worker has stopped reporting for JOB_STALE_SECONDS, the
run is taken up again, once, however many workers notice it, and a worker taken for dead
that comes back stops at its next report."""

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lifelong.certificates import services
from lifelong.certificates.errors import CertificateError
from lifelong.certificates.models import Certificate
from lifelong.jobs.models import Job
from lifelong.jobs.services import (
    MAX_ATTEMPTS,
    JobLost,
    job_claim,
    job_is_alive,
    job_progress,
    job_requeue,
    jobs_requeue_stale,
)
from tests.certificates.helpers import attended, make_certificate_edition, participant
from tests.enrolment.helpers import run_tasks

pytestmark = pytest.mark.django_db

KIND = services.ISSUE_JOB


@pytest.fixture
def edition():
    edition = make_certificate_edition(capacity=50)
    for number in range(3):
        attended(participant(edition, f"Person {number}"), ["present"] * 5)
    return edition


def stale_later():
    """A moment at which every report made now is stale."""
    return time_machine.travel(
        timezone.now() + timedelta(seconds=settings.JOB_STALE_SECONDS + 1), tick=False
    )


def task_of(job: Job) -> "DBTaskResult[Any, Any]":
    assert job.task_result_id is not None
    return DBTaskResult.objects.get(pk=job.task_result_id)


def taken_by_a_worker(job: Job) -> Job:
    """The job's task taken from the queue, and the job claimed, as a worker does."""
    task_of(job).claim("a worker")
    running = job_claim(job_id=job.pk, kind=job.kind)
    assert running is not None
    return running


def test_it_refuses_a_second_run_while_the_first_waits_for_a_worker(edition):
    first = services.issue_run_start(edition=edition, actor=None)
    with stale_later():  # however long the queue is: its task still waits
        assert job_is_alive(job=first)
        with pytest.raises(CertificateError) as refused:
            services.issue_run_start(edition=edition, actor=None)
    assert refused.value.code == "run_in_progress"


def test_it_refuses_a_second_run_while_the_first_reports_progress(edition):
    first = taken_by_a_worker(services.issue_run_start(edition=edition, actor=None))
    with stale_later():
        job_progress(job=first, done=1)  # a report: the heartbeat
        with pytest.raises(CertificateError):
            services.issue_run_start(edition=edition, actor=None)
    assert Job.objects.count() == 1


def test_it_takes_over_a_run_whose_worker_died_instead_of_refusing(edition):
    first = taken_by_a_worker(services.issue_run_start(edition=edition, actor=None))
    dead_task = task_of(first)
    with stale_later():
        assert not job_is_alive(job=first)
        again = services.issue_run_start(edition=edition, actor=None)
        assert (again.pk, again.state, again.attempts) == (first.pk, "queued", 1)
        assert again.task_result_id != dead_task.pk
        dead_task.refresh_from_db()
        assert dead_task.status == TaskResultStatus.FAILED
        run_tasks()
    again.refresh_from_db()
    assert (again.state, again.done, again.attempts, again.result) == ("done", 3, 2, {"issued": 3})
    per_person = Counter(Certificate.objects.values_list("application_id", flat=True))
    assert sorted(per_person.values()) == [1, 1, 1]
    assert Job.objects.count() == 1


def test_it_takes_over_a_run_whose_worker_died_before_it_claimed_it(edition):
    job = services.issue_run_start(edition=edition, actor=None)
    task_of(job).claim("a worker that dies at once")
    assert jobs_requeue_stale() == []  # just taken: alive
    with stale_later():
        assert jobs_requeue_stale() == [job.pk]
        run_tasks()
    job.refresh_from_db()
    assert (job.state, job.done, job.attempts) == ("done", 3, 1)


def test_it_takes_a_stale_job_up_only_once_however_many_workers_try(edition):
    job = taken_by_a_worker(services.issue_run_start(edition=edition, actor=None))
    with stale_later():
        now = timezone.now()
        taken = [job_requeue(job_id=job.pk, now=now) for _worker in range(3)]
        assert jobs_requeue_stale(now=now) == []
    assert taken == [True, False, False]
    waiting = DBTaskResult.objects.filter(task_path=job.task, status=TaskResultStatus.READY)
    assert waiting.count() == 1


def test_it_stops_a_worker_taken_for_dead_at_its_next_report(edition):
    slow = taken_by_a_worker(services.issue_run_start(edition=edition, actor=None))
    with stale_later():
        assert jobs_requeue_stale() == [slow.pk]
        successor = job_claim(job_id=slow.pk, kind=KIND)
        assert successor is not None
        assert successor.attempts == 2
        with pytest.raises(JobLost):
            job_progress(job=slow, done=1)
        job_progress(job=successor, done=2)
    successor.refresh_from_db()
    assert (successor.state, successor.done) == ("running", 2)


def test_it_gives_a_job_up_after_its_worker_died_again_and_again(edition):
    job = services.issue_run_start(edition=edition, actor=None)
    for _death in range(MAX_ATTEMPTS):
        job = taken_by_a_worker(job)
        with stale_later():
            assert job_requeue(job_id=job.pk)
        job.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", MAX_ATTEMPTS)
    assert "stopped 5 times" in job.error
    services.issue_run_start(edition=edition, actor=None)  # no obstacle to a new run
    assert Job.objects.count() == 2
