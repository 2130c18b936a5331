"""Retrying a task that failed, and giving it up.

The worker (`manage.py db_worker`, lifelong/jobs/management/commands/db_worker.py) calls
`task_failure_record` when a task raises, in the same transaction that marks the task's row
failed: it enqueues the same task with the same arguments to run after `retry_delay`, and
notes the failure in a `TaskFailure`, or, after TASK_RETRY_ATTEMPTS failed runs (or when the
task cannot run at all), marks it given up. A worker that dies half-way leaves all of it or
none of it. When a retry succeeds, `task_failure_resolve` closes the record.

Every task is safe to run twice (docs/architecture.md, "Background work"), which is what
makes running it again the right default. Not retried:

- a job's task (jobs/services.py): `job_run` has already marked the job failed with its
  error, which its page shows; a second run would find the job failed and do nothing. A job
  whose *worker* died is taken up by the jobs' own watchdog instead;
- a task whose function is gone (renamed, removed): no number of runs will find it.

Site administrators see the records in the back office (office/task_failure_views.py), where
they may try a given-up task once more (`task_failure_retry_now`) or dismiss it.
"""

import logging
import random
from datetime import datetime, timedelta
from traceback import format_exception
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from lifelong.jobs.models import Job, TaskFailure, TaskFailureState
from lifelong.jobs.services import task_result_fail_running

logger = logging.getLogger(__name__)

# The longest pause between two runs, however many attempts are allowed.
MAX_DELAY = timedelta(hours=6)


class TaskFailureError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def retry_delay(attempt: int) -> timedelta:
    """The pause after the `attempt`-th failed run: TASK_RETRY_BASE_SECONDS × 4^(attempt-1),
    give or take a fifth so that tasks that failed together do not all come back together."""
    seconds = settings.TASK_RETRY_BASE_SECONDS * 4 ** (attempt - 1)
    jitter = random.uniform(0.8, 1.2)  # noqa: S311 (spreading load, not a secret)
    return min(timedelta(seconds=seconds * jitter), MAX_DELAY)


def _task_of(task_path: str) -> Task[Any, Any] | None:
    """The task to run again; None if its function is gone or is not a task."""
    try:
        found = import_string(task_path)
    except ImportError:
        return None
    return found if isinstance(found, Task) else None


def _enqueue_again(failure: TaskFailure, task: Task[Any, Any], run_after: datetime) -> UUID:
    result = task.using(
        run_after=run_after, queue_name=failure.queue_name, priority=failure.priority
    ).enqueue(*failure.args, **failure.kwargs)
    return UUID(str(result.id))


def _runs_a_job(result: DBTaskResult[Any, Any]) -> bool:
    return Job.objects.filter(task_result_id=result.pk).exists()


def task_failure_record(
    *, result: DBTaskResult[Any, Any], error: BaseException, now: datetime | None = None
) -> TaskFailure | None:
    """Note that the task of `result` raised `error`, and enqueue it again or give it up.
    Call it inside the transaction that marks `result` failed. None for a job's task."""
    if _runs_a_job(result):
        return None
    now = now or timezone.now()
    with transaction.atomic():
        failure = TaskFailure.objects.select_for_update().filter(current_task_id=result.pk).first()
        if failure is None:
            failure = TaskFailure(
                task_path=result.task_path,
                args_kwargs=result.args_kwargs,
                queue_name=result.queue_name,
                priority=result.priority,
                attempts=0,
                current_task_id=result.pk,
                first_failed_at=now,
            )
        failure.attempts += 1
        failure.last_failed_at = now
        failure.error_class = f"{type(error).__module__}.{type(error).__qualname__}"[:200]
        failure.error_message = str(error)[:2000]
        failure.traceback = "".join(format_exception(error))[-20000:]
        task = _task_of(result.task_path)
        if task is None or failure.attempts >= settings.TASK_RETRY_ATTEMPTS:
            failure.state, failure.next_try_at = TaskFailureState.GIVEN_UP, None
            failure.current_task_id = result.pk
        else:
            failure.state = TaskFailureState.RETRYING
            failure.next_try_at = now + retry_delay(failure.attempts)
            failure.current_task_id = _enqueue_again(failure, task, failure.next_try_at)
        failure.save()
    log = logger.error if failure.state == TaskFailureState.GIVEN_UP else logger.warning
    log(
        "task %s failed (%s run(s)): %s: %s; %s",
        failure.task_path,
        failure.attempts,
        failure.error_class,
        failure.error_message,
        "given up" if failure.state == TaskFailureState.GIVEN_UP else "will try again",
    )
    return failure


