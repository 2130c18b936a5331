"""A task that raises is run again after a growing pause, then given up and kept for the
site administrators (lifelong/jobs/retries.py, hooked into our `db_worker`). The real worker
runs in the test's process here (tests/enrolment/helpers.py `run_tasks`); the same on
separate worker processes is tests/jobs/test_retries_on_real_workers.py."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lifelong.jobs.models import Job, TaskFailure
from lifelong.jobs.retries import retry_delay, task_failure_record
from tests.enrolment.helpers import run_tasks
from tests.jobs import queue_tasks
from tests.jobs.queue_tasks import always_fail, fail_then_succeed, runs_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _runs_table(settings):
    settings.TASK_RETRY_ATTEMPTS = 3
    settings.TASK_RETRY_BASE_SECONDS = 0  # every retry due at once: one batch runs them all
    queue_tasks.runs_table_create()


def test_it_waits_longer_before_each_retry(settings):
    settings.TASK_RETRY_BASE_SECONDS = 30
    for attempt, seconds in [(1, 30), (2, 120), (3, 480), (4, 1920)]:
        delay = retry_delay(attempt).total_seconds()
        assert 0.8 * seconds <= delay <= 1.2 * seconds
    assert retry_delay(20) == timedelta(hours=6)  # however many attempts are allowed


def test_it_enqueues_the_same_task_again_after_the_pause(settings):
    settings.TASK_RETRY_BASE_SECONDS = 30
    first = fail_then_succeed.enqueue("later", 5)
    run_tasks()
    failure = TaskFailure.objects.get()
    assert (failure.state, failure.attempts) == (TaskFailure.State.RETRYING, 1)
    retry = DBTaskResult.objects.get(pk=failure.current_task_id)
    assert retry.pk != first.id
    assert (retry.status, retry.task_path) == (TaskResultStatus.READY, first.task.module_path)
    assert retry.args_kwargs == {"args": ["later", 5], "kwargs": {}}
    assert failure.next_try_at is not None
    assert retry.run_after == failure.next_try_at
    wait = (failure.next_try_at - failure.last_failed_at).total_seconds()
    assert 24 <= wait <= 36
    assert failure.error_class == "tests.jobs.queue_tasks.Flaky"
    assert failure.error_message == "run 1 of later fails on purpose"
    assert "Traceback" in failure.traceback
    assert DBTaskResult.objects.get(pk=first.id).status == TaskResultStatus.FAILED


def test_it_resolves_the_failure_when_a_retry_succeeds():
    fail_then_succeed.enqueue("twice", 2)
    run_tasks()
    assert runs_of("twice") == 3
    failure = TaskFailure.objects.get()
    assert (failure.state, failure.attempts) == (TaskFailure.State.RESOLVED, 2)
    assert failure.closed_at is not None
    assert DBTaskResult.objects.get(pk=failure.current_task_id).status == "SUCCESSFUL"


def test_it_gives_up_after_the_last_attempt():
    always_fail.enqueue("never")
    run_tasks()
    assert runs_of("never") == 3
    failure = TaskFailure.objects.get()
    assert (failure.state, failure.attempts) == (TaskFailure.State.GIVEN_UP, 3)
    assert failure.next_try_at is None
    assert failure.error_message == "never always fails"
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert not waiting.filter(task_path=always_fail.module_path).exists()


def test_it_gives_up_at_once_on_a_task_whose_function_is_gone():
    result = always_fail.enqueue("renamed")
    DBTaskResult.objects.filter(pk=result.id).update(task_path="tests.jobs.queue_tasks.gone")
    run_tasks()
    failure = TaskFailure.objects.get()
    assert (failure.state, failure.attempts) == (TaskFailure.State.GIVEN_UP, 1)
    assert failure.error_class == "builtins.ImportError"


def test_it_leaves_a_jobs_task_to_the_job(settings):
    result = always_fail.enqueue("a job")
    Job.objects.create(
        kind="test.job",
        task=result.task.module_path,
        task_result_id=result.id,
        created_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    run_tasks()
    assert runs_of("a job") == 1
    assert not TaskFailure.objects.exists()


def test_it_records_nothing_when_the_retry_cannot_be_enqueued():
    """The failure, the record and the retry are one transaction: if the retry cannot be
    written, neither is the record (the task is failed, as without retries)."""
    always_fail.enqueue("no retry")
    with mock.patch(
        "lifelong.jobs.retries._enqueue_again", side_effect=RuntimeError("queue is full")
    ):
        run_tasks()
    assert not TaskFailure.objects.exists()
    run = DBTaskResult.objects.get(task_path=always_fail.module_path)
    assert run.status == TaskResultStatus.FAILED


def test_it_counts_a_second_failure_of_the_same_run_once():
    """`task_failure_record` looks the record up by the run's task id: a failure of the
    retry adds an attempt to the same record rather than starting another."""
    always_fail.enqueue("counted")
    run_tasks()
    failure = TaskFailure.objects.get()
    assert failure.attempts == 3
    again = task_failure_record(
        result=DBTaskResult.objects.get(pk=failure.current_task_id), error=ValueError("x")
    )
    assert again is not None and again.pk == failure.pk and again.attempts == 4
