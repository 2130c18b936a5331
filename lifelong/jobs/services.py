"""Starting, running and resuming jobs.

A job is started in the caller's transaction together with its task (`job_start`). The
worker's task claims it (`job_claim`, one claim per waiting job however many tasks try),
does the domain's work and reports progress with `job_progress`, which is also the job's
heartbeat; `job_run` puts these together. A worker that dies stops the heartbeat: after
`JOB_STALE_SECONDS` any worker takes the job up again (`jobs_requeue_stale`, which our
`db_worker` runs when it starts and then periodically), and the domain's work, being safe
to run twice, does each item once. The worker taken for dead, should it still be alive,
finds at its next report that the job is no longer its own (`JobLost`) and stops.

The heartbeat is the progress of the work, not a sign that the process lives: one item of a
job must take less than `JOB_STALE_SECONDS`.
"""

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from lifelong.jobs.models import Job, JobState

logger = logging.getLogger(__name__)

# A job whose worker died this many times is not taken up again: something in it stops
# workers, and running it once more would stop the next one too.
MAX_ATTEMPTS = 5


class JobLost(Exception):
    """Another worker has taken the job over: this one was taken for dead."""


def job_start(
    *,
    kind: str,
    task: Task[[int], Any],
    edition_id: int | None = None,
    started_by_id: int | None = None,
    total: int = 0,
) -> Job:
    """A new job and its task, written together (in the caller's transaction, if any);
    `total` is how many items it has, if known before it runs."""
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            task=task.module_path,
            edition_id=edition_id,
            started_by_id=started_by_id,
            total=total,
            created_at=now,
            heartbeat_at=now,
        )
        job.task_result_id = task.enqueue(job.pk).id
        job.save(update_fields=["task_result_id"])
    return job


def _stale(now: datetime) -> Q:
    """Jobs whose worker is taken to have died: running without a report for
    JOB_STALE_SECONDS, or queued that long while their task no longer waits for a worker
    (the worker took the task and died before it claimed the job)."""
    cutoff = now - timedelta(seconds=settings.JOB_STALE_SECONDS)
    waiting = DBTaskResult.objects.filter(
        pk=OuterRef("task_result_id"), status=TaskResultStatus.READY
    )
    running = Q(state=JobState.RUNNING)
    queued_without_task = Q(~Exists(waiting), state=JobState.QUEUED)
    return Q(heartbeat_at__lt=cutoff) & (running | queued_without_task)


def job_is_alive(*, job: Job, now: datetime | None = None) -> bool:
    """Waiting for a worker or running in one that still reports."""
    if job.finished:
        return False
    stale = Job.objects.filter(pk=job.pk).filter(_stale(now or timezone.now()))
    return not stale.exists()


def job_requeue(*, job_id: int, now: datetime | None = None) -> bool:
    """Take up a job whose worker died: queue its task again. The UPDATE's condition is the
    staleness itself, so of several workers trying at once only the first succeeds (it
    makes the heartbeat fresh); the others update nothing. False if the job was not stale."""
    now = now or timezone.now()
    with transaction.atomic():
        if not Job.objects.filter(pk=job_id).filter(_stale(now)).update(heartbeat_at=now):
            return False
        job = Job.objects.get(pk=job_id)
        _record_dead_task(job, now)
        if job.attempts >= MAX_ATTEMPTS:
            _give_up(job, now, f"Its worker stopped {job.attempts} times while running it.")
            return True
        try:
            task: Task[[int], Any] = import_string(job.task)
        except ImportError:
            _give_up(job, now, f"Its task {job.task} is no longer there.")
            return True
        job.state = JobState.QUEUED
        job.task_result_id = task.enqueue(job.pk).id
        job.save(update_fields=["state", "task_result_id"])
    logger.warning("job %s (%s) taken up again after its worker stopped", job.pk, job.kind)
    return True