def task_failure_resolve(*, task_id: UUID | str, now: datetime | None = None) -> bool:
    """The retry with this task id succeeded: its record is closed. False if it had none."""
    return bool(
        TaskFailure.objects.filter(current_task_id=task_id, state=TaskFailureState.RETRYING).update(
            state=TaskFailureState.RESOLVED, next_try_at=None, closed_at=now or timezone.now()
        )
    )


def task_failure_retry_now(*, failure_id: int, now: datetime | None = None) -> TaskFailure:
    """Run the task again as soon as a worker is free. A given-up task is enqueued once more
    (one more attempt; if it fails it is given up again); a waiting retry is brought
    forward. Safe to ask twice: the second request finds a retry already waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        failure = TaskFailure.objects.select_for_update().get(pk=failure_id)
        current = DBTaskResult.objects.filter(pk=failure.current_task_id)
        if failure.state == TaskFailureState.RETRYING and (
            current.filter(status=TaskResultStatus.READY).update(run_after=now)
            or current.filter(status=TaskResultStatus.RUNNING).exists()
        ):
            pass  # brought forward, or running right now
        elif failure.state in (TaskFailureState.RETRYING, TaskFailureState.GIVEN_UP):
            # Given up, or a retry whose run is gone (deleted, or lost with its worker):
            # one more run.
            task = _task_of(failure.task_path)
            if task is None:
                raise TaskFailureError("task_gone")
            failure.current_task_id = _enqueue_again(failure, task, now)
            failure.state = TaskFailureState.RETRYING
        else:
            raise TaskFailureError("closed")
        failure.next_try_at = now
        failure.save(update_fields=["current_task_id", "state", "next_try_at"])
    return failure


def task_failure_dismiss(*, failure_id: int, now: datetime | None = None) -> TaskFailure:
    """A site administrator has seen a given-up task and dealt with it otherwise. Safe to ask
    twice; a task that is being tried again is not dismissed (its outcome is still open)."""
    with transaction.atomic():
        failure = TaskFailure.objects.select_for_update().get(pk=failure_id)
        open_run = DBTaskResult.objects.filter(
            pk=failure.current_task_id,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        )
        if failure.state == TaskFailureState.RETRYING and open_run.exists():
            raise TaskFailureError("retrying")
        if failure.state in (TaskFailureState.GIVEN_UP, TaskFailureState.RETRYING):
            failure.state, failure.closed_at = TaskFailureState.DISMISSED, now or timezone.now()
            failure.next_try_at = None
            failure.save(update_fields=["state", "closed_at", "next_try_at"])
    return failure


class WorkerStopped(Exception):
    """The worker running the task stopped (killed, or cut off from the database) before it
    could record how the task ended."""


def tasks_recover_stuck(*, now: datetime | None = None, limit: int = 100) -> int:
    """Tasks that a worker took and never finished: after TASK_STUCK_SECONDS they are marked
    failed and retried (or given up) like any failure, so a killed worker loses no e-mail.
    A job's task is left to the jobs' own watchdog (jobs/services.py). Of several workers
    sweeping at once, one takes each task (the UPDATE's condition is its state). Also closes
    the records of retries that succeeded while their closing was lost. The number of tasks
    taken up."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.TASK_STUCK_SECONDS)
    runs_a_job = Job.objects.filter(task_result_id=OuterRef("pk"))
    stuck = list(
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
        .exclude(Exists(runs_a_job))
        .order_by("started_at")[:limit]
    )
    taken = 0
    for result in stuck:
        started = f"{result.started_at:%Y-%m-%d %H:%M} UTC" if result.started_at else "?"
        error = WorkerStopped(f"The worker stopped while running this task (started {started}).")
        with transaction.atomic():
            if not task_result_fail_running(task_id=result.pk, error=error, now=now):
                continue  # another worker took it, or it ended meanwhile
            task_failure_record(result=result, error=error, now=now)
            taken += 1
    # One index lookup per open record, not a scan of every successful task.
    succeeded = DBTaskResult.objects.filter(
        pk=OuterRef("current_task_id"), status=TaskResultStatus.SUCCESSFUL
    )
    TaskFailure.objects.filter(state=TaskFailureState.RETRYING).filter(Exists(succeeded)).update(
        state=TaskFailureState.RESOLVED, next_try_at=None, closed_at=now
    )
    return taken
