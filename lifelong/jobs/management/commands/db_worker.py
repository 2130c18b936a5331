"""`manage.py db_worker`: django-tasks-db's worker, which also takes up the jobs of workers
that died (lifelong/jobs/services.py): once when it starts, then from a watchdog thread every
third of JOB_STALE_SECONDS. When it starts it also queues the daily tasks that are not
waiting already (lifelong/jobs/daily.py). This app comes before django_tasks_db in
INSTALLED_APPS, so this command is the one `manage.py db_worker` runs; its options are the
original's. Each task's log lines carry the request id it was queued with.

A task that raises is run again after a pause, or given up and shown to site administrators
(lifelong/jobs/retries.py): `Worker.run_task`."""

import logging
import os
import threading
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks import TaskResultStatus
from django_tasks_db.compat import TASKS_LOGGER
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import retry

from lifelong.jobs.backend import task_log_context
from lifelong.jobs.daily import daily_ensure_all
from lifelong.jobs.retries import task_failure_record, task_failure_resolve, tasks_recover_stuck
from lifelong.jobs.services import jobs_requeue_stale

logger = logging.getLogger(__name__)


def ensure_daily_tasks() -> None:
    try:
        daily_ensure_all()
    except DatabaseError:
        # The next worker to start tries again; the daily tasks queue their own next runs.
        logger.exception("could not queue the daily tasks")


def requeue_stale_jobs() -> None:
    try:
        jobs_requeue_stale()
    except DatabaseError:
        # The database is away or busy (SQLite's lock): the next round tries again.
        logger.exception("could not look for jobs whose worker stopped")


def recover_stuck_tasks() -> None:
    try:
        tasks_recover_stuck()
    except DatabaseError:
        logger.exception("could not look for tasks whose worker stopped")


# How often the watchdog looks for stuck tasks: a scan of the running tasks, not the
# every-few-seconds check that jobs get (a task is stuck only after TASK_STUCK_SECONDS).
STUCK_TASKS_EVERY_SECONDS = 300.0


class Watchdog(threading.Thread):
    """Looks for jobs and tasks whose worker stopped, also while this worker runs a long
    task."""

    def __init__(self, every: float) -> None:
        super().__init__(name="jobs-watchdog", daemon=True)
        self.every = every
        self.stopping = threading.Event()

    def run(self) -> None:
        last_sweep = time.monotonic()
        while not self.stopping.wait(self.every):
            requeue_stale_jobs()
            if time.monotonic() - last_sweep >= STUCK_TASKS_EVERY_SECONDS:
                recover_stuck_tasks()
                last_sweep = time.monotonic()
            connections.close_all()  # this thread's connection: not held between rounds


class Worker(db_worker.Worker):
    """django-tasks-db's worker, whose failed tasks are retried or given up, and whose log
    lines of a task name the task and the request that queued it (`jobs/backend.py`)."""

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        with task_log_context(db_task_result):
            retry_on_failure(db_task_result)
            super().run_task(db_task_result)
            if db_task_result.status == TaskResultStatus.SUCCESSFUL:
                task_failure_resolve(task_id=db_task_result.pk)


def retry_on_failure(db_task_result: DBTaskResult[Any, Any]) -> None:
    """Where the library's `run_task` records a task's exception (`set_failed`), record the
    failure and enqueue the retry too, all in one transaction: a worker that dies half-way
    leaves the task running (as any task it dies in) or failed with its record and retry,
    never failed without them. Kept apart from `run_task` so that other wrappings of the
    run (a request id for the logs, …) stay independent of it."""
    mark_failed = db_task_result.set_failed

    @retry()  # as the library's own set_failed: SQLite may be busy for a moment
    def mark_failed_and_retry(error: BaseException) -> None:
        try:
            with transaction.atomic():
                mark_failed(error)
                task_failure_record(result=db_task_result, error=error)
        except DatabaseError:
            raise  # the database is away: the library's own handling (retry(), then stop)
        except Exception:
            # A fault in the retry itself must not stop the worker: the task is failed, as
            # it would be without retries, and the log says why it was not retried.
            logger.exception("could not retry task %s", db_task_result.pk)
            mark_failed(error)

    db_task_result.set_failed = mark_failed_and_retry


# django-tasks-db's Command.handle builds its worker by this module-level name.
db_worker.Worker = Worker  # type: ignore[misc]


class Command(db_worker.Command):
    help = "Run a database background worker that also resumes jobs of workers that died"

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        if settings.DEBUG and verbosity == 1:
            # `make run`'s terminal: one line per e-mail (lib/outbox.py), not two more for
            # the task that sent it. Failures still show; -v2 shows every task.
            logging.getLogger(TASKS_LOGGER).setLevel(logging.WARNING)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The reloader's parent only watches the files; its child runs the worker, the
            # watchdog included.
            super().handle(*args, **options)
            return
        requeue_stale_jobs()
        recover_stuck_tasks()
        ensure_daily_tasks()
        watchdog = None
        if not options["batch"]:
            watchdog = Watchdog(every=max(0.5, settings.JOB_STALE_SECONDS / 3))
            watchdog.start()
        try:
            super().handle(*args, **options)
        finally:
            if watchdog is not None:
                watchdog.stopping.set()