def _give_up(job: Job, now: datetime, error: str) -> None:
    job.state, job.finished_at, job.error = JobState.FAILED, now, error
    job.save(update_fields=["state", "finished_at", "error"])
    logger.error("job %s (%s) given up: %s", job.pk, job.kind, error)


def _record_dead_task(job: Job, now: datetime) -> None:
    """The dead worker's task stays "running" in the task table for ever: mark it failed."""
    if job.task_result_id is None:
        return
    task_result_fail_running(
        task_id=job.task_result_id,
        error=JobLost(f"The worker stopped while running job {job.pk}; the job was queued again."),
        now=now,
    )


def task_result_fail_running(*, task_id: Any, error: BaseException, now: datetime) -> bool:
    """Mark a task that a dead worker left "running" as failed with `error`. The UPDATE's
    condition is the state, so of several callers at once one succeeds: False for the
    others, and for a task that ended meanwhile."""
    return bool(
        DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{type(error).__module__}.{type(error).__qualname__}",
            traceback=str(error),
        )
    )


def jobs_requeue_stale(*, now: datetime | None = None) -> list[int]:
    """Take up every job whose worker died; the ids of those taken up."""
    now = now or timezone.now()
    stale = list(Job.objects.filter(_stale(now)).values_list("pk", flat=True))
    return [pk for pk in stale if job_requeue(job_id=pk, now=now)]


def job_claim(*, job_id: int, kind: str) -> Job | None:
    """The job, now running in this worker; None if it is not waiting (done, failed, gone,
    or claimed by another worker's task) or not of this kind."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, kind=kind, state=JobState.QUEUED).update(
        state=JobState.RUNNING,
        attempts=F("attempts") + 1,
        started_at=Coalesce(F("started_at"), Value(now, output_field=DateTimeField())),
        heartbeat_at=now,
    )
    return Job.objects.get(pk=job_id) if claimed else None


def job_progress(
    *, job: Job, done: int, total: int | None = None, add: Mapping[str, int] | None = None
) -> None:
    """Report how far the job is; this is also its heartbeat. Call it inside the transaction
    that did the work, so that the figures commit with it. `add` adds to the kind's
    counters. Raises JobLost if another worker has taken the job over."""
    result = dict(job.result)
    for name, count in (add or {}).items():
        result[name] = result.get(name, 0) + count
    changes: dict[str, Any] = {"done": done, "result": result, "heartbeat_at": timezone.now()}
    if total is not None:
        changes["total"] = total
    if not _mine(job).update(**changes):
        raise JobLost(job.pk)
    for name, value in changes.items():
        setattr(job, name, value)


def _mine(job: Job) -> QuerySet[Job]:
    """The job, while this worker's claim on it holds."""
    return Job.objects.filter(pk=job.pk, state=JobState.RUNNING, attempts=job.attempts)


def job_finish(*, job: Job) -> None:
    now = timezone.now()
    if not _mine(job).update(state=JobState.DONE, finished_at=now, heartbeat_at=now):
        raise JobLost(job.pk)


def job_fail(*, job: Job, error: str) -> None:
    """Stopped by an error: not taken up again (unlike a job whose worker died)."""
    now = timezone.now()
    _mine(job).update(state=JobState.FAILED, error=error[:500], finished_at=now, heartbeat_at=now)


def job_run(*, job_id: int, kind: str, work: Callable[[Job], None]) -> Job | None:
    """Claim the job, do its `work` (which reports with `job_progress`) and finish it. Safe
    to run twice: a job that is not waiting is left as it is. An error fails the job and is
    raised again, so the task's record shows it too."""
    job = job_claim(job_id=job_id, kind=kind)
    if job is None:
        return Job.objects.filter(pk=job_id).first()
    try:
        work(job)
        job_finish(job=job)
    except JobLost:
        logger.warning("job %s was taken over by another worker; this one stops", job.pk)
    except Exception as error:
        job_fail(job=job, error=str(error) or type(error).__name__)
        raise
    return Job.objects.filter(pk=job_id).first()
