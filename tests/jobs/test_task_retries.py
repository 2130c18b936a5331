"""A task that raises is run again after a growing pause, then given up and kept for the
site administrators (lifelong/jobs/retries.py, hooked into our `db_worker`). The real worker
runs in the test's process here (tests/enrolment/helpers.py `run_tasks`); the same on
separate worker processes is tests/jobs/test_retries_on_real_workers.py."""

from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lifelong.jobs.models import Job, TaskFailure
from lifelong.jobs.retries import (
    TaskFailureError,
    retry_delay,
    task_failure_dismiss,
    task_failure_record,
    task_failure_retry_now,
    tasks_recover_stuck,
)
from tests.enrolment.helpers import run_tasks
from tests.jobs import queue_tasks
from tests.jobs.queue_tasks import always_fail, fail_then_succeed, record_run, runs_of

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
    assert (retry.args_kwargs["args"], retry.args_kwargs["kwargs"]) == (["later", 5], {})
    # Queued by the failed run, the retry's log lines name that run (no request queued it).
    assert retry.args_kwargs["request_id"] == str(first.id)
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


def _stuck_run(key: str, *, minutes_ago: int) -> DBTaskResult[Any, Any]:
    """A run a worker took `minutes_ago` and never finished (the worker was killed)."""
    result = record_run.enqueue(key)
    started = timezone.now() - timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=started, worker_ids=["killed"]
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_a_task_whose_worker_was_killed_is_failed_and_run_again(settings):
    settings.TASK_STUCK_SECONDS = 1800
    stuck = _stuck_run("lost e-mail", minutes_ago=31)
    young = _stuck_run("still running", minutes_ago=5)
    assert tasks_recover_stuck() == 1
    assert tasks_recover_stuck() == 0  # taken once
    assert DBTaskResult.objects.get(pk=stuck.pk).status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.get(pk=young.pk).status == TaskResultStatus.RUNNING
    failure = TaskFailure.objects.get()
    assert failure.error_class == "lifelong.jobs.retries.WorkerStopped"
    run_tasks()
    assert runs_of("lost e-mail") == 1
    assert TaskFailure.objects.get().state == TaskFailure.State.RESOLVED


def test_a_stuck_jobs_task_is_left_to_the_jobs_watchdog(settings):
    settings.TASK_STUCK_SECONDS = 60
    stuck = _stuck_run("a job's", minutes_ago=10)
    Job.objects.create(
        kind="test.job",
        task=stuck.task_path,
        task_result_id=stuck.pk,
        created_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    assert tasks_recover_stuck() == 0
    assert DBTaskResult.objects.get(pk=stuck.pk).status == TaskResultStatus.RUNNING


def test_a_record_whose_retry_succeeded_unrecorded_is_closed_by_the_sweep():
    fail_then_succeed.enqueue("closing lost", 1)
    with mock.patch("lifelong.jobs.management.commands.db_worker.task_failure_resolve"):
        run_tasks()
    assert TaskFailure.objects.get().state == TaskFailure.State.RETRYING
    tasks_recover_stuck()
    assert TaskFailure.objects.get().state == TaskFailure.State.RESOLVED


def test_try_again_and_dismiss_work_on_a_retry_whose_run_was_lost(settings):
    settings.TASK_RETRY_BASE_SECONDS = 3600
    fail_then_succeed.enqueue("lost retry", 1)
    run_tasks()
    failure = TaskFailure.objects.get()
    DBTaskResult.objects.filter(pk=failure.current_task_id).delete()  # gone with its worker
    again = task_failure_retry_now(failure_id=failure.pk)
    assert again.current_task_id != failure.current_task_id
    assert DBTaskResult.objects.get(pk=again.current_task_id).status == TaskResultStatus.READY
    with pytest.raises(TaskFailureError):  # that run waits: its outcome is open
        task_failure_dismiss(failure_id=failure.pk)
    DBTaskResult.objects.filter(pk=again.current_task_id).delete()
    assert task_failure_dismiss(failure_id=failure.pk).state == TaskFailure.State.DISMISSED
